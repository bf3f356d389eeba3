import { conditionUnknown, parseOperator } from './conditions';
import { isUnknownValue } from './deployTime';
import { ConditionKeyEntry, StatementModel } from './model';

/** Condition keys that narrow "*" down to known callers. sts:ExternalId is not one: it is not an identity. */
export const PRINCIPAL_NARROWING_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:userid',
];

/** Operators that require a key to match the values given (a Not passes every other value). */
export const REQUIRING_OPERATORS: ReadonlySet<string> = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
]);

/** A condition value that names something: not empty, not only wildcards. */
export function isLiteralValue(value: string): boolean {
  return value.replace(/[*?]/g, '') !== '';
}

/**
 * The keys matching `isKey` that the Condition tests positively, against real values: no
 * Not, no IfExists, no ForAllValues (all of which pass for callers the author did not name), and
 * values that are not only wildcards. `StringLike aws:PrincipalArn "*"` or `StringNotEquals
 * aws:PrincipalAccount` narrow nothing. `isValue` lets a caller refuse more values (a quick fix's
 * placeholder, say).
 */
export function pinningKeys(
  statement: StatementModel,
  isKey: (lowerKey: string) => boolean,
  isValue: (value: string) => boolean = isLiteralValue,
): ConditionKeyEntry[] {
  const keys: ConditionKeyEntry[] = [];
  for (const op of statement.condition?.operators ?? []) {
    // An operator known only at deploy time (Terraform's `test = var.condition_test`) may be one
    // that requires the values, as a Condition known only then may test any key.
    if (!isUnknownValue(op.operatorNode)) {
      const parsed = parseOperator(op.operator);
      if (!parsed.base || !REQUIRING_OPERATORS.has(parsed.base) || parsed.ifExists || parsed.setQualifier === 'ForAllValues') continue;
    }
    for (const key of op.keys) {
      if (!isKey(key.key.toLowerCase())) continue;
      if (key.values.length > 0 && key.values.every((v) => isValue(v.value))) keys.push(key);
    }
  }
  return keys;
}

/** Whether the Condition pins a key matching `isKey` down (pinningKeys), or is known only at deploy time. */
export function pinsDown(
  statement: StatementModel,
  isKey: (lowerKey: string) => boolean,
  isValue: (value: string) => boolean = isLiteralValue,
): boolean {
  return conditionUnknown(statement) || pinningKeys(statement, isKey, isValue).length > 0;
}

const NARROWING_KEYS_LOWER = new Set(PRINCIPAL_NARROWING_KEYS.map((k) => k.toLowerCase()));

/** Whether the Condition really pins the caller down to known principals. */
export function narrowsPrincipal(statement: StatementModel): boolean {
  return pinsDown(statement, (key) => NARROWING_KEYS_LOWER.has(key));
}

/** The keys by which the Condition pins the caller down to known principals (narrowsPrincipal's), for messages. */
export function principalPinningKeys(statement: StatementModel): ConditionKeyEntry[] {
  return pinningKeys(statement, (key) => NARROWING_KEYS_LOWER.has(key));
}
