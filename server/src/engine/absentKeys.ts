import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { catalogDetails } from '../catalog/details';
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
 * lists at the level of actions: an action carries such a key when it lists it. A key IAM's
 * resource types carry (`iam:ResourceTag/...`, `iam:DelegationRequestOwner`) comes with the
 * resource, whatever the action lists, so it is never judged absent; nor is a key no IAM action
 * lists. No other service's action lists an IAM key (test/unit/engine/absentKeys.test.ts checks
 * the reference). Without the catalog's details nothing is judged absent.
 */
export function actionsNeverAllowed(catalog: Catalog, statement: StatementModel): ActionSet | undefined {
  const condition = statement.condition;
  if (!condition || conditionUnknown(statement)) return undefined;
  let excluded: ActionSet | undefined;
  for (const op of condition.operators) {
    if (!requiresPresence(op.operator)) continue;
    for (const { key } of op.keys) {
      const lower = key.toLowerCase();
      if (!lower.startsWith('iam:')) continue;
      const carrying = actionsCarrying(catalog, lower);
      if (!carrying) continue;
      excluded ??= catalog.emptySet();
      excluded.addAll(carrying.complement());
    }
  }
  return excluded;
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

/** By catalog, then lower-case key: the actions whose request carries it, or null when that is not known. */
const carryingByCatalog = new WeakMap<Catalog, Map<string, ActionSet | null>>();

/** The actions whose request carries IAM key `lower`, or undefined when the key is not one actions list. */
function actionsCarrying(catalog: Catalog, lower: string): ActionSet | undefined {
  let byKey = carryingByCatalog.get(catalog);
  if (!byKey) carryingByCatalog.set(catalog, (byKey = new Map()));
  let carrying = byKey.get(lower);
  if (carrying === undefined) {
    carrying = null;
    const iam = catalog.service('iam');
    const details = iam && catalogDetails(catalog);
    const ofResources = details?.resourceTypeKeys('iam').some((k) => k.toLowerCase() === lower) ?? true;
    if (iam && details && !ofResources) {
      const set = catalog.emptySet();
      for (let index = iam.first; index < iam.end; index++) {
        const keys = details.action(catalog.actionAt(index))?.conditionKeys ?? [];
        if (keys.some((k) => k.toLowerCase() === lower)) set.add(index);
      }
      if (!set.isEmpty()) carrying = set;
    }
    byKey.set(lower, carrying);
  }
  return carrying ?? undefined;
}
