/**
 * Profile, region, endpoints and credential source resolved together for one command or one call, so
 * they agree: the inner clients of role and SSO profiles get the same region and STS endpoint as the
 * call itself.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { Env, loadAwsProfiles } from './awsConfig';
import { CallLimits, requestHandlerOptions } from './callLimits';
import { CredentialSource, resolveCredentials } from './credentials';
import { AwsService, endpointFor, EndpointSettings, ResolvedEndpoint } from './endpoints';
import { ResolvedRegion, resolveRegion } from './region';

export interface AwsContextOptions {
  profile?: string;
  region?: string;
  endpoints?: EndpointSettings;
  env: Env;
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** Timeouts and cancellation of every call made in this context, the credential provider's own included. */
  limits?: CallLimits;
}

export interface AwsContext {
  /** The profile the credentials come from (explicit, AWS_PROFILE or "default"), if any. */
  profile?: string;
  region: ResolvedRegion;
  endpoints: Partial<Record<AwsService, ResolvedEndpoint>>;
  source: CredentialSource;
  limits?: CallLimits;
}

export function resolveAwsContext(options: AwsContextOptions): AwsContext {
  const profiles = loadAwsProfiles(options.env);
  const profile = options.profile?.trim() || undefined;
  const region = resolveRegion({ region: options.region, profile, env: options.env, profiles });
  const endpoints: Partial<Record<AwsService, ResolvedEndpoint>> = {};
  for (const service of ['sts', 'cloudtrail', 'iam'] as const) {
    const resolved = endpointFor(service, options.endpoints ?? {}, options.env, profile);
    if (resolved) endpoints[service] = resolved;
  }
  const source = resolveCredentials({
    profile,
    env: options.env,
    mfaCodeProvider: options.mfaCodeProvider,
    clientConfig: { region: region.region, endpoint: endpoints.sts?.url, requestHandler: requestHandlerOptions(options.limits) },
  });
  return { profile: source.profile, region, endpoints, source, limits: options.limits };
}

/** What one call to one service needs: whose credentials, and where to send it. */
export interface AwsConnection {
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  region: string;
  /** undefined: the SDK's endpoint for the region. */
  endpoint?: string;
  /** The profile the credentials come from, named in error sentences; undefined when none is. */
  profile?: string;
  limits?: CallLimits;
}

export function connectionFor(context: AwsContext, service: AwsService): AwsConnection {
  return {
    credentials: context.source.provider,
    region: context.region.region,
    endpoint: context.endpoints[service]?.url,
    profile: context.profile,
    limits: context.limits,
  };
}
