/**
 * Where the source credentials come from, in the order the AWS CLI and SDKs use, so the extension and
 * `iamlp` find what the user's other tools find: an explicit profile (a --profile flag or the
 * iamLeastPrivilege.aws.profile setting), then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * (+ AWS_SESSION_TOKEN), then AWS_PROFILE, then the "default" profile, then the rest of the SDK's node
 * chain (web identity, container, instance metadata). Profile files are re-read on every call, since
 * users edit them and rotate keys while VS Code runs. A missing profile, or an MFA profile with no way
 * to ask for the code, fails with an AwsFailure sentence instead of the SDK's.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { awsConfigPaths, Env, loadAwsProfiles } from './awsConfig';
import { AwsFailure } from './errors';
import { awsSdk } from './sdk';

export interface CredentialOptions {
  /** A profile chosen explicitly (flag or setting); wins over the environment. */
  profile?: string;
  env: Env;
  /** Asked for a code when a profile declares mfa_serial. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** Region and endpoint for the clients that profiles use internally (role and SSO profiles), so those work against LocalStack or a test endpoint too. */
  clientConfig?: { region?: string; endpoint?: string; requestHandler?: object };
}

export interface CredentialSource {
  provider: AwsCredentialIdentityProvider;
  kind: 'profile' | 'env' | 'default-chain';
  profile?: string;
  /** For messages: 'profile "dev"', 'environment variables', 'the default credential chain'. */
  description: string;
}

function profileProvider(profile: string, options: CredentialOptions): AwsCredentialIdentityProvider {
  const { configFile, credentialsFile } = awsConfigPaths(options.env);
  const mfaCodeProvider =
    options.mfaCodeProvider ??
    (async (serial: string) => {
      throw new AwsFailure(
        `Profile "${profile}" requires an MFA code for ${serial}: supply the current code and retry.`,
        'mfa-failed',
        'MfaCodeRequired',
      );
    });
  const clientConfig = Object.fromEntries(Object.entries(options.clientConfig ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  const inner = awsSdk().fromIni({
    profile,
    filepath: credentialsFile,
    configFilepath: configFile,
    ignoreCache: true,
    mfaCodeProvider,
    clientConfig,
  });
  return async (identityProperties?: Record<string, unknown>) => {
    if (!loadAwsProfiles(options.env).has(profile)) {
      throw new AwsFailure(
        `Profile "${profile}" is not defined in ${configFile} or ${credentialsFile}: check the profile name.`,
        'no-credentials',
        'ProfileNotFound',
      );
    }
    return inner(identityProperties);
  };
}

export function resolveCredentials(options: CredentialOptions): CredentialSource {
  const env = options.env;
  const explicit = options.profile?.trim();
  if (explicit) {
    return { provider: profileProvider(explicit, options), kind: 'profile', profile: explicit, description: `profile "${explicit}"` };
  }
  const keyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secret = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (keyId || secret) {
    const provider: AwsCredentialIdentityProvider = async () => {
      if (!keyId || !secret) {
        throw new AwsFailure(
          `Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set: set both, or unset both to use a profile.`,
          'no-credentials',
          'IncompleteEnvCredentials',
        );
      }
      const sessionToken = env.AWS_SESSION_TOKEN?.trim();
      const expiration = env.AWS_CREDENTIAL_EXPIRATION?.trim();
      const credentials: AwsCredentialIdentity = {
        accessKeyId: keyId,
        secretAccessKey: secret,
        ...(sessionToken ? { sessionToken } : {}),
        ...(expiration && !Number.isNaN(Date.parse(expiration)) ? { expiration: new Date(expiration) } : {}),
      };
      return credentials;
    };
    return { provider, kind: 'env', description: 'environment variables' };
  }
  const fromEnvProfile = env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim();
  if (fromEnvProfile) {
    return {
      provider: profileProvider(fromEnvProfile, options),
      kind: 'profile',
      profile: fromEnvProfile,
      description: `profile "${fromEnvProfile}" (AWS_PROFILE)`,
    };
  }
  if (loadAwsProfiles(env).has('default')) {
    return { provider: profileProvider('default', options), kind: 'profile', profile: 'default', description: 'profile "default"' };
  }
  const { configFile, credentialsFile } = awsConfigPaths(env);
  const chain = awsSdk().fromNodeProviderChain({
    filepath: credentialsFile,
    configFilepath: configFile,
    ignoreCache: true,
    mfaCodeProvider: options.mfaCodeProvider,
    clientConfig: options.clientConfig,
  });
  return { provider: () => chain(), kind: 'default-chain', description: 'the default credential chain' };
}
