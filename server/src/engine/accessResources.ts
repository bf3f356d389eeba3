/**
 * Which actions a Resource gives access to, as iamlp diff and the access lens count access
 * (access.ts, accessCompare.ts): s3:GetObject next to a role's ARN is no access to a role, so a
 * role's ARN added to such a statement broadens no S3 action.
 *
 * IAM's actions are read by their resource types, as the rules read them (resourceTypes.ts). Every
 * other action is read by the services of its resource types only: it acts on no ARN of another
 * service, but on any of its own. The reference's types are finer than that, and AWS's own policies
 * grant actions on types the reference does not give them (a config action of connectors on
 * configuration recorders, QuickSight's VPC connections spelled in lower case): a diff that trusted
 * those types would report a grant like these added in HEAD as no access at all. For the same
 * reason an action of no resource type, which the reference says needs `"Resource": "*"`, counts
 * on any ARN (ssmmessages:OpenDataChannel on SSM's sessions).
 */
import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { actionsNaming, literalService, mayBeAnyResource, onResourceValues } from './resourceTypes';

interface Reach {
  /** Every action but IAM's. */
  others: ActionSet;
  /**
   * The actions of no resource type, and those whose types the catalog does not give (one built
   * before it held them): any ARN may name them. IAM's are left to resourceTypes.ts.
   */
  untyped: ActionSet;
  /** By the service of an ARN: the actions but IAM's that may act on it. */
  byService: Map<string, ActionSet>;
}

const reaches = new WeakMap<Catalog, Reach>();

function reachOf(catalog: Catalog): Reach {
  let reach = reaches.get(catalog);
  if (!reach) {
    const untyped: number[] = [];
    for (let index = 0; index < catalog.size; index++) if ((catalog.resourceArnsAt(index)?.length ?? 0) === 0) untyped.push(index);
    reach = {
      others: ActionSet.full(catalog.size).removeAll(catalog.iamAll),
      untyped: ActionSet.of(catalog.size, untyped).removeAll(catalog.iamAll),
      byService: new Map(),
    };
    reaches.set(catalog, reach);
  }
  return reach;
}

/** The actions but IAM's that may act on an ARN of `service` (any case: AWS's own policies are not exact about it). */
function othersOn(catalog: Catalog, reach: Reach, service: string): ActionSet {
  const lower = service.toLowerCase();
  let actions = reach.byService.get(lower);
  if (!actions) {
    actions = ActionSet.union(catalog.size, [actionsNaming(catalog, lower), reach.untyped]).removeAll(catalog.iamAll);
    reach.byService.set(lower, actions);
  }
  return actions;
}

/**
 * Of `actions`, those a Resource of `patterns` (as compared: engine/accessValues.ts) gives access
 * to: `actions` itself when a pattern may be any resource or there is none, else a new set.
 */
export function actionsOnResources(catalog: Catalog, patterns: readonly string[], actions: ActionSet): ActionSet {
  if (actions.isEmpty() || patterns.length === 0 || patterns.some(mayBeAnyResource)) return actions;
  const reach = reachOf(catalog);
  const sets: ActionSet[] = [];
  for (const pattern of patterns) {
    const service = literalService(pattern);
    sets.push(service === undefined ? reach.others : othersOn(catalog, reach, service));
  }
  if (actions.intersects(catalog.iamAll))
    sets.push(onResourceValues(catalog, patterns, ActionSet.unionWithin(catalog.size, [catalog.iamAll], actions)));
  return ActionSet.unionWithin(catalog.size, sets, actions);
}
