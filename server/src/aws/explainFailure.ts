import type { Node } from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';
import { Catalog, sharedCatalog } from '../catalog/catalog';
import { compileWildcard } from '../catalog/wildcard';
import { splitArn } from '../engine/arn';
import { KeyCondition, keyConditions } from '../engine/conditions';
import { PrincipalModel, StatementModel } from '../engine/model';
import { parsePolicy, propertyOf, readPolicy } from '../engine/parse';
import { ACCOUNT_ID, wholeAccount } from '../engine/principals';
import { statementActions } from '../engine/statementActions';
import { accountOfArn, AssumeRoleEvent } from './assumeRoleEvent';

/**
 * "Why did this AssumeRole fail?": evaluates a role's trust policy against the caller and ExternalId a
 * CloudTrail record shows, and names the statement part or condition that did not match.
 *
 * On the policy engine: the trust policy is read by engine/parse (statements, principal entries and
 * conditions with their source nodes, so failed conditions carry their range), Action / NotAction
 * reach sts:AssumeRole through the catalog (engine/statementActions), operators are read by
 * engine/conditions and StringLike / ArnLike use the catalog's wildcard matcher. Evaluated: Principal /
 * NotPrincipal, and conditions on `sts:ExternalId` (plus `aws:PrincipalArn`, `aws:PrincipalAccount`
 * and `aws:MultiFactorAuthPresent`, which the record also shows) with the String*, Arn*,
 * ...IfExists, Null and Bool operators. Any other key or operator makes the statement "undecided"
 * rather than guessed.
 */

export type ExplainEvent = Pick<
  AssumeRoleEvent,
  | 'principalArn'
  | 'principalType'
  | 'principalAccountId'
  | 'invokedBy'
  | 'sessionIssuerArn'
  | 'externalId'
  | 'mfaAuthenticated'
  | 'roleArn'
  | 'errorCode'
> & {
  /** The CloudTrail record; when its `requestParameters` is null (common on failures) the ExternalId is unknown, not absent. */
  raw?: unknown;
};

export type Tri = 'yes' | 'no' | 'unknown';

/** A span of the trust policy text given to explainAssumeRoleFailure. */
export interface SourceRange {
  offset: number;
  length: number;
}

export interface ConditionCheck {
  operator: string;
  key: string;
  values: string[];
  result: Tri;
  /** One sentence: what was required and what the call had. */
  detail: string;
  /** The condition in the policy text: the key and its values (`"sts:ExternalId": "ext-7f3a"`). */
  range?: SourceRange;
}

export interface StatementVerdict {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action: Tri;
  principal: Tri;
  conditions: ConditionCheck[];
  /** Whether the statement applies to this call. */
  applies: Tri;
  reasons: string[];
  /** The statement in the policy text. */
  range?: SourceRange;
}

export type TrustDecision = 'explicitDeny' | 'allowed' | 'implicitDeny' | 'undecided';

export interface FailureExplanation {
  decision: TrustDecision;
  /** The answer in one or two sentences. */
  summary: string;
  statements: StatementVerdict[];
  /** The condition checks that failed in Allow statements otherwise matching the caller. */
  failedConditions: ConditionCheck[];
}

export class TrustPolicyError extends Error {}

const ACTION = 'sts:AssumeRole';
const SUPPORTED_KEYS = new Set(['sts:externalid', 'aws:principalarn', 'aws:principalaccount', 'aws:multifactorauthpresent']);

function rangeOf(from: Node, to: Node = from): SourceRange {
  return { offset: from.offset, length: to.offset + to.length - from.offset };
}

/** IAM wildcard match: `*` any run, `?` one character (case-sensitive unless `ignoreCase`). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return compileWildcard(pattern, { caseSensitive: !ignoreCase })(ignoreCase ? value.toLowerCase() : value);
}

function quote(values: string[]): string {
  return values.map((v) => `"${v}"`).join(' or ');
}

interface CallContext {
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

function callContext(event: ExplainEvent): CallContext {
  const requestLogged = !isObject(event.raw) || isObject(event.raw.requestParameters);
  let principalIamArn = event.principalArn;
  if (event.principalType === 'AssumedRole') principalIamArn = event.sessionIssuerArn ?? roleArnOfSession(event.principalArn);
  return {
    principalArn: event.principalArn,
    principalAccount: event.principalAccountId ?? accountOfArn(event.principalArn),
    principalIamArn,
    service: event.principalType === 'AWSService' ? event.invokedBy : undefined,
    externalId: event.externalId !== undefined ? event.externalId : requestLogged ? undefined : null,
    mfa: event.mfaAuthenticated,
  };
}

/** The parts of a role session ARN, `arn:aws:sts::A:assumed-role/Name/session`. */
function roleSession(arn: string | undefined): { partition: string; account: string; roleName: string } | undefined {
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

function describeCaller(ctx: CallContext): string {
  if (ctx.principalArn) return ctx.principalArn;
  if (ctx.service) return ctx.service;
  if (ctx.principalAccount) return `a principal of account ${ctx.principalAccount}`;
  return 'an unknown caller';
}

/** Does one `Principal.AWS` entry name the caller? */
function matchAwsPrincipal(entry: string, ctx: CallContext): Tri {
  if (entry === '*') return 'yes';
  const wholeAccountId = wholeAccount(entry);
  if (wholeAccountId) return ctx.principalAccount ? (ctx.principalAccount === wholeAccountId ? 'yes' : 'no') : 'unknown';
  const arn = splitArn(entry);
  // unique ids (AIDA..., AROA...) stand for a deleted principal and match nobody
  if (!arn || (arn.service !== 'iam' && arn.service !== 'sts') || arn.region !== '' || !ACCOUNT_ID.test(arn.account) || !arn.resource)
    return 'no';
  const { service, account, resource } = arn;
  if (ctx.principalAccount && ctx.principalAccount !== account) return 'no';
  if (!ctx.principalArn) return ctx.principalAccount === account ? 'unknown' : ctx.principalAccount ? 'no' : 'unknown';
  if (entry === ctx.principalArn) return 'yes';
  if (service === 'iam' && resource.startsWith('role/')) {
    if (ctx.principalIamArn === entry) return 'yes';
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    const session = roleSession(ctx.principalArn);
    // Without the issuer ARN (and its path) a same-named role session is the best evidence we have.
    if (session && session.account === account && session.roleName === roleName && !ctx.principalIamArn?.includes(':role/')) return 'yes';
  }
  return 'no';
}

function matchPrincipalBlock(block: PrincipalModel, ctx: CallContext): { result: Tri; named: string[] } {
  if (block.wildcard) return { result: 'yes', named: ['*'] };
  const named: string[] = [];
  let result: Tri = 'no';
  for (const { type, value } of block.entries) {
    named.push(type === 'AWS' ? value : `${type}:${value}`);
    let r: Tri = 'no';
    if (type === 'AWS') r = matchAwsPrincipal(value, ctx);
    else if (type === 'Service') r = ctx.service ? (ctx.service === value ? 'yes' : 'no') : 'no';
    if (r === 'yes') result = 'yes';
    else if (r === 'unknown' && result === 'no') result = 'unknown';
  }
  return { result, named };
}

/** Whether the statement's Action / NotAction reaches sts:AssumeRole, wildcards included, by the catalog. */
function matchAction(catalog: Catalog, statement: StatementModel): Tri {
  const assumeRole = catalog.action(ACTION);
  return assumeRole && statementActions(catalog, statement)?.set.has(assumeRole.index) ? 'yes' : 'no';
}

function contextValue(key: string, ctx: CallContext): string | undefined | null {
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

function describeValue(key: string, value: string | undefined | null): string {
  if (value === null) return `the record does not show ${key}`;
  if (value === undefined) return `the call had no ${key}`;
  return `the call had ${key} "${value}"`;
}

const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike']);

/** Evaluates one condition operator on one key. */
export function checkCondition(condition: KeyCondition, ctx: CallContext): ConditionCheck {
  const rawOperator = condition.operator.operator;
  const { key, keyNode, valueNode } = condition.key;
  const { base, ifExists, setQualifier } = condition.parsed;
  const values = condition.key.values.map((v) => v.value);
  const value = contextValue(key, ctx);
  const range = rangeOf(keyNode, valueNode);
  const check = (result: Tri, detail: string): ConditionCheck => ({ operator: rawOperator, key, values, result, detail, range });
  const requirement = `${rawOperator} ${key} ${quote(values)}`;

  if (!SUPPORTED_KEYS.has(key.toLowerCase())) {
    return check('unknown', `${requirement}: ${key} is not in the CloudTrail record, so this condition was not evaluated.`);
  }
  if (value === null) return check('unknown', `${requirement}: ${describeValue(key, value)}, so this condition cannot be decided.`);

  if (base === 'Null') {
    const wantsAbsent = values.some((v) => v.toLowerCase() === 'true');
    const absent = value === undefined;
    const ok = wantsAbsent === absent;
    return check(
      ok ? 'yes' : 'no',
      `${requirement} requires ${key} to be ${wantsAbsent ? 'absent' : 'present'}; ${describeValue(key, value)}.`,
    );
  }

  if (value === undefined) {
    const negated = base !== undefined && NEGATED.has(base);
    if (ifExists || negated || setQualifier === 'ForAllValues') {
      return check('yes', `${requirement} is satisfied because ${describeValue(key, value)}${ifExists ? ' (IfExists)' : ''}.`);
    }
    return check('no', `${requirement} requires ${key}, but ${describeValue(key, value)}.`);
  }

  let matched: boolean;
  let negate = false;
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
      matched = values.some((v) => v === value);
      break;
    case 'StringNotEquals':
    case 'ArnNotEquals':
      matched = values.some((v) => v === value);
      negate = true;
      break;
    case 'StringEqualsIgnoreCase':
      matched = values.some((v) => v.toLowerCase() === value.toLowerCase());
      break;
    case 'StringNotEqualsIgnoreCase':
      matched = values.some((v) => v.toLowerCase() === value.toLowerCase());
      negate = true;
      break;
    case 'StringLike':
    case 'ArnLike':
      matched = values.some((v) => wildcardMatch(v, value));
      break;
    case 'StringNotLike':
    case 'ArnNotLike':
      matched = values.some((v) => wildcardMatch(v, value));
      negate = true;
      break;
    case 'Bool':
      matched = values.some((v) => v.toLowerCase() === value.toLowerCase());
      break;
    default:
      return check('unknown', `${requirement}: the operator ${rawOperator} is not evaluated here.`);
  }
  const ok = negate ? !matched : matched;
  const verb = negate ? 'must not match' : 'must match';
  return check(ok ? 'yes' : 'no', `${requirement}: ${key} ${verb} ${quote(values)}; ${describeValue(key, value)}.`);
}

function and(results: Tri[]): Tri {
  if (results.includes('no')) return 'no';
  if (results.includes('unknown')) return 'unknown';
  return 'yes';
}

function evaluateStatement(catalog: Catalog, statement: StatementModel, index: number, ctx: CallContext): StatementVerdict {
  const effect = statement.effect?.value === 'Deny' ? 'Deny' : 'Allow';
  const sid = statement.sid?.value;
  const reasons: string[] = [];
  const action = matchAction(catalog, statement);
  if (action === 'no') reasons.push(`its Action does not include ${ACTION}`);

  let principal: Tri;
  if (statement.principal) {
    const { result, named } = matchPrincipalBlock(statement.principal, ctx);
    principal = result;
    if (result === 'no') reasons.push(`its Principal (${named.join(', ') || 'none'}) does not name ${describeCaller(ctx)}`);
    if (result === 'unknown')
      reasons.push(
        `the record does not show which principal of account ${ctx.principalAccount} called, so Principal (${named.join(', ')}) cannot be decided`,
      );
  } else if (statement.notPrincipal) {
    const { result, named } = matchPrincipalBlock(statement.notPrincipal, ctx);
    principal = result === 'yes' ? 'no' : result === 'no' ? 'yes' : 'unknown';
    if (principal === 'no') reasons.push(`its NotPrincipal (${named.join(', ')}) excludes ${describeCaller(ctx)}`);
  } else {
    principal = 'no';
    reasons.push('it has no Principal, which a trust policy statement needs');
  }

  const conditions = keyConditions(statement).map((c) => checkCondition(c, ctx));
  for (const c of conditions) if (c.result === 'no') reasons.push(`condition failed: ${c.detail}`);
  const applies = and([action, principal, ...conditions.map((c) => c.result)]);
  if (applies === 'unknown') {
    for (const c of conditions) if (c.result === 'unknown') reasons.push(c.detail);
  }
  return { index, sid, effect, action, principal, conditions, applies, reasons, range: rangeOf(statement.node) };
}

function statementName(v: StatementVerdict): string {
  return v.sid ? `statement "${v.sid}"` : `statement ${v.index + 1}`;
}

/**
 * Reads a trust policy (JSON with comments allowed) with the engine's parser and returns its
 * statements; also accepts the AssumeRolePolicyDocument wrapper of CloudFormation / `aws iam get-role` output.
 */
export function parseTrustPolicy(text: string): StatementModel[] {
  const doc = parsePolicy(text, { language: 'jsonc' });
  if (doc.parseErrors.length > 0) {
    const first = doc.parseErrors[0];
    throw new TrustPolicyError(`The trust policy is not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}.`);
  }
  if (doc.root?.type !== 'object') throw new TrustPolicyError('The trust policy must be a JSON object with a Statement.');
  const wrapped = [
    propertyOf(doc.root, 'AssumeRolePolicyDocument'),
    propertyOf(propertyOf(doc.root, 'Role')?.children?.[1], 'AssumeRolePolicyDocument'),
  ]
    .map((property) => property?.children?.[1])
    .find((node) => node?.type === 'object');
  const policy = wrapped ? readPolicy(text, wrapped, doc.parseErrors) : doc;
  if (policy.statements.length === 0) throw new TrustPolicyError('The trust policy has no Statement.');
  return policy.statements;
}

/**
 * Explains an AssumeRole call against the role's trust policy: an explicit Deny that matched, or the
 * Allow statements and which of their parts (Action, Principal, condition) did not match the call.
 */
export function explainAssumeRoleFailure(
  trustPolicyText: string,
  event: ExplainEvent,
  catalog: Catalog = sharedCatalog(),
): FailureExplanation {
  const statements = parseTrustPolicy(trustPolicyText);
  const ctx = callContext(event);
  const verdicts = statements.map((s, i) => evaluateStatement(catalog, s, i, ctx));
  const caller = describeCaller(ctx);

  const deny = verdicts.find((v) => v.effect === 'Deny' && v.applies === 'yes');
  if (deny) {
    return {
      decision: 'explicitDeny',
      summary: `The trust policy explicitly denies ${caller}: ${statementName(deny)} is a Deny that matches this call.`,
      statements: verdicts,
      failedConditions: [],
    };
  }
  const allows = verdicts.filter((v) => v.effect === 'Allow');
  const allow = allows.find((v) => v.applies === 'yes');
  const undecidedDeny = verdicts.find((v) => v.effect === 'Deny' && v.applies === 'unknown');
  if (allow && !undecidedDeny) {
    return {
      decision: 'allowed',
      summary:
        `The trust policy allows ${caller} (${statementName(allow)}), so the denial came from elsewhere: ` +
        `the caller's own policies must allow ${ACTION} on the role, and an SCP, permissions boundary or session policy may deny it. ` +
        `Also check that this is the trust policy of ${event.roleArn ?? 'the role'} as it was at the time of the call.`,
      statements: verdicts,
      failedConditions: [],
    };
  }
  const undecided = verdicts.filter((v) => v.applies === 'unknown');
  if (undecided.length > 0) {
    return {
      decision: 'undecided',
      summary: `Cannot decide from the record alone: ${undecided.map((v) => `${statementName(v)} (${v.reasons.join('; ')})`).join('; ')}.`,
      statements: verdicts,
      failedConditions: [],
    };
  }
  // Implicit deny: say why each Allow missed, conditions first for the statements that name the caller.
  const closest = allows.filter((v) => v.action === 'yes' && v.principal === 'yes');
  const failedConditions = closest.flatMap((v) => v.conditions.filter((c) => c.result === 'no'));
  let summary: string;
  if (allows.length === 0) {
    summary = `The trust policy has no Allow statement, so no one can assume ${event.roleArn ?? 'the role'}.`;
  } else if (closest.length > 0) {
    summary =
      `The trust policy names ${caller}, but a condition failed: ` +
      closest
        .map(
          (v) =>
            `${statementName(v)}: ${v.conditions
              .filter((c) => c.result === 'no')
              .map((c) => c.detail)
              .join(' ')}`,
        )
        .join(' ');
  } else {
    summary = `No Allow statement matches ${caller}: ${allows.map((v) => `${statementName(v)}: ${v.reasons.join('; ')}`).join('. ')}.`;
  }
  return { decision: 'implicitDeny', summary, statements: verdicts, failedConditions };
}

/** The explanation as Markdown, for an editor tab or `iamlp` output. */
export function explanationToMarkdown(
  explanation: FailureExplanation,
  event: ExplainEvent & { eventId?: string; eventTime?: string },
): string {
  const lines = [
    `# Why AssumeRole failed`,
    '',
    `- Event: ${event.eventId ?? '(unknown id)'} at ${event.eventTime ?? '(unknown time)'}`,
    `- Role: ${event.roleArn ?? '(not in the record)'}`,
    `- Caller: ${event.principalArn ?? event.invokedBy ?? (event.principalAccountId ? `account ${event.principalAccountId}` : '(not in the record)')}`,
    `- ExternalId: ${event.externalId ?? '(none)'}`,
    `- Error: ${event.errorCode ?? '(none)'}`,
    '',
    `**${explanation.summary}**`,
    '',
    '## Statements',
    '',
  ];
  for (const v of explanation.statements) {
    const name = v.sid ? `${v.index + 1}. ${v.sid}` : `${v.index + 1}.`;
    lines.push(`### ${name} (${v.effect}): applies ${v.applies}`);
    lines.push('', `- Action: ${v.action}`, `- Principal: ${v.principal}`);
    for (const c of v.conditions) lines.push(`- Condition ${c.result}: ${c.detail}`);
    lines.push('');
  }
  return lines.join('\n');
}
