import type { Node } from 'jsonc-parser';
import { matchItem } from '../engine/actionItems';
import { requireStringEquals } from '../engine/conditionSnippet';
import { insertStatement, removeChildren, replaceNode, snippetString, uniqueSid } from '../engine/edits';
import { CompletedPath, PolicyInScope, completedPaths, pathActionIndex } from '../engine/escalation';
import { ACTION_RESOURCES, EscalationPath } from '../engine/escalationPaths';
import { StatementModel } from '../engine/model';
import { describeSources, identityOthers } from '../engine/principalScope';
import { Fix, FixContext, Rule } from '../engine/rule';
import { splitArn } from '../engine/arn';
import { patternsIntersect, variablesAsWildcards } from '../engine/resourcePatterns';
import { namesEveryResource } from '../engine/resourceTypes';
import { actionList } from '../engine/statementActions';
import { Catalog } from '../catalog/catalog';
import { compileWildcard, hasWildcard } from '../catalog/wildcard';
import { findingStatement } from './utils/findingStatement';
import { statementName } from './utils/statementName';
import { plural, previewList } from '../util/messages';

/** The Sid of the statement the "add a Deny" fix creates. */
export const DENY_ESCALATION_SID = 'DenyPrivilegeEscalation';

/** A path as one statement of the analysed document contributes to it. */
interface Contribution {
  completed: CompletedPath;
  /** The path actions this statement grants. */
  actions: string[];
  /** Where the rest of the path comes from: other statements here, other policies of the principal. */
  elsewhere: string[];
  principal?: string;
}

/** One finding: a statement's action entry and the paths it completes. */
interface Spot {
  statement: StatementModel;
  node: Node;
  contributions: Map<string, Contribution>;
  /** The path actions the entry itself grants: what the fixes remove or deny. */
  keyActions: Set<string>;
}

/**
 * An identity policy (or the set of policies attached to one principal) that grants every action
 * of a known privilege escalation path: see engine/escalationPaths.ts for the table and its sources.
 */
export const privilegeEscalation: Rule = {
  meta: {
    id: 'privilege-escalation',
    severity: 'error',
    category: 'security',
    description: 'The policy, alone or with the other policies of its principal, grants every action of a known privilege escalation path.',
    appliesTo: ['identity'],
    judgesAwsManaged: true,
  },
  check({ doc, catalog, principals, report }) {
    const self: PolicyInScope = { document: doc };
    const scopes: Array<{ principal?: string; policies: PolicyInScope[] }> =
      principals.length === 0
        ? [{ policies: [self] }]
        : principals.map((p) => ({ principal: p.name, policies: [self, ...identityOthers(catalog, p)] }));
    const spots = new Map<number, Spot>();
    const passableByPath: PassableByPath = new Map();
    for (const scope of scopes) {
      let othersAlone: Map<string, CompletedPath> | undefined;
      const completedByOthers = () =>
        (othersAlone ??= new Map(completedPaths(catalog, scope.policies.slice(1)).map((c) => [c.path.id, c])));
      for (const completed of completedPaths(catalog, scope.policies)) {
        if (scope.policies.length > 1 && notThisPolicys(completed, self, completedByOthers)) continue;
        // Each statement of this document with the path actions it grants, in one pass: a policy of
        // thousands of statements that each complete the path was quadratic when filtered per statement.
        const mine = new Map<StatementModel, { granted: Set<string>; where: string }>();
        for (const grant of completed.grants) {
          if (grant.policy !== self) continue;
          let ofStatement = mine.get(grant.statement);
          if (!ofStatement) mine.set(grant.statement, (ofStatement = { granted: new Set(), where: whereOf(grant) }));
          ofStatement.granted.add(grant.action);
        }
        const places = placesOf(completed);
        for (const [statement, { granted, where }] of mine) {
          const actions = [...granted];
          const elsewhere = restOfPath(places, statement, where, actions);
          const node = completingEntry(catalog, statement, completed.path, actions);
          let spot = spots.get(node.offset);
          if (!spot) spots.set(node.offset, (spot = { statement, node, contributions: new Map(), keyActions: new Set() }));
          for (const action of entryActions(catalog, statement, node, actions)) spot.keyActions.add(action);
          if (!spot.contributions.has(completed.path.id)) {
            spot.contributions.set(completed.path.id, {
              completed,
              actions,
              elsewhere,
              ...(elsewhere.length > 0 && scope.principal ? { principal: scope.principal } : {}),
            });
          }
        }
      }
    }
    for (const spot of spots.values()) {
      const all = [...spot.contributions.values()];
      // A path capped at policies the author named is no escalation: it is named only when it is all
      // the entry completes, as information.
      const open = all.filter((c) => !c.completed.capped);
      const contributions = open.length > 0 ? open : all;
      const paths = contributions.map((c) => c.completed.path);
      const conditional = contributions.every((c) => c.completed.conditional);
      const keyActions = [...spot.keyActions].sort();
      report({
        node: spot.node,
        severity: open.length === 0 ? 'info' : undefined,
        message: open.length > 0 ? message(contributions, conditional, passableByPath) : cappedMessage(contributions),
        actions: [...new Set(paths.flatMap((p) => p.requires.flat()))].sort(),
        data: { statement: spot.statement.index, paths: paths.map((p) => p.id), keyActions, capped: open.length === 0 },
      });
    }
  },
  fixes(finding, context) {
    const statement = findingStatement(finding, context.doc);
    const keyActions = finding.data?.keyActions;
    if (!statement || statement.incomplete || !Array.isArray(keyActions) || keyActions.length === 0) return [];
    const actions = keyActions as string[];
    const fixes = [
      removeEntryFix(statement, finding.offset),
      narrowResourceFix(statement, actions),
      passedToServiceFix(statement, actions, finding.data?.paths, context),
      denyFix(actions, context),
    ].filter((f): f is Fix => f !== undefined);
    // A capped path is information: its fixes stay on offer, none the one an editor applies unasked.
    return finding.data?.capped === true ? fixes.map(({ isPreferred: _, ...fix }) => fix) : fixes;
  },
};

/** How many places the rest of a path is named from before the others are counted as "more". */
const NAMED_PLACES = 3;

/** A place the path's actions are granted from (a statement here, another policy), and by which statements. */
interface Place {
  where: string;
  grantors: Map<string, Set<StatementModel>>;
}

/** The places of a completed path's grants, in the order of its grants, and grouped by the actions they grant. */
interface Places {
  list: Place[];
  indexOf: Map<string, number>;
  /** Places granting the same path actions, by position in `list`. */
  byActions: Array<{ actions: string[]; positions: number[] }>;
}

function whereOf(grant: { policy: PolicyInScope; statement: StatementModel }): string {
  return grant.policy.source ?? statementName(grant.statement);
}

function placesOf(completed: CompletedPath): Places {
  const list: Place[] = [];
  const indexOf = new Map<string, number>();
  for (const grant of completed.grants) {
    const where = whereOf(grant);
    let position = indexOf.get(where);
    if (position === undefined) {
      indexOf.set(where, (position = list.length));
      list.push({ where, grantors: new Map() });
    }
    const grantors = list[position].grantors;
    let by = grantors.get(grant.action);
    if (!by) grantors.set(grant.action, (by = new Set()));
    by.add(grant.statement);
  }
  const groups = new Map<string, { actions: string[]; positions: number[] }>();
  list.forEach((place, position) => {
    const actions = [...place.grantors.keys()].sort();
    const key = actions.join(' ');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { actions, positions: [] }));
    group.positions.push(position);
  });
  return { list, indexOf, byActions: [...groups.values()] };
}

/** The actions of `place` that come from another statement than `statement` and are not among `mine`. */
function othersAt(place: Place, statement: StatementModel, mine: readonly string[]): string[] {
  const actions: string[] = [];
  for (const [action, grantors] of place.grantors)
    if (!mine.includes(action) && (grantors.size > 1 || !grantors.has(statement))) actions.push(action);
  return actions;
}

/**
 * Where the path's other actions come from, in words: "iam:PassRole from statement 2", "... from
 * b.json"; past NAMED_PLACES places, "more". A policy of thousands of statements that each
 * complete a path named all the others in each one's message; and looking through every place for
 * every statement made 2,000 NotAction statements take seconds, 20,000 minutes. The places are
 * grouped by the actions they grant, so only the first few of each group that has an action the
 * statement lacks are looked at.
 */
function restOfPath(places: Places, statement: StatementModel, where: string, mine: readonly string[]): string[] {
  const own = places.indexOf.get(where);
  const candidates: number[] = [];
  for (const group of places.byActions) {
    if (group.actions.every((action) => mine.includes(action))) continue;
    let taken = 0;
    for (const position of group.positions) {
      if (position === own) continue;
      candidates.push(position);
      if (++taken > NAMED_PLACES) break;
    }
  }
  // The statement's own place (a Sid it shares, a policy file) counts only for the others' grants.
  if (own !== undefined && othersAt(places.list[own], statement, mine).length > 0) candidates.push(own);
  candidates.sort((a, b) => a - b);
  const named = candidates.slice(0, NAMED_PLACES).map((position) => {
    const place = places.list[position];
    return `${othersAt(place, statement, mine).join(', ')} from ${place.where}`;
  });
  return candidates.length > NAMED_PLACES ? [...named, 'more'] : named;
}

/**
 * The Action entry that completes the path in this statement: the one reaching the path's key
 * action (its first group) when the statement grants it, else the first reaching any of `actions`.
 * A NotAction grants by omission: its whole value.
 */
function completingEntry(catalog: Catalog, statement: StatementModel, path: EscalationPath, actions: readonly string[]): Node {
  const list = actionList(statement);
  if (!list) return statement.node;
  if (statement.notAction && !statement.action) return list.node;
  const key = path.requires[0].filter((a) => actions.includes(a));
  const ordered = [...key, ...actions.filter((a) => !key.includes(a))];
  for (const name of ordered) {
    const index = pathActionIndex(catalog, name);
    if (index === undefined) continue;
    const item = list.items.find((i) => {
      const match = matchItem(catalog, i);
      return match.kind === 'matched' && match.set.has(index);
    });
    if (item) return item.node;
  }
  return list.node;
}

/** Which of `actions` the entry at `node` grants (all of them for a NotAction or the statement itself). */
function entryActions(catalog: Catalog, statement: StatementModel, node: Node, actions: readonly string[]): string[] {
  const item = statement.action?.items.find((i) => i.node === node);
  if (!item) return [...actions];
  const match = matchItem(catalog, item);
  return actions.filter((a) => {
    const index = pathActionIndex(catalog, a);
    return match.kind === 'matched' && index !== undefined && match.set.has(index);
  });
}

/**
 * A path the principal's other policies complete on their own, as surely (no Condition or cap they
 * lack), is theirs to report, unless this policy also completes it alone: taking this policy's
 * part away would close nothing. A role holding AdministratorAccess completes every path; its
 * other policies each taking part in one of them was a finding a reader dismisses.
 */
function notThisPolicys(completed: CompletedPath, self: PolicyInScope, completedByOthers: () => Map<string, CompletedPath>): boolean {
  const selfAlone = completed.path.requires.every((group) => completed.grants.some((g) => g.policy === self && group.includes(g.action)));
  if (selfAlone) return false;
  const othersCover = completed.path.requires.every((group) => completed.grants.some((g) => g.policy !== self && group.includes(g.action)));
  if (!othersCover) return false;
  const alone = completedByOthers().get(completed.path.id);
  return alone !== undefined && (!alone.capped || completed.capped !== undefined) && (!alone.conditional || completed.conditional);
}

function message(contributions: readonly Contribution[], conditional: boolean, passableByPath: PassableByPath): string {
  const [first] = contributions;
  let text =
    contributions.length === 1
      ? `Completes the privilege escalation path ${first.completed.path.title} (${first.completed.path.id}): it gives ${first.completed.path.gives}.`
      : `Completes ${plural(contributions.length, 'privilege escalation path')}: ${previewList(
          contributions.map((c) => `${c.completed.path.title} (${c.completed.path.id})`),
        )}. The first gives ${first.completed.path.gives}.`;
  const passable = passableRoles(first.completed, passableByPath);
  if (passable) text += ` The roles it can pass: ${previewList(passable, NAMED_ROLES)}.`;
  const split = contributions.find((c) => c.elsewhere.length > 0);
  if (split) {
    const whose = split.principal ? ` (principal "${split.principal}")` : '';
    text += ` ${split === first ? 'The rest of it' : `The rest of ${split.completed.path.id}`}: ${describeSources(split.elsewhere)}${whose}.`;
  }
  const undone = contributions.find((c) => c.completed.undone)?.completed.undone;
  if (undone) {
    const named = undone.policies.map((source) => (source === '' ? 'this policy' : source));
    text +=
      ` The Deny of ${describeSources(named)} does not stop it: the principal can take ` +
      `${named.length === 1 ? 'that policy' : 'those policies'} off first (${previewList(undone.removers, 2)}).`;
  }
  if (conditional) text += ' The grant is conditional: the path is open whenever its Condition holds.';
  return text;
}

/** How many passable roles a message names before it says how many more. */
const NAMED_ROLES = 2;

/**
 * The Resource values of a path's iam:PassRole grants, when none of them reaches every role:
 * "any role it can pass" is then these, which tells a reader whether they are worth more than
 * the principal's own permissions. Undefined for a path without PassRole or with one on `*`.
 */
function passableRoles(completed: CompletedPath, passableByPath: PassableByPath): string[] | undefined {
  // Once per path: a policy of thousands of statements has as many findings on the same path.
  let roles = passableByPath.get(completed);
  if (roles === undefined) {
    const grants = completed.grants.filter((g) => g.action === 'iam:PassRole');
    const values =
      grants.length === 0 || grants.some((g) => namesEveryResource(g.statement))
        ? []
        : [...new Set(grants.flatMap((g) => g.statement.resource!.items.map((item) => item.value)))].filter((value) =>
            patternsIntersect(value, ANY_ROLE),
          );
    roles = values.length === 0 || values.some(namesAnyRole) ? null : values;
    passableByPath.set(completed, roles);
  }
  return roles ?? undefined;
}

/**
 * The roles each path can pass, kept for one document (its findings are made once per path). A map
 * of the check's own, not a WeakMap of the module's: V8's young-generation collections keep a weak
 * map's entries, so every document's completed paths (and through their grants its statements and
 * parse tree) stayed to be copied by each of them until a full collection: over the AWS managed
 * policies, half of what those collections copied, and the young generation grew to 16 MB for it.
 */
type PassableByPath = Map<CompletedPath, string[] | null>;

/** Every role: what a value must be able to name to be one of the roles passed (a statement may also list buckets). */
const ANY_ROLE = 'arn:*:iam::*:role/*';

/** Whether a Resource value names a role of any name (`role/*`, `*`): "any role" says it already. */
function namesAnyRole(value: string): boolean {
  const resource = splitArn(value)?.resource;
  return resource !== undefined && compileWildcard(variablesAsWildcards(resource))('role/any-name');
}

/** How many policies a message names before it says how many more. */
const NAMED_POLICIES = 2;

/** The paths an entry completes only within the policies their grants are capped at. */
function cappedMessage(contributions: readonly Contribution[]): string {
  const union = (of: (capped: NonNullable<CompletedPath['capped']>) => string[]) =>
    [...new Set(contributions.flatMap((c) => (c.completed.capped ? of(c.completed.capped) : [])))].sort();
  const actions = union((c) => c.actions);
  const boundaries = union((c) => c.boundaries);
  const policies = union((c) => c.policies);
  const named = contributions.map((c) => `${c.completed.path.title} (${c.completed.path.id})`);
  const paths =
    contributions.length === 1
      ? `the privilege escalation path ${named[0]}`
      : `${plural(contributions.length, 'privilege escalation path')} (${previewList(named)})`;
  const requirements = [
    ...(boundaries.length > 0
      ? [
          `the user or role it acts on to carry the permissions boundary ${previewList(boundaries, NAMED_POLICIES)} (iam:PermissionsBoundary)`,
        ]
      : []),
    ...(policies.length > 0 ? [`the policy it attaches to be ${previewList(policies, NAMED_POLICIES)} (iam:PolicyARN)`] : []),
  ];
  let text =
    `Completes ${paths} only within policies named in its conditions: every grant of ${previewList(actions)} requires ` +
    `${requirements.join(', or ')}, so it gives at most what ${boundaries.length + policies.length === 1 ? 'that policy allows' : 'those policies allow'}.`;
  if (boundaries.length > 0) {
    text +=
      ' A boundary holds while neither this policy nor another of its principal allows iam:DeleteRolePermissionsBoundary, ' +
      'iam:DeleteUserPermissionsBoundary, or iam:PutRolePermissionsBoundary or iam:PutUserPermissionsBoundary of another boundary.';
  }
  return text;
}

/** Drop the entry the finding is on, when it names one action and others remain. */
function removeEntryFix(statement: StatementModel, offset: number): Fix | undefined {
  const list = statement.action;
  if (!list || statement.notAction || list.node.type !== 'array' || list.items.length < 2) return undefined;
  const item = list.items.find((i) => i.node.offset === offset);
  if (!item || hasWildcard(item.value)) return undefined;
  return {
    title: `Remove "${item.value}" from this statement`,
    kind: 'quickfix',
    edits: removeChildren(list.node, [item.node]),
    isPreferred: true,
  };
}

/** An example ARN of the resources an action is abused on, for a placeholder the user replaces. */
export function placeholderArn(action: string): string {
  const pattern = ACTION_RESOURCES[action]?.arns[0];
  if (!pattern) return `arn:aws:${action.slice(0, action.indexOf(':'))}:us-east-1:111122223333:RESOURCE-NAME`;
  return pattern
    .replace(/^arn:\*:/, 'arn:aws:')
    .replace(/^(arn:aws:[^:]+:):\*:/, '$1:111122223333:')
    .replace(/^(arn:aws:[^:]+:)\*:\*:/, '$1us-east-1:111122223333:')
    .replace(/\/\*$/, '/NAME');
}

/** Replace a `"*"` Resource with a placeholder ARN of the key action's resources. */
function narrowResourceFix(statement: StatementModel, actions: readonly string[]): Fix | undefined {
  const star = statement.resource?.items.find((i) => i.value === '*');
  if (!star) return undefined;
  return {
    title: `Narrow the Resource to the ${actions[0]} resources this statement needs`,
    kind: 'quickfix',
    edits: [replaceNode(star.node, snippetString(1, placeholderArn(actions[0])))],
    snippet: true,
  };
}

/** The service principal a path passes a role to, for the iam:PassedToService placeholder. */
function passedToService(paths: unknown): string {
  const id = Array.isArray(paths) ? String(paths[0]) : '';
  const service = /^passrole-([a-z0-9]+)/.exec(id)?.[1] ?? 'SERVICE';
  const principals: Record<string, string> = {
    ecs: 'ecs-tasks',
    autoscaling: 'ec2',
    datapipeline: 'datapipeline',
    codestar: 'cloudformation',
  };
  return `${principals[service] ?? service}.amazonaws.com`;
}

/** iam:PassRole alone in its statement: restrict it to the one service that needs it. */
function passedToServiceFix(
  statement: StatementModel,
  actions: readonly string[],
  paths: unknown,
  { text, format }: FixContext,
): Fix | undefined {
  if (!actions.includes('iam:PassRole') || !statement.action || statement.notAction) return undefined;
  // The Condition applies to every action of the statement: only a PassRole-only statement takes it.
  if (!statement.action.items.every((i) => i.value.toLowerCase() === 'iam:passrole')) return undefined;
  const edit = requireStringEquals(text, statement, format, 'iam:PassedToService', passedToService(paths));
  if (!edit) return undefined;
  return { title: 'Restrict iam:PassRole with iam:PassedToService', kind: 'quickfix', edits: [edit], snippet: true };
}

/** Add a statement denying the key actions. */
function denyFix(actions: readonly string[], { text, doc, format }: FixContext): Fix | undefined {
  const edit = insertStatement(text, doc, format, {
    Sid: uniqueSid(doc, DENY_ESCALATION_SID),
    Effect: 'Deny',
    Action: actions.length === 1 ? actions[0] : [...actions],
    Resource: '*',
  });
  if (!edit) return undefined;
  return { title: `Add a statement denying ${previewList(actions, 2)}`, kind: 'quickfix', edits: [edit] };
}
