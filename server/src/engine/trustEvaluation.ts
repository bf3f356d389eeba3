import { Catalog, sharedCatalog } from '../catalog/catalog';
import { splitArn } from './arn';
import { keyConditions } from './conditions';
import { PrincipalModel, StatementModel } from './model';
import { ACCOUNT_ID, wholeAccount } from './principals';
import { statementActions } from './statementActions';
import { AssumeRoleCall, CallContext, callContext, describeCaller, roleSession } from './trustCall';
import { checkCondition, ConditionCheck, rangeOf, SourceRange, Tri } from './trustConditions';
import { parseTrustPolicy } from './trustPolicyText';

/**
 * "Why did this AssumeRole fail?": a role's trust policy evaluated against the caller and ExternalId a
 * CloudTrail record shows, naming the statement part or condition that did not match. It runs on the
 * engine's own model (statements, principals and conditions keep their source nodes, so a failed
 * condition carries its range), and Action / NotAction reach sts:AssumeRole through the catalog as
 * the rules see them, so the explanation and the diagnostics cannot disagree on what a policy says.
 * What the record cannot decide stays "undecided" rather than guessed.
 */

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

const ACTION = 'sts:AssumeRole';

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

/** `yes` only when every part is; one `no` decides. */
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
 * Explains an AssumeRole call against the role's trust policy: an explicit Deny that matched, or the
 * Allow statements and which of their parts (Action, Principal, condition) did not match the call.
 */
export function explainAssumeRoleFailure(
  trustPolicyText: string,
  call: AssumeRoleCall,
  catalog: Catalog = sharedCatalog(),
): FailureExplanation {
  const statements = parseTrustPolicy(trustPolicyText);
  const ctx = callContext(call);
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
        `Also check that this is the trust policy of ${call.roleArn ?? 'the role'} as it was at the time of the call.`,
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
    summary = `The trust policy has no Allow statement, so no one can assume ${call.roleArn ?? 'the role'}.`;
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
