import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { conditionUnknown, parseOperator } from './conditions';
import { StatementModel } from './model';

/**
 * The actions a statement's Condition can never let through because it requires an IAM condition
 * key their requests do not carry. IAM evaluates a test of a key missing from the request as false
 * (unless IfExists, a negated operator or ForAllValues says otherwise), so a statement such as
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
export function actionsNeverAllowed(catalog: Catalog, statement: StatementModel): ActionSet | undefined {
  const condition = statement.condition;
  if (!condition || conditionUnknown(statement)) return undefined;
  let excluded: ActionSet | undefined;
  for (const op of condition.operators) {
    // Most Conditions test no IAM key: their operators need not be read. This runs for every
    // statement whose actions a rule asks about.
    if (!op.keys.some(({ key }) => IAM_KEY.test(key)) || !requiresPresence(op.operator)) continue;
    for (const { key } of op.keys) {
      if (!IAM_KEY.test(key)) continue;
      const carrying = catalog.iamKeyActions(key);
      if (!carrying) continue;
      excluded ??= catalog.emptySet();
      excluded.addAll(notCarrying(carrying));
    }
  }
  return excluded;
}

const IAM_KEY = /^iam:/i;

/** By the catalog's set of the actions carrying a key: every other action, made once. */
const others = new WeakMap<ActionSet, ActionSet>();

function notCarrying(carrying: ActionSet): ActionSet {
  let set = others.get(carrying);
  if (!set) others.set(carrying, (set = carrying.complement()));
  return set;
}

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
