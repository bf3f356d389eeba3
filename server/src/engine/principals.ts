import type { Node } from 'jsonc-parser';
import { deployTimeOf } from './deployTime';
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

/** How a template writes a partition (`${AWS::Partition}`) and its own account (`${AWS::AccountId}`, Terraform's caller identity). */
const TEMPLATE_PARTITION = String.raw`(?:[a-z-]+|\$\{[^}]*\})`;
const TEMPLATE_OWN_ACCOUNT = String.raw`\$\{(?:AWS::AccountId|data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id)\}`;
const TEMPLATE_ROOT_ARN = new RegExp(`^arn:${TEMPLATE_PARTITION}:iam::(\\d{12}|${TEMPLATE_OWN_ACCOUNT}):root$`);

/**
 * The account a principal trusts as a whole, as wholeAccount, also when a template writes it: the
 * partition a variable (`arn:${AWS::Partition}:iam::111122223333:root`), or the account the
 * template deploys into (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`), which is `own`.
 */
export function wholeAccountOfTemplate(value: string): { account: string } | { own: true } | undefined {
  const literal = wholeAccount(value);
  if (literal) return { account: literal };
  const match = TEMPLATE_ROOT_ARN.exec(value);
  if (!match) return undefined;
  return ACCOUNT_ID.test(match[1]) ? { account: match[1] } : { own: true };
}

/**
 * A template names the account it deploys into (`${AWS::AccountId}`, Terraform's
 * `${data.aws_caller_identity.x.account_id}`): a principal of that account is in the role's own
 * account, whatever the account is.
 */
const OWN_ACCOUNT =
  /^(?:arn:(?:\$\{[^}]*\}|[^:]*):(?:iam|sts)::)?\$\{(?:AWS::AccountId|data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id)\}(?::|$)/;
/** The account of an IAM or STS principal ARN written as a literal (the partition may be a template's variable). */
const LITERAL_ACCOUNT = /^arn:(?:\$\{[^}]*\}|[^:]*):(?:iam|sts)::(\d{12}):/;

/**
 * Where the principals of a statement are relative to the role: all in its own account, all in
 * others (their ids), some of each, or not known (a wildcard, a reference, or no own account to
 * compare a literal id with).
 */
export type AccountRelation =
  { kind: 'own' } | { kind: 'other'; accounts: string[] } | { kind: 'both'; accounts: string[] } | { kind: 'unknown' };

/**
 * The relation of AWS principals to the role's account. A template's own-account reference is
 * "own" whatever `ownAccount` says; a literal id or ARN is compared with `ownAccount`, the
 * account the project declares (`.iamlp.json` "account"), when there is one.
 */
export function accountRelation(entries: readonly PrincipalEntry[], ownAccount?: string): AccountRelation {
  if (entries.length === 0) return { kind: 'unknown' };
  let own = false;
  const others = new Set<string>();
  for (const entry of entries) {
    if (OWN_ACCOUNT.test(entry.value)) {
      own = true;
      continue;
    }
    const account = ACCOUNT_ID.test(entry.value) ? entry.value : LITERAL_ACCOUNT.exec(entry.value)?.[1];
    if (!account || !ownAccount) return { kind: 'unknown' };
    if (account === ownAccount) own = true;
    else others.add(account);
  }
  if (others.size === 0) return { kind: 'own' };
  return { kind: own ? 'both' : 'other', accounts: [...others] };
}

/**
 * A principal, or a condition value, as a message names it. A value wholly unknown until
 * deployment reads as the template writes it (`!Ref TrustedAccount`), not as its stand-in
 * (`${Fn::Split}`), which names nothing the user wrote; one partly known
 * (`arn:${AWS::Partition}:iam::${Peer}:root`) is shown as is.
 */
export function shownAsWritten(entry: { value: string; node: Node }): string {
  const deployTime = deployTimeOf(entry.node);
  if (!deployTime || deployTime.partial) return entry.value;
  return `${deployTime.source} (known at deploy time)`;
}

/** A short description of who a statement trusts, for messages. */
export function describePrincipals(entries: PrincipalEntry[]): string {
  if (entries.some((e) => e.value === '*')) return 'Every AWS principal ("*")';
  const shown = entries.slice(0, 2).map(shownAsWritten);
  const more = entries.length > 2 ? ` and ${entries.length - 2} more` : '';
  return `${shown.join(', ')}${more}`;
}
