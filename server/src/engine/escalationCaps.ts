import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { hasWildcard } from '../catalog/wildcard';
import { conditionNeverHolds, conditionUnknown, conditionsOnKey } from './conditions';
import { PrincipalDenies } from './removableDenies';
import { PolicyDocument, StatementModel } from './model';
import { REQUIRING_OPERATORS, isLiteralValue } from './principalNarrowing';
import { statementActions } from './statementActions';

/**
 * What caps the grant of an escalation path's action at policies its author named, so that the path
 * gives no more than they allow. The actions that take each key are the catalog's (the Service
 * Authorization Reference, Catalog.iamKeyActions):
 * - a required permissions boundary (iam:PermissionsBoundary): the user or role acted on must carry
 *   it, and a boundary caps whatever is attached to, written into or assumed of it. AWS's guardrail
 *   for delegating role management;
 * - the only managed policies that may be attached (iam:PolicyARN).
 */
export interface GrantCap {
  kind: 'boundary' | 'policy';
  arns: string[];
}

/**
 * Managed policies that are themselves the escalation: attaching only these is no cap. A
 * customer managed policy is taken at its name: the finding names it, for the reader to judge.
 */
const ESCALATING_MANAGED_POLICIES = new Set(['administratoraccess', 'iamfullaccess', 'poweruseraccess']);

/**
 * What takes a boundary off a user or role, or puts another on: a principal allowed one of these
 * lifts the cap (it attaches first, then swaps the boundary). A Put that requires
 * iam:PermissionsBoundary may only put the boundaries it names, which lifts nothing when they are
 * the cap's own; a Delete so conditioned takes exactly that boundary off.
 */
const BOUNDARY_REMOVING_ACTIONS = ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'];
const BOUNDARY_SETTING_ACTIONS = ['iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'];

/**
 * The values the statement requires `key` to match: a requiring operator, without IfExists (which
 * passes a request without the key) or a set qualifier, against values that all pass `usable`.
 * Undefined when it requires none, or when its Condition is known only at deploy time.
 */
function requiredValues(statement: StatementModel, key: string, usable: (value: string) => boolean): string[] | undefined {
  if (!statement.condition || conditionUnknown(statement)) return undefined;
  for (const { parsed, key: tested } of conditionsOnKey(statement, key)) {
    if (!parsed.base || !REQUIRING_OPERATORS.has(parsed.base) || parsed.ifExists || parsed.setQualifier) continue;
    if (tested.values.length > 0 && tested.values.every((v) => usable(v.value))) return tested.values.map((v) => v.value);
  }
  return undefined;
}

/**
 * The permissions boundaries the statement requires the user or role it acts on to carry, when it
 * names them: a wildcard in the name (`policy/*`) takes whatever boundary some role carries, and a
 * boundary of AdministratorAccess caps nothing. The account may be a wildcard, and the name one
 * chosen at deploy time: a boundary the template's author picks is still one boundary.
 */
export function requiredBoundaries(statement: StatementModel): string[] | undefined {
  return requiredValues(statement, 'iam:PermissionsBoundary', (arn) => {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    return isLiteralValue(arn) && !hasWildcard(name) && !ESCALATING_MANAGED_POLICIES.has(name.toLowerCase());
  });
}

/**
 * The managed policies the statement lets be attached, when it names them exactly: a wildcard
 * (`arn:aws:iam::aws:policy/*`) lets AdministratorAccess through, and so does naming it, or a name
 * known only at deploy time or from a policy variable (`policy/${PolicyName}`).
 */
export function attachablePolicies(statement: StatementModel): string[] | undefined {
  return requiredValues(statement, 'iam:PolicyARN', namesAHarmlessPolicy);
}

function namesAHarmlessPolicy(policyArn: string): boolean {
  const name = policyArn.slice(policyArn.lastIndexOf('/') + 1);
  // By name alone, whatever the partition or account: a customer policy called AdministratorAccess
  // is read as what it says, and `arn:${AWS::Partition}:...` is how templates write AWS's own.
  return (
    isLiteralValue(policyArn) && !hasWildcard(policyArn) && !name.includes('${') && !ESCALATING_MANAGED_POLICIES.has(name.toLowerCase())
  );
}

/** What caps a statement's grant of `action`, if anything does: a required boundary first. */
export function capOf(catalog: Catalog, statement: StatementModel, action: string): GrantCap | undefined {
  const index = catalog.indexOf(action);
  if (index === undefined) return undefined;
  const boundaries = catalog.iamKeyActions('iam:PermissionsBoundary')?.has(index) ? requiredBoundaries(statement) : undefined;
  if (boundaries) return { kind: 'boundary', arns: boundaries };
  const policies = catalog.iamKeyActions('iam:PolicyARN')?.has(index) ? attachablePolicies(statement) : undefined;
  return policies ? { kind: 'policy', arns: policies } : undefined;
}

/**
 * Whether some Allow of `documents` (the policies of one principal) lets it take a permissions
 * boundary off, or put on one other than `caps`, whatever the resource: then `caps` do not cap
 * what its other grants give. An unconditional Deny of the action in the same policy takes the
 * Allow back, and one in another policy does while the principal cannot take that policy off
 * (removableDenies.ts).
 */
export function canChangeBoundaries(catalog: Catalog, documents: readonly PolicyDocument[], caps: readonly string[], now: number): boolean {
  const removing = catalog.indexesOf(BOUNDARY_REMOVING_ACTIONS);
  const setting = catalog.indexesOf(BOUNDARY_SETTING_ACTIONS);
  const scope = ActionSet.of(catalog.size, [...removing, ...setting]);
  // Read only when some Allow reaches a lifting action: most principals hold none.
  let denies: PrincipalDenies | undefined;
  const deniedFor = (position: number): ActionSet => (denies ??= new PrincipalDenies(catalog, documents, scope, now)).against(position);
  for (let i = 0; i < documents.length; i++) {
    for (const statement of documents[i].statements) {
      if (statement.effect?.value !== 'Allow') continue;
      const reached = statementActions(catalog, statement);
      if (!reached || !reached.reachesAny(scope) || conditionNeverHolds(statement, now)) continue;
      const puts = requiredBoundaries(statement);
      const lifting = puts !== undefined && puts.every((boundary) => caps.includes(boundary)) ? removing : [...removing, ...setting];
      if (lifting.some((index) => reached.has(index) && !deniedFor(i).has(index))) return true;
    }
  }
  return false;
}
