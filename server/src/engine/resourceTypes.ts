/**
 * Which actions a statement's Resource can reach, by the resource types the Service Authorization
 * Reference gives each action: `"Action": "*"` on an S3 bucket grants no IAM write, and
 * `codebuild:*` on report groups starts no build (codebuild:StartBuild acts on projects).
 */
import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { splitArn } from './arn';
import { StatementModel } from './model';
import { patternsIntersect } from './resourcePatterns';

/**
 * The ARNs an action can act on: those of its resource types where the catalog says (the actions
 * of the escalation paths and every IAM action: scripts/build-catalog.mjs), else any ARN of its own
 * service. Also for an action the reference gives no resource type, for which it asks for
 * `"Resource": "*"`: AWS's own policies grant some of them on ARNs they mean to work
 * (cloudformation:CreateStackSet on stack sets, bedrock-agentcore:CreateCodeInterpreter on the
 * service's ARNs), so the reference is not taken to rule those ARNs out.
 */
export function actionArns(catalog: Catalog, action: string): readonly string[] {
  const ofTypes = catalog.resourceTypeArns(action);
  return ofTypes && ofTypes.length > 0 ? ofTypes : [`arn:*:${action.slice(0, action.indexOf(':')).toLowerCase()}:*:*:*`];
}

/** actionArns by action index: the same few actions are asked about, statement after statement. */
const arnsByIndex = new WeakMap<Catalog, Map<number, readonly string[]>>();

function arnsAt(catalog: Catalog, index: number): readonly string[] {
  let known = arnsByIndex.get(catalog);
  if (!known) arnsByIndex.set(catalog, (known = new Map()));
  let arns = known.get(index);
  if (!arns) known.set(index, (arns = actionArns(catalog, catalog.fullNameAt(index))));
  return arns;
}

/**
 * A Resource value that may be anything: `*`, or a value known only at deploy time or request
 * time as a whole (`${Ref}`, `${var.arn}`: engine/deployTime.ts). One of a known shape with such
 * parts (`arn:aws:iam::${AccountId}:role/app`) is matched with each part as a wildcard.
 */
const ANYTHING = /^(?:\*|\$\{[^}]*\})+$/;

export function mayBeAnyResource(value: string): boolean {
  // Most values are ARNs: the first character rules them out before the expression runs.
  const first = value[0];
  return (first === '*' || first === '$') && ANYTHING.test(value);
}

/** The service of an ARN or ARN pattern when it is written out (`s3` of `arn:aws:s3:::b/*`), else undefined. */
function literalService(value: string): string | undefined {
  const service = splitArn(value)?.service;
  return service && !/[*?$]/.test(service) ? service : undefined;
}

/** By service: the actions one of whose ARNs is of that service (actionArns), made on first use. */
const namingByCatalog = new WeakMap<Catalog, Map<string, ActionSet>>();

/**
 * The actions one of whose ARNs is of `service`: the service's own actions the catalog gives no
 * resource type, and every action one of whose resource types is of that service.
 */
function actionsNaming(catalog: Catalog, service: string): ActionSet {
  let known = namingByCatalog.get(catalog);
  if (!known) namingByCatalog.set(catalog, (known = new Map()));
  let naming = known.get(service);
  if (!naming) {
    naming = catalog.emptySet();
    const mentions = (index: number) => arnsAt(catalog, index).some((arn) => literalService(arn) === service);
    const own = catalog.service(service);
    if (own) for (let index = own.first; index < own.end; index++) if (mentions(index)) naming.add(index);
    for (const index of catalog.resourceTypedActions()) if (mentions(index)) naming.add(index);
    known.set(service, naming);
  }
  return naming;
}

/**
 * Whether the statement's Resource can name any resource of any type: a missing Resource,
 * NotResource, or a value that may be anything (what they leave out is not known).
 */
export function namesEveryResource(statement: StatementModel): boolean {
  const items = statement.resource?.items;
  if (statement.notResource || !items || items.length === 0) return true;
  return items.some((item) => mayBeAnyResource(item.value));
}

/**
 * Of `actions`, those the statement's Resource can apply to: `actions` itself when it can name
 * any resource (see namesEveryResource), else a new set.
 */
export function onResources(catalog: Catalog, statement: StatementModel, actions: ActionSet): ActionSet {
  if (namesEveryResource(statement)) return actions;
  const items = statement.resource!.items;
  // A literal service that is not the type's rules a pair out before any matching: a policy of
  // thousands of statements granting iam:List* on buckets matched each bucket against IAM's types.
  const services = items.map((item) => literalService(item.value));
  if (services.every((service) => service !== undefined && !actionsNaming(catalog, service).intersects(actions))) return catalog.emptySet();
  // Actions share a few resource types (IAM's: users, roles, groups, policies...): each type's
  // pattern is matched against the Resource once.
  const named = new Map<string, boolean>();
  const namesType = (arn: string): boolean => {
    let verdict = named.get(arn);
    if (verdict === undefined) {
      const service = literalService(arn);
      verdict = items.some(
        (item, i) => (services[i] === undefined || service === undefined || services[i] === service) && patternsIntersect(item.value, arn),
      );
      named.set(arn, verdict);
    }
    return verdict;
  };
  const kept: number[] = [];
  for (const index of actions.indexes()) if (arnsAt(catalog, index).some(namesType)) kept.push(index);
  return ActionSet.of(catalog.size, kept);
}
