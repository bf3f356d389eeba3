import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { conditionUnknown, parseOperator } from './conditions';
import { StatementModel } from './model';

/**
 * The only actions a statement's Condition can let through, when it requires an IAM condition key
 * that the requests of every other action do not carry; undefined when it rules out none. IAM
 * evaluates a test of a key missing from the request as false (unless IfExists, a negated operator
 * or ForAllValues says otherwise), so a statement such as
 * `"Action": ["iam:AttachRolePolicy", "iam:PassRole"]` with a `StringEquals` on
 * `iam:PermissionsBoundary` never allows iam:PassRole, whose request has no boundary.
 *
 * Only IAM's own keys (`iam:...`) are judged, and only those the Service Authorization Reference
 * lists at the level of actions: an action carries such a key when it lists it (the catalog's
 * table, Catalog.iamKeyActions). A key IAM's resource types carry (`iam:ResourceTag/...`,
 * `iam:DelegationRequestOwner`) comes with the resource, whatever the action lists, so it is never
 * judged absent; nor is a key no IAM action lists. No other service's action lists an IAM key
 * (test/unit/engine/absentKeys.test.ts checks the reference).
 */
export function actionsConditionAllows(catalog: Catalog, statement: StatementModel): ActionSet | undefined {
  const condition = statement.condition;
  if (!condition || conditionUnknown(statement)) return undefined;
  // The actions carrying every required key: a few IAM actions. Kept as that rather than as the
  // actions left out (nearly the whole catalog), which every set operation of the statement read.
  let allowed: ActionSet | undefined;
  for (const op of condition.operators) {
    // Most Conditions test no IAM key: their operators need not be read. This runs for every
    // statement whose actions a rule asks about.
    if (!op.keys.some(({ key }) => IAM_KEY.test(key)) || !requiresPresence(op.operator)) continue;
    for (const { key } of op.keys) {
      if (!IAM_KEY.test(key)) continue;
      const carrying = catalog.iamKeyActions(key);
      if (!carrying) continue;
      // The catalog's set is shared: narrowed on a copy.
      allowed = allowed ? allowed.clone().retainAll(carrying) : carrying;
    }
  }
  return allowed;
}

const IAM_KEY = /^iam:/i;

/**
 * Operators that are false for a key missing from the request: all but the negated ones (true for
 * anything they do not name), Null (which tests presence), IfExists and ForAllValues (true without
 * the key). ForAnyValue is false without it, but is left alone with the other set operators.
 */
function requiresPresence(operator: string): boolean {
  const parsed = parseOperator(operator);
  if (!parsed.base || parsed.ifExists || parsed.setQualifier) return false;
  return !parsed.base.includes('Not') && parsed.base !== 'Null';
}
