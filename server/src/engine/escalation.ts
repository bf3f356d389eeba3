import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { compileWildcard } from '../catalog/wildcard';
import { conditionNeverHolds, conditionsOnKey, isUnconditional } from './conditions';
import { GrantCap, canChangeBoundaries, capOf } from './escalationCaps';
import { ACTION_RESOURCES, ESCALATION_PATHS, EscalationPath } from './escalationPaths';
import { PolicyDocument, StatementModel } from './model';
import { PrincipalScope, identityOthers } from './principalScope';
import { PrincipalDenies } from './removableDenies';
import { isBroadPattern, patternCovers, patternsIntersect } from './resourcePatterns';
import { actionArns, mayBeAnyResource } from './resourceTypes';
import { statementActions } from './statementActions';

/** One policy of the set judged together; `source` is undefined for the document being analysed. */
export interface PolicyInScope {
  source?: string;
  document: PolicyDocument;
}

/** An Allow statement granting one action of a path, on a resource the path can abuse. */
export interface EscalationGrant {
  policy: PolicyInScope;
  statement: StatementModel;
  action: string;
  /** The statement has a Condition that may or may not hold. */
  conditional: boolean;
  /** Memo of resourceAllowsAbuse for this statement and action: [any resource, a broad one]. */
  abusable?: [boolean | undefined, boolean | undefined];
  /** Memo of capOf for this statement and action (null: not capped). */
  cap?: GrantCap | null;
  /** Memo of its statement's iam:PassedToService conditions, as tests (passableTo). */
  passedTo?: ServiceTest[][];
}

export interface CompletedPath {
  path: EscalationPath;
  /** Every grant of every action the path needs. */
  grants: EscalationGrant[];
  /** Some action of the path is granted only under a Condition. */
  conditional: boolean;
  /**
   * Every grant of one of the path's actions is capped at policies its author named (a permissions
   * boundary the user or role must carry, the only managed policies it may attach; see
   * engine/escalationCaps.ts), and no policy of the set can change boundaries: the path gives at
   * most what those policies allow.
   */
  capped?: { actions: string[]; boundaries: string[]; policies: string[] };
  /**
   * Denies of the principal's policies that would block the path, and do not: the principal can
   * take a policy off first (`removers`, see engine/removableDenies.ts). The policies by source, ""
   * for the analysed one.
   */
  undone?: { policies: string[]; removers: string[] };
}

interface PathIndex {
  /** Every action some path needs. */
  actions: ActionSet;
  /** Catalog index → the canonical name of a path action. */
  names: Map<number, string>;
  /** Path action name → the positions in ESCALATION_PATHS of the paths needing it, ascending. */
  positionsByAction: Map<string, number[]>;
  /** Path action name → its catalog index. */
  indexOf: Map<string, number>;
  /** Each path's groups as sets (a path completes only when every group is reached). */
  paths: ActionSet[][];
}

const indexes = new WeakMap<Catalog, PathIndex>();

function pathIndex(catalog: Catalog): PathIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const actions = catalog.emptySet();
  const names = new Map<number, string>();
  const positionsByAction = new Map<string, number[]>();
  const indexOf = new Map<string, number>();
  ESCALATION_PATHS.forEach((path, position) => {
    for (const name of new Set(path.requires.flat())) {
      // By index and name only: making the action objects of every service a path touches cost
      // every start of iamlp a few milliseconds, and so did splitting their names into strings.
      // The table spells each action as the catalog does (a test holds it to that).
      const index = catalog.indexOf(name);
      if (index === undefined) continue; // a catalog without the service: the path cannot be granted
      actions.add(index);
      names.set(index, name);
      indexOf.set(name, index);
      const positions = positionsByAction.get(name) ?? [];
      positions.push(position);
      positionsByAction.set(name, positions);
    }
  });
  // From the indexes just found: asking the catalog again for each group's names doubled the lookups of a start.
  const paths = ESCALATION_PATHS.map((path) =>
    path.requires.map((group) =>
      ActionSet.of(
        catalog.size,
        group.flatMap((name) => indexOf.get(name) ?? []),
      ),
    ),
  );
  index = { actions, names, positionsByAction, indexOf, paths };
  indexes.set(catalog, index);
  return index;
}

/** The paths an action belongs to (canonical name, as the catalog spells it). */
export function pathsWithAction(catalog: Catalog, action: string): readonly EscalationPath[] {
  const canonical = catalog.action(action)?.fullName;
  return canonical ? (pathIndex(catalog).positionsByAction.get(canonical) ?? []).map((position) => ESCALATION_PATHS[position]) : [];
}

/** The catalog index of an action some path needs (as the table spells it). */
export function pathActionIndex(catalog: Catalog, action: string): number | undefined {
  return pathIndex(catalog).indexOf.get(action);
}

/**
 * Whether the statement allows `action` on a resource the path can abuse. NotResource and a
 * missing Resource are read as reaching it (what they leave out is not known to be the target).
 */
export function resourceAllowsAbuse(catalog: Catalog, statement: StatementModel, action: string, broad: boolean): boolean {
  if (statement.notResource || !statement.resource) return true;
  const constraint = ACTION_RESOURCES[action];
  const arns = constraint?.arns ?? actionArns(catalog, action);
  return statement.resource.items.some((item) => {
    const value = item.value;
    if (value === '*') return true;
    if (broad && !isBroadPattern(value)) return false;
    if (mayBeAnyResource(value)) return true;
    if (!arns.some((arn) => patternsIntersect(value, arn))) return false;
    return !constraint?.except?.some((except) => patternCovers(except, value));
  });
}

/** Operators whose values say which services the role may be passed to (without IfExists: the key is always there for PassRole). */
const PASSED_TO_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike']);

/**
 * Whether a grant of iam:PassRole can pass a role to a service of the path: false when an
 * iam:PassedToService condition of its statement allows only other services (`"ec2.amazonaws.com"`
 * for a Glue path).
 */
function passableTo(grant: EscalationGrant, path: EscalationPath): boolean {
  if (!path.passedTo || !grant.statement.condition) return true;
  const passedTo = path.passedTo;
  // Read once per grant: a PassRole grant is asked about every path of a service it might be
  // passed to. Kept on the grant, which dies with its document: a WeakMap of statements kept every
  // document alive through V8's young-generation collections.
  grant.passedTo ??= passedToTests(grant.statement);
  return grant.passedTo.every((matchers) => passedTo.some((service) => matchers.some((m) => m(service))));
}

type ServiceTest = (service: string) => boolean;

/** A statement's iam:PassedToService conditions, each as the tests of its values. */
function passedToTests(statement: StatementModel): ServiceTest[][] {
  const tests: ServiceTest[][] = [];
  for (const { parsed, key } of conditionsOnKey(statement, 'iam:PassedToService')) {
    if (!parsed.base || !PASSED_TO_OPERATORS.has(parsed.base) || parsed.setQualifier || parsed.ifExists) continue;
    // IAM's own wildcards (* and ?), not a glob library's: a service name has no braces or classes,
    // and compiling a glob cost more than the rest of this rule in a whole-corpus run.
    tests.push(
      key.values.map((v) => (parsed.base === 'StringLike' ? compileWildcard(v.value) : (s: string) => s === v.value.toLowerCase())),
    );
  }
  return tests;
}

/** resourceAllowsAbuse for a grant, computed once whatever the number of paths that need its action. */
function abusable(catalog: Catalog, grant: EscalationGrant, broad: boolean): boolean {
  const memo = (grant.abusable ??= [undefined, undefined]);
  const slot = broad ? 1 : 0;
  return (memo[slot] ??= resourceAllowsAbuse(catalog, grant.statement, grant.action, broad));
}

/** The services whose actions some path needs, in lower case. */
let pathServices: ReadonlySet<string> | undefined;

/**
 * Whether an Allow may grant an action of some path, by its Action's service prefixes alone: the
 * policies that name only other services' actions (most) need neither the path index nor its
 * lookups into a dozen services' names, 5 ms of a start of iamlp that checks one such policy.
 * NotAction, `*`, a wildcard or deploy-time value in the service may grant any; a service is
 * matched in any case, as the catalog matches it.
 */
function mayGrantPathAction(statement: StatementModel): boolean {
  if (!statement.action || statement.notAction) return true;
  pathServices ??= new Set(ESCALATION_PATHS.flatMap((p) => p.requires.flat().map((a) => a.slice(0, a.indexOf(':')).toLowerCase())));
  const services = pathServices;
  return statement.action.items.some(({ value }) => {
    const colon = value.indexOf(':');
    const service = value.slice(0, colon);
    return colon === -1 || !PLAIN_SERVICE.test(service) || services.has(service.toLowerCase());
  });
}

const PLAIN_SERVICE = /^[A-Za-z0-9-]+$/;

/**
 * The escalation paths a set of policies completes for the one principal they are attached to:
 * every action a path needs is allowed by some statement, on a resource it can abuse, and not
 * removed by an unconditional Deny (PrincipalDenies: the granting policy's own, or another's the
 * principal cannot take off). A statement whose Condition can never hold grants nothing; any
 * other Condition makes the path conditional.
 */
export function completedPaths(catalog: Catalog, policies: readonly PolicyInScope[], now: number = Date.now()): CompletedPath[] {
  // The service prefixes spare a start that checks one policy the path index; once the index is
  // made, the statements' own action sets (made for the other rules already) answer more exactly,
  // and reading every Action's prefixes again cost a run over 1,571 policies 5 ms.
  const made = indexes.get(catalog);
  if (!made && !policies.some((p) => p.document.statements.some((s) => s.effect?.value === 'Allow' && mayGrantPathAction(s)))) return [];
  const index = made ?? pathIndex(catalog);
  // Only the Allows that reach a path action matter; most policies have none, and then the Denies
  // need not be read at all.
  const allows: Array<{ position: number; statement: StatementModel; reached: ActionSet }> = [];
  const reachable = catalog.emptySet();
  for (let position = 0; position < policies.length; position++) {
    for (const statement of policies[position].document.statements) {
      if (statement.effect?.value !== 'Allow') continue;
      const actions = statementActions(catalog, statement);
      if (!actions || !actions.reachesAny(index.actions)) continue;
      if (conditionNeverHolds(statement, now)) continue;
      const reached = actions.within(index.actions);
      reachable.addAll(reached);
      allows.push({ position, statement, reached });
    }
  }
  // Denies, resources and caps only take grants away: when what the Allows reach completes no
  // path, nothing does, and the Denies need not be read (half the policies that reach a path
  // action, over AWS's managed policies, complete none).
  if (allows.length === 0 || !index.paths.some((groups) => groups.every((group) => group.intersects(reachable)))) return [];
  const denies = new PrincipalDenies(
    catalog,
    policies.map((p) => p.document),
    index.actions,
    now,
  );

  const grants = new Map<string, EscalationGrant[]>();
  for (const { position, statement, reached } of allows) {
    const policy = policies[position];
    const granted = reached.removeAll(denies.against(position));
    if (granted.isEmpty()) continue;
    const conditional = !isUnconditional(statement);
    for (const actionIndex of granted.indexes()) {
      const name = index.names.get(actionIndex)!;
      const list = grants.get(name) ?? [];
      list.push({ policy, statement, action: name, conditional });
      grants.set(name, list);
    }
  }
  if (grants.size === 0) return [];

  // Only the paths of a granted action can complete; most policies grant few of them. They are
  // taken in the table's order, the order of the findings. Plain loops, not closures: this runs
  // for each policy that grants a path action, mostly before V8 optimizes it, and a closure made
  // per path and group was most of its cost and garbage.
  const candidates: number[] = [];
  for (const name of grants.keys())
    for (const position of index.positionsByAction.get(name) ?? []) if (!candidates.includes(position)) candidates.push(position);
  candidates.sort((a, b) => a - b);
  const completed: CompletedPath[] = [];
  /** By the boundaries of a cap: whether the principal can lift them (see canChangeBoundaries). */
  const liftable = new Map<string, boolean>();
  for (const position of candidates) {
    const path = ESCALATION_PATHS[position];
    if (!everyGroupGranted(path, grants)) continue;
    const found: EscalationGrant[] = [];
    let conditional = false;
    let complete = true;
    let capped: CompletedPath['capped'];
    for (const group of path.requires) {
      const groupGrants = abusableGrants(catalog, path, group, grants);
      if (groupGrants.length === 0) {
        complete = false;
        break;
      }
      let everyConditional = true;
      for (const grant of groupGrants) {
        if (!grant.conditional) everyConditional = false;
        found.push(grant);
      }
      if (everyConditional) conditional = true;
      capped ??= cappedGroup(catalog, groupGrants);
    }
    if (!complete) continue;
    // Every action of a path acts on the same user or role: one action capped on it caps the whole
    // path, unless the principal can change the boundaries the cap relies on.
    if (capped && capped.boundaries.length > 0) {
      const key = capped.boundaries.join('\n');
      let lifted = liftable.get(key);
      if (lifted === undefined) {
        lifted = canChangeBoundaries(
          catalog,
          policies.map((p) => p.document),
          capped.boundaries,
          now,
        );
        liftable.set(key, lifted);
      }
      if (lifted) capped = undefined;
    }
    const result: CompletedPath = { path, grants: found, conditional };
    if (capped) result.capped = capped;
    if (denies.removers.length > 0) {
      const undone = undoneDenies(policies, denies.own, found, index);
      if (undone.length > 0) result.undone = { policies: undone, removers: [...denies.removers] };
    }
    completed.push(result);
  }
  return completed;
}

/** Whether each group of the path has an action among `grants` (before resources and conditions are read). */
function everyGroupGranted(path: EscalationPath, grants: ReadonlyMap<string, EscalationGrant[]>): boolean {
  for (const group of path.requires) {
    let granted = false;
    for (const action of group) {
      if (grants.has(action)) {
        granted = true;
        break;
      }
    }
    if (!granted) return false;
  }
  return true;
}

/** The grants of a group's actions on a resource the path can abuse (and, for iam:PassRole, to a service of the path). */
function abusableGrants(
  catalog: Catalog,
  path: EscalationPath,
  group: readonly string[],
  grants: ReadonlyMap<string, EscalationGrant[]>,
): EscalationGrant[] {
  const found: EscalationGrant[] = [];
  for (const action of group) {
    const list = grants.get(action);
    if (!list) continue;
    const broad = path.broadResource?.includes(action) ?? false;
    for (const grant of list) {
      if (abusable(catalog, grant, broad) && (action !== 'iam:PassRole' || passableTo(grant, path))) found.push(grant);
    }
  }
  return found;
}

/** The policies (by source; "" for the analysed one) whose Deny covers a grant of another policy of the path. */
function undoneDenies(
  policies: readonly PolicyInScope[],
  ownDenied: readonly ActionSet[],
  grants: readonly EscalationGrant[],
  index: PathIndex,
): string[] {
  const sources = new Set<string>();
  for (const grant of grants) {
    const actionIndex = index.indexOf.get(grant.action);
    if (actionIndex === undefined) continue;
    policies.forEach((policy, i) => {
      if (policy !== grant.policy && ownDenied[i].has(actionIndex)) sources.add(policy.source ?? '');
    });
  }
  return [...sources];
}

/** What caps every grant of a group, when each one is capped (see escalationCaps.ts). */
function cappedGroup(catalog: Catalog, groupGrants: readonly EscalationGrant[]): CompletedPath['capped'] {
  const actions = new Set<string>();
  const boundaries = new Set<string>();
  const policies = new Set<string>();
  for (const grant of groupGrants) {
    // The same grant is in every path of its action: its cap is read once.
    if (grant.cap === undefined) grant.cap = capOf(catalog, grant.statement, grant.action) ?? null;
    const cap = grant.cap;
    if (!cap) return undefined;
    actions.add(grant.action);
    for (const arn of cap.arns) (cap.kind === 'boundary' ? boundaries : policies).add(arn);
  }
  return { actions: [...actions].sort(), boundaries: [...boundaries].sort(), policies: [...policies].sort() };
}

/**
 * Per statement of `doc` (by index), the ids of the paths it contributes to, judged alone or with
 * the other policies of each principal it is attached to: what the code lens counts. A path capped
 * at named policies (CompletedPath.capped) is no escalation, and not counted.
 */
export function pathsByStatement(
  catalog: Catalog,
  doc: PolicyDocument,
  principals: readonly PrincipalScope[] = [],
): Map<number, Set<string>> {
  const self: PolicyInScope = { document: doc };
  const scopes = principals.length === 0 ? [[self]] : principals.map((p) => [self, ...identityOthers(catalog, p)]);
  const result = new Map<number, Set<string>>();
  for (const scope of scopes) {
    for (const completed of completedPaths(catalog, scope)) {
      if (completed.capped) continue;
      for (const grant of completed.grants) {
        if (grant.policy !== self) continue;
        const ids = result.get(grant.statement.index) ?? new Set<string>();
        ids.add(completed.path.id);
        result.set(grant.statement.index, ids);
      }
    }
  }
  return result;
}

/** The paths with an action among `actions` (a pattern's match), for hovers of wildcards. */
export function pathsReaching(catalog: Catalog, actions: ActionSet): EscalationPath[] {
  const index = pathIndex(catalog);
  if (!actions.intersects(index.actions)) return [];
  const reached = new Set(catalog.names(actions.clone().retainAll(index.actions)));
  return ESCALATION_PATHS.filter((p) => p.requires.some((group) => group.some((a) => reached.has(a))));
}
