import { Catalog } from '../catalog/catalog';
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
    if (!statementActions(catalog, statement)?.set.has(assumeRole.index)) continue;
    grants.push({ statement, principals });
  }
  return grants;
}
