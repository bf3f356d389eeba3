/**
 * Which actions a statement's Resource can reach, by the resource types the Service Authorization
 * Reference gives each action: `"Action": "*"` on an S3 bucket grants no IAM write, and
 * `codebuild:*` on report groups starts no build (codebuild:StartBuild acts on projects).
 */
import { ActionSet } from '../catalog/actionSet';
import { Catalog, CatalogService } from '../catalog/catalog';
import { splitArn } from './arn';
import { StatementModel } from './model';
import { patternsIntersect } from './resourcePatterns';

/**
 * The ARNs an action can act on: those of its resource types (scripts/build-catalog.mjs), else any
 * ARN of its own service. Also for an action the reference gives no resource type, for which it
 * asks for `"Resource": "*"`: AWS's own policies grant some of them on ARNs they mean to work
 * (cloudformation:CreateStackSet on stack sets, bedrock-agentcore:CreateCodeInterpreter on the
 * service's ARNs), so the reference is not taken to rule those ARNs out.
 */
export function actionArns(catalog: Catalog, action: string): readonly string[] {
  const index = catalog.indexOf(action);
  return index === undefined ? [ownServiceArn(action.slice(0, action.indexOf(':')))] : arnsAt(catalog, index);
}

function ownServiceArn(prefix: string): string {
  return `arn:*:${prefix.toLowerCase()}:*:*:*`;
}

/** By catalog: the own-service ARN lists of the actions of no resource type, one per service. */
const ownServiceLists = new WeakMap<Catalog, Map<string, readonly string[]>>();

/** actionArns by action index. */
function arnsAt(catalog: Catalog, index: number): readonly string[] {
  const ofTypes = catalog.resourceArnsAt(index);
  if (ofTypes && ofTypes.length > 0) return ofTypes;
  const prefix = catalog.serviceAt(index)!.prefix;
  let lists = ownServiceLists.get(catalog);
  if (!lists) ownServiceLists.set(catalog, (lists = new Map()));
  let list = lists.get(prefix);
  if (!list) lists.set(prefix, (list = [ownServiceArn(prefix)]));
  return list;
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
export function literalService(value: string): string | undefined {
  let service: string | undefined;
  if (value.includes('${')) service = splitArn(value)?.service;
  else if (value.startsWith('arn:')) {
    // As splitArn reads it (six parts or more, the service the third), without splitting: rules and
    // diffs ask this of every Resource value and of the catalog's 2,000 type patterns.
    const second = value.indexOf(':', 4);
    const third = second === -1 ? -1 : value.indexOf(':', second + 1);
    const fourth = third === -1 ? -1 : value.indexOf(':', third + 1);
    if (fourth !== -1 && value.indexOf(':', fourth + 1) !== -1) service = value.slice(second + 1, third);
  }
  return service && !/[*?$]/.test(service) ? service : undefined;
}

interface Naming {
  /** By ARN pattern of a resource type: its literal service (some 2,000 patterns for 22,000 actions). */
  serviceOfArn: Map<string, string | undefined>;
  /** By service: the catalog's services one of whose actions may act on an ARN of it. */
  servicesNaming: Map<string, CatalogService[]>;
  /** The services with an ARN pattern of no literal service (`arn:*:${Vendor}:*:*:*`): of any service. */
  openServices: CatalogService[];
  /** By service: the actions one of whose ARNs is of it, made on first use. */
  actions: Map<string, ActionSet>;
}

const namingByCatalog = new WeakMap<Catalog, Naming>();

function namingOf(catalog: Catalog): Naming {
  let naming = namingByCatalog.get(catalog);
  if (naming) return naming;
  naming = { serviceOfArn: new Map(), servicesNaming: new Map(), openServices: [], actions: new Map() };
  const add = (service: string, of: CatalogService) => {
    const list = naming!.servicesNaming.get(service);
    if (!list) naming!.servicesNaming.set(service, [of]);
    else if (list[list.length - 1] !== of) list.push(of);
  };
  // Only the services' tables of ARN patterns are read here; an action's own list, when one of
  // its service's patterns is of the service asked about.
  for (const service of catalog.services) {
    add(service.prefix, service); // its actions of no resource type
    let open = false;
    for (const arn of catalog.serviceResourceArns(service)) {
      const of = serviceOfArn(naming, arn);
      if (of === undefined) open = true;
      else if (of !== service.prefix) add(of, service);
    }
    if (open) naming.openServices.push(service);
  }
  namingByCatalog.set(catalog, naming);
  return naming;
}

/** literalService of a resource type's ARN pattern, once a pattern. */
function serviceOfArn(naming: Naming, arn: string): string | undefined {
  let of = naming.serviceOfArn.get(arn);
  if (of === undefined && !naming.serviceOfArn.has(arn)) naming.serviceOfArn.set(arn, (of = literalService(arn)));
  return of;
}

/**
 * The actions one of whose ARNs may be of `service`: the service's own actions of no resource
 * type, and every action one of whose resource types is of that service or of any.
 */
export function actionsNaming(catalog: Catalog, service: string): ActionSet {
  const naming = namingOf(catalog);
  let actions = naming.actions.get(service);
  if (!actions) {
    const kept: number[] = [];
    const mayBeOf = (arn: string) => {
      const of = serviceOfArn(naming, arn);
      return of === undefined || of === service;
    };
    for (const of of new Set([...(naming.servicesNaming.get(service) ?? []), ...naming.openServices]))
      for (let index = of.first; index < of.end; index++) if (arnsAt(catalog, index).some(mayBeOf)) kept.push(index);
    actions = ActionSet.of(catalog.size, kept);
    naming.actions.set(service, actions);
  }
  return actions;
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
  return onResourceValues(
    catalog,
    statement.resource!.items.map((item) => item.value),
    actions,
  );
}

/** onResources of Resource values none of which may be any resource. */
export function onResourceValues(catalog: Catalog, values: readonly string[], actions: ActionSet): ActionSet {
  // A literal service that is not the type's rules a pair out before any matching: a policy of
  // thousands of statements granting iam:List* on buckets matched each bucket against IAM's types.
  const services = values.map(literalService);
  if (services.every((service) => service !== undefined && !actionsNaming(catalog, service).intersects(actions))) return catalog.emptySet();
  // Actions share a few resource types (IAM's: users, roles, groups, policies...): each type's
  // pattern is matched against the Resource once.
  const named = new Map<string, boolean>();
  const naming = namingOf(catalog);
  const namesType = (arn: string): boolean => {
    let verdict = named.get(arn);
    if (verdict === undefined) {
      const service = serviceOfArn(naming, arn);
      verdict = values.some(
        (value, i) => (services[i] === undefined || service === undefined || services[i] === service) && patternsIntersect(value, arn),
      );
      named.set(arn, verdict);
    }
    return verdict;
  };
  const kept: number[] = [];
  for (const index of actions.indexes()) if (arnsAt(catalog, index).some(namesType)) kept.push(index);
  return ActionSet.of(catalog.size, kept);
}
