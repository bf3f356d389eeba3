import { Catalog } from '../catalog/catalog';
import { KeyCondition, keyConditions } from './conditions';
import { PrincipalEntry, StatementModel } from './model';
import { awsPrincipals } from './principals';
import { statementActions } from './statementActions';

export interface AssumeRoleGrant {
  statement: StatementModel;
  /** The AWS principals (incl. "*") the statement lets call sts:AssumeRole. */
  principals: PrincipalEntry[];
}

/**
 * The Allow statements of a trust policy that let AWS principals call sts:AssumeRole, by name or
 * wildcard. Service and Federated principals are left out: sts:ExternalId does not apply to them.
 */
export function assumeRoleGrants(catalog: Catalog, statements: StatementModel[]): AssumeRoleGrant[] {
  const assumeRole = catalog.action('sts:AssumeRole');
  if (!assumeRole) return [];
  const grants: AssumeRoleGrant[] = [];
  for (const statement of statements) {
    if (statement.effect?.value !== 'Allow') continue;
    const principals = awsPrincipals(statement);
    if (principals.length === 0) continue;
    if (!statementActions(catalog, statement)?.has(assumeRole.index)) continue;
    grants.push({ statement, principals });
  }
  return grants;
}

/** Negated comparisons that, in a Deny, refuse every caller whose ExternalId differs (or is absent). */
const GUARD_OPERATORS = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike']);

export interface ExternalIdGuard {
  statement: StatementModel;
  /** The negated ExternalId tests: the accepted values are theirs. */
  conditions: KeyCondition[];
}

/**
 * Deny statements that enforce an ExternalId for everyone they cover, the pattern
 * `Deny sts:AssumeRole unless sts:ExternalId = X`: a negated string comparison (no IfExists, which
 * would let callers without an ExternalId through) on sts:ExternalId and on nothing else, since any
 * other condition key would narrow the Deny. A missing key makes a negated comparison true, so
 * callers sending no ExternalId are denied too.
 */
export function externalIdGuards(catalog: Catalog, statements: StatementModel[]): ExternalIdGuard[] {
  const assumeRole = catalog.action('sts:AssumeRole');
  if (!assumeRole) return [];
  const guards: ExternalIdGuard[] = [];
  for (const statement of statements) {
    if (statement.effect?.value !== 'Deny' || !statement.principal) continue;
    if (!statementActions(catalog, statement)?.has(assumeRole.index)) continue;
    const conditions = keyConditions(statement);
    if (conditions.length > 0 && conditions.every(isExternalIdGuard)) guards.push({ statement, conditions });
  }
  return guards;
}

function isExternalIdGuard({ key, parsed }: KeyCondition): boolean {
  return (
    key.key.toLowerCase() === 'sts:externalid' &&
    parsed.base !== undefined &&
    GUARD_OPERATORS.has(parsed.base) &&
    !parsed.ifExists &&
    !parsed.setQualifier
  );
}

/** Whether a guard's Principal covers every principal of a grant. */
export function guardCovers(guard: ExternalIdGuard, grant: AssumeRoleGrant): boolean {
  const guarded = awsPrincipals(guard.statement).map((e) => e.value);
  if (guarded.includes('*')) return true;
  return grant.principals.every((p) => guarded.includes(p.value));
}
