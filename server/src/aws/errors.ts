/**
 * AWS errors as one-line sentences a person can act on: what failed and what to check, never a stack
 * trace, never a secret. Every AWS call of the extension and the CLI goes through here, so one failure
 * reads the same everywhere, and its AwsErrorKind is the one vocabulary views decide their state from.
 */

/** What went wrong, as far as what to do about it differs. */
export type AwsErrorKind =
  | 'access-denied'
  | 'mfa-failed'
  | 'expired-token'
  | 'invalid-token'
  | 'signature-mismatch'
  | 'no-credentials'
  | 'sso-login-required'
  | 'throttled'
  | 'network'
  | 'validation'
  | 'region-disabled'
  | 'unknown';

export interface AwsErrorContext {
  /** The API operation that failed, e.g. 'AssumeRole', 'GetCallerIdentity', 'LookupEvents'. */
  operation: string;
  /** The service, for network and throttling sentences ('sts', 'cloudtrail', 'iam'). */
  service?: string;
  roleArn?: string;
  profile?: string;
  region?: string;
  endpoint?: string;
  /** True when the call sent an ExternalId (changes the AccessDenied advice). */
  externalIdSent?: boolean;
  /** True when the call sent an MFA serial and code. */
  mfaSent?: boolean;
  /** Values that must never appear in the sentence (secret keys, session tokens, ExternalIds). */
  secrets?: string[];
}

/** An expected AWS failure: `message` is the one-line sentence of `describeAwsError`. */
export class AwsFailure extends Error {
  override readonly name = 'AwsFailure';
  constructor(
    message: string,
    readonly kind: AwsErrorKind,
    readonly code: string | undefined,
    /** AWS's request id of the failed call, when AWS answered: what AWS support and CloudTrail know it by. */
    readonly requestId?: string,
  ) {
    super(message);
  }
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
  cause?: unknown;
  errors?: unknown[];
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID_TOKEN = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'InvalidToken']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const VALIDATION = new Set([
  'ValidationError',
  'ValidationException',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'MalformedPolicyDocument',
  'MalformedPolicyDocumentException',
  'PackedPolicyTooLarge',
  'PackedPolicyTooLargeException',
  'InvalidIdentityToken',
]);

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
}

function errorCode(e: ErrorLike): string | undefined {
  return e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code;
}

function networkCode(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== 'object' || err === null) return undefined;
  const e = err as ErrorLike;
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === 'TimeoutError' || e.code === 'TimeoutError') return 'TimeoutError';
  const fromCause = networkCode(e.cause, depth + 1);
  if (fromCause) return fromCause;
  for (const inner of e.errors ?? []) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}

/** The kind of an AWS SDK error, from its code (name), message and network error code. */
export function classifyAwsError(err: unknown): AwsErrorKind {
  if (err instanceof AwsFailure) return err.kind;
  const e = asErrorLike(err);
  const code = errorCode(e) ?? '';
  const message = e.message ?? '';
  if (
    code === 'CredentialsProviderError' ||
    /Could not load credentials|Unable to find .*credentials|Profile .* could not be found|could not resolve credentials/i.test(message)
  ) {
    if (/sso|token/i.test(message) && /expired|refresh|login/i.test(message)) return 'sso-login-required';
    return 'no-credentials';
  }
  if (code === 'TokenProviderError' || /The SSO session .* has expired|SSO session.*(expired|invalid)|run aws sso login/i.test(message)) {
    return 'sso-login-required';
  }
  if (/MultiFactorAuthentication failed|invalid MFA one time pass code|MFA.*(invalid|failed)/i.test(message)) return 'mfa-failed';
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (EXPIRED.has(code)) return 'expired-token';
  if (INVALID_TOKEN.has(code)) return 'invalid-token';
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') return 'signature-mismatch';
  if (THROTTLED.has(code) || e.$metadata?.httpStatusCode === 429) return 'throttled';
  if (code === 'RegionDisabledException' || code === 'RegionDisabled') return 'region-disabled';
  if (VALIDATION.has(code)) return 'validation';
  if (networkCode(err)) return 'network';
  return 'unknown';
}

/** Session tokens and secret access keys are long base64 runs; nothing else we print is. */
const SECRET_SHAPE = /[A-Za-z0-9/+]{38,}={0,2}/g;

/** `text` without the given secret values and without anything shaped like a secret key or session token. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(SECRET_SHAPE, (run) => (/[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) ? '[redacted]' : run));
}

function oneLine(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
}

function profilePart(context: AwsErrorContext): string {
  return context.profile ? ` (profile "${context.profile}")` : '';
}

/** AWS's own endpoint of a service in a region, for sentences when no override is set. */
function awsEndpointOf(service: string, region: string | undefined): string | undefined {
  if (service === 'iam') return region?.startsWith('cn-') ? 'https://iam.cn-north-1.amazonaws.com.cn' : 'https://iam.amazonaws.com';
  if (!region) return undefined;
  return `https://${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** One sentence that says what failed and what to check. */
export function describeAwsError(err: unknown, context: AwsErrorContext): string {
  if (err instanceof AwsFailure) return err.message;
  const e = asErrorLike(err);
  const kind = classifyAwsError(err);
  const code = errorCode(e);
  const awsMessage = e.message ? oneLine(e.message) : '';
  const op = context.operation;
  const service = (context.service ?? 'sts').toUpperCase();
  const where =
    context.endpoint ??
    awsEndpointOf(service.toLowerCase(), context.region) ??
    `${service}${context.region ? ` in ${context.region}` : ''}`;
  let sentence: string;
  switch (kind) {
    case 'access-denied':
      if (op === 'AssumeRole') {
        const caller = /^User: (\S+) is not authorized/.exec(awsMessage)?.[1];
        const checks = [
          `that the role's trust policy allows ${caller ?? 'this principal'}`,
          context.externalIdSent
            ? 'that the ExternalId matches its sts:ExternalId condition'
            : 'whether it requires an ExternalId (none was sent)',
          ...(context.mfaSent ? [] : ['whether it requires MFA']),
          'and that the caller may call sts:AssumeRole',
        ];
        const said = awsMessage && !caller ? ` (AWS said: ${awsMessage})` : '';
        sentence = `AssumeRole${context.roleArn ? ` of ${context.roleArn}` : ''} was denied: check ${checks.join(', ')}${said}.`;
      } else {
        sentence = `${op} was denied${profilePart(context)}: the caller lacks permission${awsMessage ? ` (AWS said: ${awsMessage})` : ''}.`;
      }
      break;
    case 'mfa-failed':
      sentence = `${op} failed because the MFA code was wrong or already used: enter the current code from the device${context.roleArn ? ` to assume ${context.roleArn}` : ''}.`;
      break;
    case 'expired-token':
      sentence = `${op} failed because the credentials${profilePart(context)} have expired: refresh them (assume the role again, or run aws sso login) and retry.`;
      break;
    case 'invalid-token':
      sentence = `${op} failed because AWS does not recognise the access key${profilePart(context)}: the key is wrong, deleted or deactivated, or a session token is missing.`;
      break;
    case 'signature-mismatch':
      sentence = `${op} failed because the request signature did not match: the secret access key${profilePart(context)} does not belong to its access key ID.`;
      break;
    case 'no-credentials':
      sentence = context.profile
        ? `No AWS credentials found for profile "${context.profile}": check ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)${awsMessage && /profile/i.test(awsMessage) ? ` (${awsMessage})` : ''}.`
        : 'No AWS credentials found: set a profile (AWS_PROFILE or the profile setting / --profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
      break;
    case 'sso-login-required':
      sentence = `The SSO session${profilePart(context)} is missing or expired: run aws sso login${context.profile ? ` --profile ${context.profile}` : ''} and retry.`;
      break;
    case 'throttled': {
      const attempts = e.$metadata?.attempts;
      sentence = `${op} was throttled by AWS ${service}${attempts && attempts > 1 ? ` after ${attempts} attempts` : ''}: wait a moment and retry.`;
      break;
    }
    case 'network': {
      const net = networkCode(err);
      sentence = `${op} could not reach ${where} (${net}): check the network, proxy, region and endpoint settings.`;
      break;
    }
    case 'region-disabled':
      sentence = `${op} failed because STS is not activated in region ${context.region ?? '(unknown)'}: activate it in the account or use another region.`;
      break;
    case 'validation':
      sentence = `${op} rejected the request: ${awsMessage || code}.`;
      break;
    default:
      sentence = `${op} failed${code ? ` (${code})` : ''}${awsMessage ? `: ${awsMessage}` : ''}.`;
  }
  return redactSecrets(oneLine(sentence) + awsReference(e, code) + '.', context.secrets ?? []);
}

/**
 * AWS's own error code and request id, as the AWS CLI shows them: people search for the code and
 * match it to CloudTrail's errorCode. Only for answers from AWS (an HTTP status), not network errors.
 */
function awsReference(e: ErrorLike, code: string | undefined): string {
  if (!e.$metadata?.httpStatusCode || !code) return '';
  const requestId = e.$metadata.requestId;
  return ` (${code}${requestId ? `, request id ${requestId}` : ''})`;
}

/** The error as an `AwsFailure` carrying the sentence; passes `AwsFailure`s through unchanged. */
export function toAwsFailure(err: unknown, context: AwsErrorContext): AwsFailure {
  if (err instanceof AwsFailure) return err;
  const e = asErrorLike(err);
  return new AwsFailure(describeAwsError(err, context), classifyAwsError(err), errorCode(e), e.$metadata?.requestId);
}
