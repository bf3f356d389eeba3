/**
 * Which actions a statement's Resource can reach, by the resource types the Service Authorization
 * Reference gives each action: `"Action": "*"` on an S3 bucket grants no IAM write, and
 * `codebuild:*` on report groups starts no build (codebuild:StartBuild acts on projects).
 */
import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { detached } from '../util/strings';
import { isUnknownValue } from './deployTime';
import { StatementModel } from './model';
import { patternsIntersect } from './resourcePatterns';

/**
 * The ARNs an action can act on: those of its resource types where the catalog says (the actions
 * of the escalation paths and every IAM action: scripts/build-catalog.mjs), else, for an action of
 * no resource type or one the catalog says nothing of, any ARN of its own service.
 */
export function actionArns(catalog: Catalog, action: string): readonly string[] {
  const ofTypes = catalog.resourceTypeArns(action);
  return ofTypes && ofTypes.length > 0 ? ofTypes : [`arn:*:${action.slice(0, action.indexOf(':')).toLowerCase()}:*:*:*`];
}

/** Answers by scope and by the statement's Resource values; few distinct lists recur, policy after policy. */
const reachByScope = new WeakMap<ActionSet, Map<string, ActionSet>>();
const LISTS_KEPT = 4096;

/**
 * The actions of `scope` the statement's Resource can apply to (do not modify the result). A
 * missing Resource, NotResource, `*` and a value known only at deploy time reach every one of
 * them: what they leave out is not known.
 */
export function actionsOnResources(catalog: Catalog, statement: StatementModel, scope: ActionSet): ActionSet {
  const items = statement.resource?.items;
  if (statement.notResource || !items || items.length === 0) return scope;
  if (items.some((item) => item.value === '*' || isUnknownValue(item.node))) return scope;
  let known = reachByScope.get(scope);
  if (!known) reachByScope.set(scope, (known = new Map()));
  const key = items.map((item) => item.value).join('\n');
  let reached = known.get(key);
  if (!reached) {
    reached = catalog.emptySet();
    for (const index of scope.indexes()) {
      const arns = actionArns(catalog, catalog.fullNameAt(index));
      if (items.some((item) => arns.some((arn) => patternsIntersect(item.value, arn)))) reached.add(index);
    }
    if (known.size >= LISTS_KEPT) known.clear();
    // The values are slices of the policy's text: a key of its own keeps no version of it alive.
    known.set(detached(key), reached);
  }
  return reached;
}
