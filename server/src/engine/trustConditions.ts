import type { Node } from 'jsonc-parser';
import { compileWildcard } from '../catalog/wildcard';
import { KeyCondition } from './conditions';
import { CallContext, contextValue } from './trustCall';

/**
 * One condition of a trust policy statement decided against one AssumeRole call. Only the keys a
 * CloudTrail record shows can be decided (`sts:ExternalId`, `aws:PrincipalArn`,
 * `aws:PrincipalAccount`, `aws:MultiFactorAuthPresent`), and only with the String*, Arn*, ...IfExists,
 * Null and Bool operators: anything else is "unknown" rather than guessed.
 */

/** Three-valued: a record often lacks what a condition or principal needs to be decided. */
export type Tri = 'yes' | 'no' | 'unknown';

/** A span of the trust policy text, so the editor can point at what failed. */
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

const SUPPORTED_KEYS = new Set(['sts:externalid', 'aws:principalarn', 'aws:principalaccount', 'aws:multifactorauthpresent']);
const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike']);

export function rangeOf(from: Node, to: Node = from): SourceRange {
  return { offset: from.offset, length: to.offset + to.length - from.offset };
}

/** IAM wildcard match: `*` any run, `?` one character (case-sensitive unless `ignoreCase`). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return compileWildcard(pattern, { caseSensitive: !ignoreCase })(ignoreCase ? value.toLowerCase() : value);
}

function quote(values: string[]): string {
  return values.map((v) => `"${v}"`).join(' or ');
}

function describeValue(key: string, value: string | undefined | null): string {
  if (value === null) return `the record does not show ${key}`;
  if (value === undefined) return `the call had no ${key}`;
  return `the call had ${key} "${value}"`;
}

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
