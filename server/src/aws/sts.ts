/**
 * The STS calls of the identity baseline: who am I, assume the auditor role, who am I now. Every
 * failure is an AwsFailure whose message is a describeAwsError sentence with the secrets of that call
 * (keys, session tokens, the ExternalId, the MFA code) redacted, so callers show it as it is.
 */
import type { AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsConnection } from './awsContext';
import { applyCallLimits, CallLimits, requestHandlerOptions } from './callLimits';
import { CredentialSource } from './credentials';
import { AwsErrorContext, AwsFailure, toAwsFailure } from './errors';
import { AssumeRoleInput, validateAssumeRoleInput } from './roleInput';
import { awsSdk } from './sdk';

/** Also what the client's session store holds (client/src/session/activeSession.ts). */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface CallerIdentity {
  Account: string;
  Arn: string;
  UserId: string;
}

export interface AssumedRole {
  credentials: TemporaryCredentials;
  roleArn: string;
  /** arn:aws:sts::<account>:assumed-role/<role>/<session> */
  assumedRoleArn: string;
  assumedRoleId: string;
  sessionName: string;
  sourceIdentity?: string;
  packedPolicySize?: number;
}

export interface StsClientOptions {
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  region: string;
  endpoint?: string;
  /** Attempts including the first; throttling and network errors are retried (default 3). */
  maxAttempts?: number;
  /** Timeouts and cancellation (callLimits.ts); the defaults apply when absent. */
  limits?: CallLimits;
}

/** Unlike the CloudTrail and IAM clients, this one keeps the SDK's retries: STS calls are one-offs with no pacing of their own. */
export function createStsClient(options: StsClientOptions): STSClient {
  const client = new (awsSdk().STSClient)({
    region: options.region,
    credentials: options.credentials,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: requestHandlerOptions(options.limits),
  });
  return applyCallLimits(client, options.limits);
}

export async function getCallerIdentity(client: STSClient, context: Partial<AwsErrorContext> = {}): Promise<CallerIdentity> {
  try {
    const out = await client.send(new (awsSdk().GetCallerIdentityCommand)({}));
    if (!out.Account || !out.Arn || !out.UserId) {
      throw new AwsFailure('GetCallerIdentity returned an incomplete identity.', 'unknown', 'IncompleteResponse');
    }
    return { Account: out.Account, Arn: out.Arn, UserId: out.UserId };
  } catch (err) {
    throw toAwsFailure(err, { service: 'sts', ...context, operation: 'GetCallerIdentity' });
  }
}

/**
 * "Who am I?" for a front end that asks once and keeps no client: GetCallerIdentity on a client of
 * its own, closed afterwards. `iamlp whoami` and "IAM: Show Caller Identity" both ask through here
 * and each prints the answer its own way.
 */
export async function whoami(connection: AwsConnection): Promise<CallerIdentity> {
  const { credentials, region, endpoint, profile, limits } = connection;
  const client = createStsClient({ credentials, region, endpoint, limits });
  try {
    return await getCallerIdentity(client, { profile, region, endpoint });
  } finally {
    client.destroy();
  }
}

/**
 * AssumeRole with every parameter the baseline uses. The input is checked first, so a mistake gets a
 * sentence naming the field instead of AWS's ValidationError; only the parameters given are sent.
 */
export async function assumeRole(client: STSClient, input: AssumeRoleInput, context: Partial<AwsErrorContext> = {}): Promise<AssumedRole> {
  const problem = validateAssumeRoleInput(input);
  if (problem) throw new AwsFailure(problem, 'validation', 'InvalidInput');
  const request: AssumeRoleCommandInput = {
    RoleArn: input.roleArn,
    RoleSessionName: input.sessionName,
    ...(input.externalId !== undefined ? { ExternalId: input.externalId } : {}),
    ...(input.durationSeconds !== undefined ? { DurationSeconds: input.durationSeconds } : {}),
    ...(input.mfaSerial !== undefined ? { SerialNumber: input.mfaSerial, TokenCode: input.mfaCode } : {}),
    ...(input.sourceIdentity !== undefined ? { SourceIdentity: input.sourceIdentity } : {}),
    ...(input.tags && Object.keys(input.tags).length > 0
      ? { Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })) }
      : {}),
  };
  const errorContext: AwsErrorContext = {
    service: 'sts',
    ...context,
    operation: 'AssumeRole',
    roleArn: input.roleArn,
    externalIdSent: input.externalId !== undefined,
    mfaSent: input.mfaSerial !== undefined,
    secrets: [...(context.secrets ?? []), input.externalId ?? '', input.mfaCode ?? ''],
  };
  let out;
  try {
    out = await client.send(new (awsSdk().AssumeRoleCommand)(request));
  } catch (err) {
    throw toAwsFailure(err, errorContext);
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration || !out.AssumedRoleUser?.Arn) {
    throw new AwsFailure('AssumeRole returned no credentials.', 'unknown', 'IncompleteResponse');
  }
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: new Date(c.Expiration),
    },
    roleArn: input.roleArn,
    assumedRoleArn: out.AssumedRoleUser.Arn,
    assumedRoleId: out.AssumedRoleUser.AssumedRoleId ?? '',
    sessionName: input.sessionName,
    ...(out.SourceIdentity ? { sourceIdentity: out.SourceIdentity } : {}),
    ...(out.PackedPolicySize !== undefined ? { packedPolicySize: out.PackedPolicySize } : {}),
  };
}

export type RoleSessionStep = 'source-identity' | 'assume-role' | 'role-identity';

export interface RoleSessionOptions {
  source: CredentialSource;
  region: string;
  endpoint?: string;
  input: AssumeRoleInput;
  maxAttempts?: number;
  /** Called as each call starts (progress reporting). */
  onStep?: (step: RoleSessionStep) => void;
  /** Skip the GetCallerIdentity calls before and after (default: both run). */
  skipIdentityChecks?: boolean;
  limits?: CallLimits;
  /** Builds the STS clients; tests pass their own. */
  clientFactory?: (options: StsClientOptions) => STSClient;
}

export interface RoleSessionResult {
  /** The caller before AssumeRole (the source principal), unless skipped. */
  before?: CallerIdentity;
  role: AssumedRole;
  /** The caller with the temporary credentials: the assumed role, unless skipped. */
  after?: CallerIdentity;
}

/**
 * GetCallerIdentity with the source credentials, AssumeRole, then GetCallerIdentity with the temporary
 * credentials, as step 05 of the seed does: the first call shows which principal assumes the role
 * (and fails early, with the clearer sentence, when its credentials are the problem), the last proves
 * the new credentials work before anyone relies on them.
 */
export async function assumeRoleSession(options: RoleSessionOptions): Promise<RoleSessionResult> {
  const factory = options.clientFactory ?? createStsClient;
  const base = { region: options.region, endpoint: options.endpoint, maxAttempts: options.maxAttempts, limits: options.limits };
  const context: Partial<AwsErrorContext> = { profile: options.source.profile, region: options.region, endpoint: options.endpoint };
  const sourceClient = factory({ ...base, credentials: options.source.provider });
  try {
    let before: CallerIdentity | undefined;
    if (!options.skipIdentityChecks) {
      options.onStep?.('source-identity');
      before = await getCallerIdentity(sourceClient, context);
    }
    options.onStep?.('assume-role');
    const role = await assumeRole(sourceClient, options.input, context);
    let after: CallerIdentity | undefined;
    if (!options.skipIdentityChecks) {
      options.onStep?.('role-identity');
      const roleClient = factory({ ...base, credentials: { ...role.credentials } });
      try {
        after = await getCallerIdentity(roleClient, {
          ...context,
          profile: undefined,
          secrets: [role.credentials.secretAccessKey, role.credentials.sessionToken],
        });
      } finally {
        roleClient.destroy();
      }
    }
    return { before, role, after };
  } finally {
    sourceClient.destroy();
  }
}
