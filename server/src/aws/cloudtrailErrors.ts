import { AwsErrorKind, toAwsFailure } from './errors';

/**
 * CloudTrail's failures, per region, in the shared AWS error vocabulary (`errors.ts`): the views
 * decide their state from the same kinds every other AWS call reports. Only the sentence of
 * AccessDenied is CloudTrail's own, because its fix is always "grant cloudtrail:LookupEvents".
 */
export interface CloudTrailFailure {
  kind: AwsErrorKind;
  message: string;
  region?: string;
  code?: string;
}

/** Pulls the principal out of "User: arn:... is not authorized to perform: ..." messages. */
function deniedPrincipal(message: unknown): string | undefined {
  return typeof message === 'string' ? /User: (arn:\S+) is not authorized/.exec(message)?.[1] : undefined;
}

export function describeCloudTrailError(error: unknown, region?: string, endpoint?: string): CloudTrailFailure {
  const {
    kind,
    code,
    requestId,
    message: sentence,
  } = toAwsFailure(error, {
    operation: 'LookupEvents',
    service: 'cloudtrail',
    region,
    endpoint,
  });
  const where = region ? ` in ${region}` : '';
  if (kind === 'access-denied') {
    const who = deniedPrincipal((error as { message?: unknown } | null | undefined)?.message);
    return {
      kind,
      region,
      code,
      message: `Access denied${where}: ${who ? `${who} is` : 'these credentials are'} not allowed to call cloudtrail:LookupEvents; grant it to the role (e.g. the AWSCloudTrail_ReadOnlyAccess managed policy)${code ? ` (${code}${requestId ? `, request id ${requestId}` : ''})` : ''}.`,
    };
  }
  const message = region && !sentence.includes(region) ? sentence.replace(/^LookupEvents/, `LookupEvents in ${region}`) : sentence;
  return { kind, region, code, message };
}
