import { PrincipalEntry, StatementModel } from './model';

/** The AWS-type entries of a statement's Principal, with a bare "*" counted as `AWS: "*"`. */
export function awsPrincipals(statement: StatementModel): PrincipalEntry[] {
  const p = statement.principal;
  if (!p) return [];
  const entries = p.entries.filter((e) => e.type === 'AWS');
  if (p.wildcard) entries.unshift({ type: 'AWS', value: '*', node: p.wildcard });
  return entries;
}

export const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;

/** The account id when the principal names a whole account (its root ARN or a bare id). */
export function wholeAccount(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  return ROOT_ARN.exec(value)?.[1];
}

/** A short description of who a statement trusts, for messages. */
/**
 * A template names the account it deploys into (`${AWS::AccountId}`, Terraform's
 * `${data.aws_caller_identity.x.account_id}`): a principal of that account is in the role's own
 * account, whatever the account is.
 */
const OWN_ACCOUNT =
  /^(?:arn:(?:\$\{[^}]*\}|[^:]*):(?:iam|sts)::)?\$\{(?:AWS::AccountId|data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id)\}(?::|$)/;

/** Where the principals are relative to the role: its own account when a template says so. */
export function accountRelation(entries: readonly PrincipalEntry[]): 'own' | 'unknown' {
  return entries.length > 0 && entries.every((e) => OWN_ACCOUNT.test(e.value)) ? 'own' : 'unknown';
}

export function describePrincipals(entries: PrincipalEntry[]): string {
  if (entries.some((e) => e.value === '*')) return 'every AWS principal ("*")';
  const shown = entries.slice(0, 2).map((e) => e.value);
  const more = entries.length > 2 ? ` and ${entries.length - 2} more` : '';
  return `${shown.join(', ')}${more}`;
}
