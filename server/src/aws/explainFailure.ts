import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';
import { accountOfArn, AssumeRoleEvent } from './assumeRoleEvent';

/**
 * "Why did this AssumeRole fail?": evaluates a role's trust policy against the caller and ExternalId a
 * CloudTrail record shows, and names the statement part or condition that did not match.
 *
 * Deliberately small and engine-independent for now: Principal / NotPrincipal, Action / NotAction
 * (`sts:AssumeRole`), and conditions on `sts:ExternalId` (plus `aws:PrincipalArn`,
 * `aws:PrincipalAccount` and `aws:MultiFactorAuthPresent`, which the record also shows) with the
 * String*, ...IfExists, Null and Bool operators. Any other key or operator makes the statement
 * "undecided" rather than guessed. To be replaced by the policy engine's evaluation.
 */

export type ExplainEvent = Pick<
  AssumeRoleEvent,
  'principalArn' | 'principalType' | 'principalAccountId' | 'invokedBy' | 'sessionIssuerArn' | 'externalId' | 'mfaAuthenticated' | 'roleArn' | 'errorCode'
> & {
  /** The CloudTrail record; when its `requestParameters` is null (common on failures) the ExternalId is unknown, not absent. */
  raw?: unknown;
};

export type Tri = 'yes' | 'no' | 'unknown';

export interface ConditionCheck {
  operator: string;
  key: string;
  values: string[];
  result: Tri;
  /** One sentence: what was required and what the call had. */
  detail: string;
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

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function asStrings(value: unknown): string[] {
  return asList(value)
    .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(String);
}

/** IAM wildcard match: `*` any run, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
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

function callContext(event: ExplainEvent): CallContext {
  const raw = asObject(event.raw);
  const requestLogged = raw === undefined || asObject(raw.requestParameters) !== undefined;
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

/** `arn:aws:sts::A:assumed-role/Name/session` → `arn:aws:iam::A:role/Name` (without the path, which the session ARN lacks). */
function roleArnOfSession(arn: string | undefined): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn ?? '');
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
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
  if (/^\d{12}$/.test(entry)) return ctx.principalAccount ? (ctx.principalAccount === entry ? 'yes' : 'no') : 'unknown';
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):(.+)$/.exec(entry);
  if (!m) return 'no'; // unique ids (AIDA..., AROA...) stand for a deleted principal and match nobody
  const [, service, account, resource] = m;
  if (ctx.principalAccount && ctx.principalAccount !== account) return 'no';
  if (service === 'iam' && resource === 'root') return ctx.principalAccount ? 'yes' : 'unknown';
  if (!ctx.principalArn) return ctx.principalAccount === account ? 'unknown' : ctx.principalAccount ? 'no' : 'unknown';
  if (entry === ctx.principalArn) return 'yes';
  if (service === 'iam' && resource.startsWith('role/')) {
    if (ctx.principalIamArn === entry) return 'yes';
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(ctx.principalArn);
    // Without the issuer ARN (and its path) a same-named role session is the best evidence we have.
    if (session && session[1] === account && session[2] === roleName && !ctx.principalIamArn?.includes(':role/')) return 'yes';
  }
  return 'no';
}

function matchPrincipalBlock(block: unknown, ctx: CallContext): { result: Tri; named: string[] } {
  if (block === '*') return { result: 'yes', named: ['*'] };
  const o = asObject(block);
  if (!o) return { result: 'no', named: [] };
  const named: string[] = [];
  let result: Tri = 'no';
  for (const [kind, value] of Object.entries(o)) {
    for (const entry of asStrings(value)) {
      named.push(kind === 'AWS' ? entry : `${kind}:${entry}`);
      let r: Tri = 'no';
      if (kind === 'AWS') r = matchAwsPrincipal(entry, ctx);
      else if (kind === 'Service') r = ctx.service ? (ctx.service === entry ? 'yes' : 'no') : 'no';
      if (r === 'yes') result = 'yes';
      else if (r === 'unknown' && result === 'no') result = 'unknown';
    }
  }
  return { result, named };
}

function matchAction(statement: Json): Tri {
  if (statement.Action !== undefined) {
    return asStrings(statement.Action).some((a) => wildcardMatch(a, ACTION, true)) ? 'yes' : 'no';
  }
  if (statement.NotAction !== undefined) {
    return asStrings(statement.NotAction).some((a) => wildcardMatch(a, ACTION, true)) ? 'no' : 'yes';
  }
  return 'no';
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

/** Evaluates one condition operator on one key. */
export function checkCondition(rawOperator: string, key: string, values: string[], ctx: CallContext): ConditionCheck {
  let operator = rawOperator;
  let setQualifier = '';
  const qualified = /^(ForAnyValue|ForAllValues):(.+)$/.exec(operator);
  if (qualified) {
    setQualifier = qualified[1];
    operator = qualified[2];
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const value = contextValue(key, ctx);
  const check = (result: Tri, detail: string): ConditionCheck => ({ operator: rawOperator, key, values, result, detail });
  const requirement = `${rawOperator} ${key} ${quote(values)}`;

  if (!SUPPORTED_KEYS.has(key.toLowerCase())) {
    return check('unknown', `${requirement}: ${key} is not in the CloudTrail record, so this condition was not evaluated.`);
  }
  if (value === null) return check('unknown', `${requirement}: ${describeValue(key, value)}, so this condition cannot be decided.`);

  if (base === 'Null') {
    const wantsAbsent = values.some((v) => v.toLowerCase() === 'true');
    const absent = value === undefined;
    const ok = wantsAbsent === absent;
    return check(ok ? 'yes' : 'no', `${requirement} requires ${key} to be ${wantsAbsent ? 'absent' : 'present'}; ${describeValue(key, value)}.`);
  }

  if (value === undefined) {
    const negated = /^String(Not)/.test(base) || base === 'ArnNotEquals' || base === 'ArnNotLike';
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

function evaluateStatement(statement: Json, index: number, ctx: CallContext): StatementVerdict {
  const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
  const sid = typeof statement.Sid === 'string' ? statement.Sid : undefined;
  const reasons: string[] = [];
  const action = matchAction(statement);
  if (action === 'no') reasons.push(`its Action does not include ${ACTION}`);

  let principal: Tri;
  if (statement.Principal !== undefined) {
    const { result, named } = matchPrincipalBlock(statement.Principal, ctx);
    principal = result;
    if (result === 'no') reasons.push(`its Principal (${named.join(', ') || 'none'}) does not name ${describeCaller(ctx)}`);
    if (result === 'unknown') reasons.push(`the record does not show which principal of account ${ctx.principalAccount} called, so Principal (${named.join(', ')}) cannot be decided`);
  } else if (statement.NotPrincipal !== undefined) {
    const { result, named } = matchPrincipalBlock(statement.NotPrincipal, ctx);
    principal = result === 'yes' ? 'no' : result === 'no' ? 'yes' : 'unknown';
    if (principal === 'no') reasons.push(`its NotPrincipal (${named.join(', ')}) excludes ${describeCaller(ctx)}`);
  } else {
    principal = 'no';
    reasons.push('it has no Principal, which a trust policy statement needs');
  }

  const conditions: ConditionCheck[] = [];
  const block = asObject(statement.Condition);
  if (block) {
    for (const [operator, keys] of Object.entries(block)) {
      const keyBlock = asObject(keys);
      if (!keyBlock) continue;
      for (const [key, values] of Object.entries(keyBlock)) {
        conditions.push(checkCondition(operator, key, asStrings(values), ctx));
      }
    }
  }
  for (const c of conditions) if (c.result === 'no') reasons.push(`condition failed: ${c.detail}`);
  const applies = and([action, principal, ...conditions.map((c) => c.result)]);
  if (applies === 'unknown') {
    for (const c of conditions) if (c.result === 'unknown') reasons.push(c.detail);
  }
  return { index, sid, effect, action, principal, conditions, applies, reasons };
}

function statementName(v: StatementVerdict): string {
  return v.sid ? `statement "${v.sid}"` : `statement ${v.index + 1}`;
}

/** Parses a trust policy (JSON with comments allowed) and returns its statements. */
export function parseTrustPolicy(text: string): Json[] {
  const errors: ParseError[] = [];
  const document = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0];
    throw new TrustPolicyError(`The trust policy is not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}.`);
  }
  const root = asObject(document);
  if (!root) throw new TrustPolicyError('The trust policy must be a JSON object with a Statement.');
  // Accept the `AssumeRolePolicyDocument` wrapper of CloudFormation / `aws iam get-role` output too.
  const policy = asObject(root.AssumeRolePolicyDocument) ?? asObject(asObject(root.Role)?.AssumeRolePolicyDocument) ?? root;
  const statements = asList(policy.Statement).map(asObject).filter((s): s is Json => s !== undefined);
  if (statements.length === 0) throw new TrustPolicyError('The trust policy has no Statement.');
  return statements;
}

/**
 * Explains an AssumeRole call against the role's trust policy: an explicit Deny that matched, or the
 * Allow statements and which of their parts (Action, Principal, condition) did not match the call.
 */
export function explainAssumeRoleFailure(trustPolicyText: string, event: ExplainEvent): FailureExplanation {
  const statements = parseTrustPolicy(trustPolicyText);
  const ctx = callContext(event);
  const verdicts = statements.map((s, i) => evaluateStatement(s, i, ctx));
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
      closest.map((v) => `${statementName(v)}: ${v.conditions.filter((c) => c.result === 'no').map((c) => c.detail).join(' ')}`).join(' ');
  } else {
    summary = `No Allow statement matches ${caller}: ${allows.map((v) => `${statementName(v)}: ${v.reasons.join('; ')}`).join('. ')}.`;
  }
  return { decision: 'implicitDeny', summary, statements: verdicts, failedConditions };
}

/** The explanation as Markdown, for an editor tab or `iamlp` output. */
export function explanationToMarkdown(explanation: FailureExplanation, event: ExplainEvent & { eventId?: string; eventTime?: string }): string {
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
