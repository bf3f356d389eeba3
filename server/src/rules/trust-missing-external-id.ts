import { conditionUnknown, conditionsOnKey } from '../engine/conditions';
import { accountRelation, describePrincipals } from '../engine/principals';
import { Rule } from '../engine/rule';
import { assumeRoleGrants, externalIdGuards, guardCovers } from '../engine/trustStatements';
import { accountAside } from './utils/accountPhrase';
import { findingStatement } from './utils/findingStatement';
import { requireExternalId } from './utils/externalId';

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
  check({ doc, catalog, account, report }) {
    const guards = externalIdGuards(catalog, doc.statements);
    for (const grant of assumeRoleGrants(catalog, doc.statements)) {
      const { statement, principals } = grant;
      if (conditionsOnKey(statement, 'sts:ExternalId').length > 0 || conditionUnknown(statement)) continue;
      // A Deny of sts:AssumeRole for every other ExternalId enforces it just as well.
      if (guards.some((g) => guardCovers(g, grant))) continue;
      report({
        node: statement.principal?.node,
        message:
          `${describePrincipals(principals)}${accountAside(accountRelation(principals, account))} ` +
          'can assume this role without an ExternalId. ' +
          'Require one with "Condition": {"StringEquals": {"sts:ExternalId": "<value>"}} (confused-deputy protection).',
        data: { statement: statement.index },
      });
    }
  },
  fixes(finding, { text, doc, format }) {
    const statement = findingStatement(finding, doc);
    if (!statement || statement.incomplete) return [];
    const edit = requireExternalId(text, statement, format);
    return edit
      ? [{ title: 'Require an sts:ExternalId (Condition StringEquals)', kind: 'quickfix', edits: [edit], isPreferred: true, snippet: true }]
      : [];
  },
};
