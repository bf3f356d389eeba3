import { splitArn } from './arn';
import { ACCOUNT_ID } from './principals';

/**
 * What a trust policy is evaluated against: one AssumeRole call as a CloudTrail record shows it.
 * The engine does not read CloudTrail; the AWS layer's parsed event satisfies this shape as it is,
 * and anything else (a hand-written call, a test) can too.
 */
export interface AssumeRoleCall {
  /** The caller's ARN; absent on role-owner-side records and on service calls. */
  principalArn?: string;
  /** CloudTrail's `userIdentity.type` (`IAMUser`, `AssumedRole`, `AWSService`, ...). */
  principalType?: string;
  principalAccountId?: string;
  /** For `AWSService` callers, the service. */
  invokedBy?: string;
  /** For `AssumedRole` callers, the role (with its path) whose session made the call. */
  sessionIssuerArn?: string;
  externalId?: string;
  mfaAuthenticated?: boolean;
  roleArn?: string;
  /** The CloudTrail record; when its `requestParameters` is null (common on failures) the ExternalId is unknown, not absent. */
  raw?: unknown;
}

/** The call as the condition keys and principals see it. */
export interface CallContext {
  principalArn?: string;
  principalAccount?: string;
  /** For role sessions, the role ARN (with path) as aws:PrincipalArn sees it. */
  principalIamArn?: string;
  service?: string;
  /** undefined: the call carried none; null: the record does not tell. */
  externalId: string | undefined | null;
  mfa?: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn === undefined ? undefined : splitArn(arn)?.account;
  return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
}

export function callContext(call: AssumeRoleCall): CallContext {
  const requestLogged = !isObject(call.raw) || isObject(call.raw.requestParameters);
  let principalIamArn = call.principalArn;
  if (call.principalType === 'AssumedRole') principalIamArn = call.sessionIssuerArn ?? roleArnOfSession(call.principalArn);
  return {
    principalArn: call.principalArn,
    principalAccount: call.principalAccountId ?? accountOfArn(call.principalArn),
    principalIamArn,
    service: call.principalType === 'AWSService' ? call.invokedBy : undefined,
    externalId: call.externalId !== undefined ? call.externalId : requestLogged ? undefined : null,
    mfa: call.mfaAuthenticated,
  };
}

/** The parts of a role session ARN, `arn:aws:sts::A:assumed-role/Name/session`. */
export function roleSession(arn: string | undefined): { partition: string; account: string; roleName: string } | undefined {
  const parts = arn === undefined ? undefined : splitArn(arn);
  if (!parts || parts.service !== 'sts' || parts.region !== '' || !ACCOUNT_ID.test(parts.account)) return undefined;
  const [type, roleName, session] = parts.resource.split('/');
  return type === 'assumed-role' && roleName && session !== undefined
    ? { partition: parts.partition, account: parts.account, roleName }
    : undefined;
}

/** `arn:aws:sts::A:assumed-role/Name/session` → `arn:aws:iam::A:role/Name` (without the path, which the session ARN lacks). */
function roleArnOfSession(arn: string | undefined): string | undefined {
  const session = roleSession(arn);
  return session ? `arn:${session.partition}:iam::${session.account}:role/${session.roleName}` : undefined;
}

/** The caller in a sentence: its ARN, else its service, else its account. */
export function describeCaller(ctx: CallContext): string {
  if (ctx.principalArn) return ctx.principalArn;
  if (ctx.service) return ctx.service;
  if (ctx.principalAccount) return `a principal of account ${ctx.principalAccount}`;
  return 'an unknown caller';
}

/** The value of a condition key for this call: undefined when the call had none, null when the record does not tell. */
export function contextValue(key: string, ctx: CallContext): string | undefined | null {
  switch (key.toLowerCase()) {
    case 'sts:externalid':
      return ctx.externalId;
    case 'aws:principalarn':
      return ctx.principalIamArn ?? (ctx.principalArn === undefined ? null : ctx.principalArn);
    case 'aws:principalaccount':
      return ctx.principalAccount ?? null;
    case 'aws:multifactorauthpresent':
      return ctx.mfa === undefined ? undefined : String(ctx.mfa);
    default:
      return null;
  }
}
