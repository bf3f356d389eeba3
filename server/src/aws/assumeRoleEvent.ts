/**
 * A typed view of one CloudTrail `AssumeRole` record (the `CloudTrailEvent` string of LookupEvents,
 * or a record from a trail's S3 files). Parsing never throws on odd shapes: unknown or partial records
 * keep whatever fields they have, and what is missing is simply undefined. A missing ExternalId is a
 * finding for the reader, not a parse error.
 */

/** `userIdentity.type` values CloudTrail writes; others are kept verbatim. */
export type PrincipalType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'FederatedUser'
  | 'AWSAccount'
  | 'AWSService'
  | 'Directory'
  | 'IdentityCenterUser'
  | 'SAMLUser'
  | 'WebIdentityUser'
  | 'Unknown'
  | (string & {});

export interface AssumeRoleEvent {
  eventId: string;
  /** ISO 8601 (UTC); empty string when the record has no readable time. */
  eventTime: string;
  region?: string;
  eventName?: string;
  /** The caller's ARN; absent on role-owner-side `AWSAccount` records and on service calls. */
  principalArn?: string;
  principalType?: PrincipalType;
  principalAccountId?: string;
  principalId?: string;
  /** For `AWSService` callers, the service (e.g. `ec2.amazonaws.com`). */
  invokedBy?: string;
  /** For `AssumedRole` callers, the role whose session made the call. */
  sessionIssuerArn?: string;
  roleArn?: string;
  sessionName?: string;
  externalId?: string;
  sourceIdentity?: string;
  durationSeconds?: number;
  sourceIp?: string;
  userAgent?: string;
  /** True when the caller passed an MFA device (`serialNumber`) or its own session was MFA-authenticated. */
  mfaAuthenticated?: boolean;
  mfaSerialNumber?: string;
  errorCode?: string;
  errorMessage?: string;
  /** The access key id of the credentials the call issued. */
  issuedAccessKeyId?: string;
  assumedRoleArn?: string;
  /** The account that received the event (the role owner for cross-account calls seen on its side). */
  recipientAccountId?: string;
  /** The record as CloudTrail wrote it, for "open raw JSON" and evidence export. */
  raw: unknown;
}

/** Fields LookupEvents gives outside the record, used when the record lacks them. */
export interface EventEnvelope {
  eventId?: string;
  eventTime?: Date | string;
  region?: string;
  username?: string;
  accessKeyId?: string;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/**
 * Normalises CloudTrail times to ISO 8601 UTC. Accepts ISO strings, `2024-12-12 16:04:32.000000000`
 * (as some exports write them), epoch seconds or milliseconds, and Date objects.
 */
export function normaliseEventTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().replace('.000Z', 'Z');
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value < 1e11 ? value * 1000 : value;
    return normaliseEventTime(new Date(ms));
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let text = value.trim();
  const spaced = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (spaced) {
    const fraction = spaced[3] ? spaced[3].slice(0, 4) : '';
    text = `${spaced[1]}T${spaced[2]}${fraction}${spaced[4] ?? 'Z'}`;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : normaliseEventTime(date);
}

/** The account id inside an ARN (`arn:aws:iam::123456789012:user/x` → `123456789012`). */
export function accountOfArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

/** Parses one record. `record` may be the JSON text or the already-parsed object. */
export function parseAssumeRoleEvent(record: unknown, envelope: EventEnvelope = {}): AssumeRoleEvent {
  let raw: unknown = record;
  if (typeof record === 'string') {
    try {
      raw = JSON.parse(record);
    } catch {
      raw = record;
    }
  }
  const r = obj(raw) ?? {};
  const identity = obj(r.userIdentity) ?? {};
  const sessionContext = obj(identity.sessionContext) ?? {};
  const attributes = obj(sessionContext.attributes) ?? {};
  const issuer = obj(sessionContext.sessionIssuer) ?? {};
  const request = obj(r.requestParameters) ?? {};
  const response = obj(r.responseElements) ?? {};
  const credentials = obj(response.credentials) ?? {};
  const assumedRoleUser = obj(response.assumedRoleUser) ?? {};

  const principalArn = str(identity.arn);
  const principalType = str(identity.type);
  const roleArn = str(request.roleArn) ?? roleArnFromResources(r.resources);
  const mfaSerialNumber = str(request.serialNumber);
  const sessionMfa = bool(attributes.mfaAuthenticated);
  const mfaAuthenticated = mfaSerialNumber !== undefined || str(request.tokenCode) !== undefined ? true : sessionMfa;

  const eventId = str(r.eventID) ?? str(r.eventId) ?? envelope.eventId ?? '';
  const eventTime = normaliseEventTime(r.eventTime) ?? normaliseEventTime(envelope.eventTime) ?? '';
  const event: AssumeRoleEvent = {
    eventId,
    eventTime,
    region: str(r.awsRegion) ?? envelope.region,
    eventName: str(r.eventName),
    principalArn,
    principalType,
    principalAccountId: str(identity.accountId) ?? accountOfArn(principalArn),
    principalId: str(identity.principalId),
    invokedBy: str(identity.invokedBy),
    sessionIssuerArn: str(issuer.arn),
    roleArn,
    sessionName: str(request.roleSessionName),
    externalId: str(request.externalId),
    sourceIdentity: str(request.sourceIdentity),
    durationSeconds: num(request.durationSeconds),
    sourceIp: str(r.sourceIPAddress),
    userAgent: str(r.userAgent),
    mfaAuthenticated,
    mfaSerialNumber,
    errorCode: str(r.errorCode),
    errorMessage: str(r.errorMessage),
    issuedAccessKeyId: str(credentials.accessKeyId),
    assumedRoleArn: str(assumedRoleUser.arn),
    recipientAccountId: str(r.recipientAccountId),
    raw,
  };
  // Drop undefined keys so records compare and serialise cleanly.
  for (const key of Object.keys(event) as (keyof AssumeRoleEvent)[]) {
    if (event[key] === undefined) delete event[key];
  }
  return event;
}

function roleArnFromResources(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const resource of resources) {
    const o = obj(resource);
    const arn = o ? (str(o.ARN) ?? str(o.arn)) : undefined;
    if (arn && /^arn:[^:]+:iam::\d{12}:role\//.test(arn)) return arn;
  }
  return undefined;
}

/** True when the call failed (`errorCode` set). */
export function isFailure(event: AssumeRoleEvent): boolean {
  return event.errorCode !== undefined;
}

/**
 * The callers an ExternalId is about: IAM principals of some account. AWS services assume roles
 * for their own features (`AWSService`, or any call with `invokedBy` set) and pass none by design.
 */
const IAM_CALLER_TYPES: ReadonlySet<string> = new Set(['IAMUser', 'AssumedRole', 'Root', 'FederatedUser']);

export function calledByIamPrincipal(event: AssumeRoleEvent): boolean {
  return event.invokedBy === undefined && event.principalType !== undefined && IAM_CALLER_TYPES.has(event.principalType);
}

/**
 * True when an IAM principal called without an ExternalId: the confused-deputy guard was not used.
 * The "without ExternalId" flag, filter and counts of the events view and `iamlp events` all ask this.
 */
export function lacksExternalId(event: AssumeRoleEvent): boolean {
  return event.externalId === undefined && calledByIamPrincipal(event);
}

/** The successful calls without ExternalId: the number the tree and `iamlp events` both show. */
export function countWithoutExternalId(events: readonly AssumeRoleEvent[]): number {
  return events.filter((e) => e.errorCode === undefined && lacksExternalId(e)).length;
}

/**
 * Who made the call, for labels: the principal ARN when the record has one, else the account
 * (role-owner-side records of cross-account calls), else the calling service.
 */
export function principalLabel(event: AssumeRoleEvent): string {
  if (event.principalArn) return event.principalArn;
  if (event.invokedBy) return event.invokedBy;
  if (event.principalAccountId) return `account ${event.principalAccountId}`;
  return event.principalType ?? 'unknown principal';
}
