import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { conditionNeverHolds } from './conditions';
import { unconditionallyDenied } from './unconditionalDenies';
import { PolicyDocument, StatementModel } from './model';
import { isBroadPattern, patternsIntersect } from './resourcePatterns';
import { statementActions } from './statementActions';

/**
 * What takes a policy off a principal: a managed policy detached, an inline one deleted. A
 * principal allowed one of them can remove another policy's Deny before it uses what the Deny
 * blocks (pathfinding.cloud iam-025 and iam-026).
 */
const POLICY_REMOVING_ACTIONS = [
  'iam:DetachUserPolicy',
  'iam:DetachRolePolicy',
  'iam:DetachGroupPolicy',
  'iam:DeleteUserPolicy',
  'iam:DeleteRolePolicy',
  'iam:DeleteGroupPolicy',
] as const;

const IAM_ARNS = 'arn:*:iam::*:*';

const removingSets = new WeakMap<Catalog, ActionSet>();

function removingSet(catalog: Catalog): ActionSet {
  let set = removingSets.get(catalog);
  if (!set) {
    set = ActionSet.of(catalog.size, catalog.indexesOf(POLICY_REMOVING_ACTIONS));
    removingSets.set(catalog, set);
  }
  return set;
}

/**
 * Whether the statement's Resource can stand for the principal itself. Which user, role or group
 * that is, a policy file does not say: a wildcard over IAM's ARNs may cover it, one named ARN is
 * read as someone else's (as sts:AssumeRole on one named role is), so that a helpdesk grant on
 * `user/contractors/alice` does not undo every Deny of its holder.
 */
function mayCoverItself(statement: StatementModel): boolean {
  if (statement.notResource || !statement.resource) return true;
  return statement.resource.items.some(
    (item) => item.value === '*' || (isBroadPattern(item.value) && patternsIntersect(item.value, IAM_ARNS)),
  );
}

/**
 * The policy-removing actions the policies of one principal allow on a resource that may be the
 * principal itself, and that no unconditional Deny of theirs takes back (a Deny of every IAM write
 * protects itself). Sorted; empty when the principal cannot take a policy off.
 */
export function policyRemovers(catalog: Catalog, documents: readonly PolicyDocument[], now: number = Date.now()): string[] {
  const scope = removingSet(catalog);
  const denied = catalog.emptySet();
  for (const document of documents) denied.addAll(unconditionallyDenied(catalog, document.statements, scope));
  const found = new Set<string>();
  for (const document of documents) {
    for (const statement of document.statements) {
      if (statement.effect?.value !== 'Allow') continue;
      const reached = statementActions(catalog, statement);
      if (!reached || !reached.reachesAny(scope)) continue;
      const granted = reached.within(scope).removeAll(denied);
      if (granted.isEmpty() || conditionNeverHolds(statement, now) || !mayCoverItself(statement)) continue;
      for (const index of granted.indexes()) found.add(catalog.fullNameAt(index));
    }
  }
  return [...found].sort();
}

/**
 * The unconditional Denies of one principal's policies over `scope`, and which of them hold against
 * a grant of each policy: its own always (taking the policy off takes the grant with it), the
 * others' while the principal cannot take a policy off (`removers` empty).
 */
export class PrincipalDenies {
  /** By policy, in the order given: what its own unconditional Denies cover of `scope`. */
  readonly own: readonly ActionSet[];
  /** What any of them covers. */
  readonly all: ActionSet;
  /** The policy-removing actions the principal holds (policyRemovers); read only when a Deny covers something. */
  readonly removers: readonly string[];

  constructor(catalog: Catalog, documents: readonly PolicyDocument[], scope: ActionSet, now: number) {
    this.own = documents.map((document) => unconditionallyDenied(catalog, document.statements, scope));
    this.all = catalog.emptySet();
    for (const set of this.own) this.all.addAll(set);
    this.removers = documents.length > 1 && !this.all.isEmpty() ? policyRemovers(catalog, documents, now) : [];
  }

  /** What is denied to a grant of the policy at `position`. */
  against(position: number): ActionSet {
    return this.removers.length > 0 ? this.own[position] : this.all;
  }
}
