import { isUnknownValue } from './deployTime';
import { ConditionKeyEntry, ConditionOperatorEntry, StatementModel } from './model';

/** IAM's condition operators, without the IfExists suffix and set qualifiers. */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

const BY_LOWER = new Map(CONDITION_OPERATORS.map((op) => [op.toLowerCase(), op]));

export interface ParsedOperator {
  written: string;
  /** The canonical operator name, or undefined when IAM has no such operator. */
  base?: (typeof CONDITION_OPERATORS)[number];
  ifExists: boolean;
  setQualifier?: 'ForAllValues' | 'ForAnyValue';
}

export function parseOperator(written: string): ParsedOperator {
  let rest = written;
  let setQualifier: ParsedOperator['setQualifier'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === 'forallvalues') setQualifier = 'ForAllValues';
    else if (qualifier === 'foranyvalue') setQualifier = 'ForAnyValue';
    else return { written, ifExists: false };
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  // Null takes no IfExists: "does the key exist" is its whole question.
  if (base === 'Null' && ifExists) return { written, ifExists, setQualifier };
  return { written, base, ifExists, setQualifier };
}

/**
 * A statement whose Condition is absent or tests no key (`{}`, or operators holding `{}`) applies
 * whenever it matches, as empty-element tells the author. A key with an empty list of values does
 * test something, and nobody can say what: that one counts as a condition.
 */
export function isUnconditional(statement: StatementModel): boolean {
  const condition = statement.condition;
  return !condition || condition.operators.every((op) => op.valueNode.type === 'object' && op.keys.length === 0);
}

export interface KeyCondition {
  operator: ConditionOperatorEntry;
  parsed: ParsedOperator;
  key: ConditionKeyEntry;
}

/** Every test the statement's Condition makes, in the order written. */
export function keyConditions(statement: StatementModel): KeyCondition[] {
  const found: KeyCondition[] = [];
  for (const operator of statement.condition?.operators ?? []) {
    const parsed = parseOperator(operator.operator);
    for (const key of operator.keys) found.push({ operator, parsed, key });
  }
  return found;
}

/**
 * The statement's whole Condition is known only at deploy time (a Terraform `dynamic "condition"`
 * block): it may test any key, so no rule may say a key is missing.
 */
export function conditionUnknown(statement: StatementModel): boolean {
  return isUnknownValue(statement.condition?.node);
}

/** Every test the statement's Condition makes on `key` (condition keys are case-insensitive). */
export function conditionsOnKey(statement: StatementModel, key: string): KeyCondition[] {
  const lower = key.toLowerCase();
  return keyConditions(statement).filter((c) => c.key.key.toLowerCase() === lower);
}

/** Keys whose value is the time of the request or of its credentials, never in the future. */
const PAST_BOUND_KEYS = new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime']);

function instantOf(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Whether the statement's Condition can never hold from `now` on: a DateLessThan(Equals) on the
 * request's time, or on its credentials' issue time, with every value in the past (the time only
 * moves forward; a token issued later is no older). Other conditions may hold: undecided, false.
 * IfExists on aws:TokenIssueTime holds for long-term keys, which have no such key: not impossible.
 */
export function conditionNeverHolds(statement: StatementModel, now: number = Date.now()): boolean {
  return keyConditions(statement).some(({ parsed, key }) => {
    if (parsed.base !== 'DateLessThan' && parsed.base !== 'DateLessThanEquals') return false;
    if (parsed.setQualifier || !PAST_BOUND_KEYS.has(key.key.toLowerCase())) return false;
    if (parsed.ifExists && key.key.toLowerCase() === 'aws:tokenissuetime') return false;
    if (key.values.length === 0) return false;
    return key.values.every((v) => {
      const at = instantOf(v.value);
      return at !== undefined && at < now;
    });
  });
}
