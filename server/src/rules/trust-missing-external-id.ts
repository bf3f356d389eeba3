import { conditionsOnKey } from '../engine/conditions';
import { describePrincipals } from '../engine/principals';
import { Rule } from '../engine/rule';
import { assumeRoleGrants } from '../engine/trustStatements';

/**
 * A role that another AWS principal may assume without an sts:ExternalId is open to the confused
 * deputy problem: a third party acting for several customers can be tricked into using this role.
 */
export const trustMissingExternalId: Rule = {
  meta: {
    id: 'trust-missing-external-id',
    severity: 'error',
    category: 'security',
    description: 'A trust statement lets AWS principals assume the role without requiring sts:ExternalId.',
    appliesTo: ['trust'],
  },
  check({ doc, catalog, report }) {
    for (const { statement, principals } of assumeRoleGrants(catalog, doc.statements)) {
      if (conditionsOnKey(statement, 'sts:ExternalId').length > 0) continue;
      report({
        node: statement.principal?.node,
        message:
          `${describePrincipals(principals)} can assume this role without an ExternalId. ` +
          'Require one with "Condition": {"StringEquals": {"sts:ExternalId": "<value>"}} (confused-deputy protection).',
        data: { statement: statement.index },
      });
    }
  },
};
