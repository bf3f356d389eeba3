/**
 * The inputs of AssumeRole, checked before the call: AWS answers a mistake with a terse
 * ValidationError, these checks name the field and what it accepts. The session name is built here
 * too, from a template, because it is what CloudTrail shows an auditor of who assumed the role.
 */
import { hostname, userInfo } from 'node:os';
import { ownEntry } from '../util/records';

export const DEFAULT_SESSION_NAME_TEMPLATE = '{user}-{timestamp}';
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;

export interface SessionNameVars {
  user?: string;
  host?: string;
  profile?: string;
  roleArn?: string;
  now?: Date;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The OS user and host, so a default session name says who and where. */
export function defaultSessionVars(
  now: Date = new Date(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): SessionNameVars {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = undefined;
  }
  return { user: user || env.USER || env.USERNAME || 'iamlp', host: hostname().split('.')[0], now };
}

export function roleNameFromArn(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').pop() ?? resource;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const MFA_SERIAL = /^(arn:aws[a-z-]*:iam::\d{12}:(mfa|u2f)\/[\w+=,.@/-]+|[\w+=/:,.@-]{9,256})$/;
const MFA_CODE = /^\d{6}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

export function isRoleArn(arn: string): boolean {
  return ROLE_ARN.test(arn);
}

/**
 * Placeholders {user} {host} {profile} {role} {date} (YYYYMMDD, UTC) {time} (HHMMSS, UTC)
 * {timestamp} (YYYYMMDDTHHMMSSZ) {epoch}; the default template is "{user}-{timestamp}". Characters AWS
 * rejects become "-" and the result is cut to AWS's 64 characters, so any template yields a valid name.
 */
export function renderSessionName(template: string | undefined, vars: SessionNameVars): string {
  const now = vars.now ?? new Date();
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const values: Record<string, string> = {
    user: vars.user ?? 'iamlp',
    host: vars.host ?? 'host',
    profile: vars.profile ?? 'default',
    role: vars.roleArn ? roleNameFromArn(vars.roleArn) : 'role',
    date,
    time,
    timestamp: `${date}T${time}Z`,
    epoch: String(Math.floor(now.getTime() / 1000)),
  };
  const raw = (template?.trim() || DEFAULT_SESSION_NAME_TEMPLATE).replace(
    /\{(\w+)\}/g,
    (whole, key: string) => ownEntry(values, key) ?? whole,
  );
  let name = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  if (name.length < 2) name = (name + '-session').slice(0, 64);
  return name;
}

/** Seconds from "3600", "900s", "15m", "1h", "1h30m"; NaN when unreadable. */
export function parseDuration(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(t);
  if (!m || t === '') return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  durationSeconds?: number;
  mfaSerial?: string;
  mfaCode?: string;
  sourceIdentity?: string;
  tags?: Record<string, string>;
}

/** The first problem, as a sentence; undefined when AWS will accept the input. */
export function validateAssumeRoleInput(input: AssumeRoleInput): string | undefined {
  if (!isRoleArn(input.roleArn)) {
    return `"${input.roleArn}" is not an IAM role ARN (expected arn:aws:iam::<12-digit account>:role/<name>).`;
  }
  if (!SESSION_NAME.test(input.sessionName)) {
    return `The session name "${input.sessionName}" must be 2 to 64 characters of letters, digits and +=,.@_-.`;
  }
  if (input.externalId !== undefined && !EXTERNAL_ID.test(input.externalId)) {
    return 'The ExternalId must be 2 to 1224 characters of letters, digits and +=,.@:/_-.';
  }
  if (input.durationSeconds !== undefined) {
    const d = input.durationSeconds;
    if (!Number.isInteger(d) || d < MIN_DURATION_SECONDS || d > MAX_DURATION_SECONDS) {
      return `The duration must be a whole number of seconds from ${MIN_DURATION_SECONDS} (15 min) to ${MAX_DURATION_SECONDS} (12 h); got ${Number.isNaN(d) ? 'an unreadable value' : d}.`;
    }
  }
  if (input.mfaCode !== undefined && input.mfaSerial === undefined) {
    return 'An MFA code needs the MFA device serial (the mfa serial setting, --mfa-serial, or mfa_serial in the profile).';
  }
  if (input.mfaSerial !== undefined) {
    if (!MFA_SERIAL.test(input.mfaSerial))
      return `"${input.mfaSerial}" is not an MFA device serial (expected arn:aws:iam::<account>:mfa/<name>).`;
    if (input.mfaCode === undefined) return `The MFA device ${input.mfaSerial} needs the current 6-digit code.`;
    if (!MFA_CODE.test(input.mfaCode)) return 'The MFA code must be the 6 digits shown on the device.';
  }
  if (input.sourceIdentity !== undefined && !SOURCE_IDENTITY.test(input.sourceIdentity)) {
    return `The source identity "${input.sourceIdentity}" must be 2 to 64 characters of letters, digits and +=,.@_- (and must not start with aws:).`;
  }
  for (const [key, value] of Object.entries(input.tags ?? {})) {
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key) || key.toLowerCase().startsWith('aws:'))
      return `The session tag key "${key}" is not allowed.`;
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(value)) return `The value of session tag "${key}" is not allowed.`;
  }
  if (Object.keys(input.tags ?? {}).length > 50) return 'At most 50 session tags can be passed.';
  return undefined;
}
