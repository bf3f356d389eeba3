import { AwsErrorKind, toAwsFailure } from './errors';

/**
 * CloudTrail's failures as a state for the views plus one sentence, built on the shared AWS error
 * mapping (`errors.ts`). AccessDenied gets a CloudTrail-specific sentence: the fix is always
 * "grant cloudtrail:LookupEvents".
 */

export type CloudTrailFailureKind =
  'noCredentials' | 'accessDenied' | 'expiredCredentials' | 'invalidCredentials' | 'throttled' | 'endpoint' | 'other';

export interface CloudTrailFailure {
  kind: CloudTrailFailureKind;
  message: string;
  region?: string;
  code?: string;
}

/** Pulls the principal out of "User: arn:... is not authorized to perform: ..." messages. */
function deniedPrincipal(message: unknown): string | undefined {
  return typeof message === 'string' ? /User: (arn:\S+) is not authorized/.exec(message)?.[1] : undefined;
}

export function describeCloudTrailError(error: unknown, region?: string, endpoint?: string): CloudTrailFailure {
  const { kind, code, message: sentence } = toAwsFailure(error, { operation: 'LookupEvents', service: 'cloudtrail', region, endpoint });
  const where = region ? ` in ${region}` : '';
  if (kind === 'access-denied') {
    const who = deniedPrincipal((error as { message?: unknown } | null | undefined)?.message);
    return {
      kind: 'accessDenied',
      region,
      code,
      message: `Access denied${where}: ${who ? `${who} is` : 'these credentials are'} not allowed to call cloudtrail:LookupEvents; grant it to the role (e.g. the AWSCloudTrail_ReadOnlyAccess managed policy).`,
    };
  }
  const mapped: Partial<Record<AwsErrorKind, CloudTrailFailureKind>> = {
    'no-credentials': 'noCredentials',
    'sso-login-required': 'noCredentials',
    'expired-token': 'expiredCredentials',
    'invalid-token': 'invalidCredentials',
    'signature-mismatch': 'invalidCredentials',
    throttled: 'throttled',
    network: 'endpoint',
  };
  const message = region && !sentence.includes(region) ? sentence.replace(/^LookupEvents/, `LookupEvents in ${region}`) : sentence;
  return { kind: mapped[kind] ?? 'other', region, code, message };
}
