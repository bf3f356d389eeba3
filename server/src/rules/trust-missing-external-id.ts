import type { Node } from 'jsonc-parser';
import { conditionUnknown, conditionsOnKey } from '../engine/conditions';
import { PrincipalEntry, StatementModel } from '../engine/model';
import { principalPinningKeys } from '../engine/principalNarrowing';
import { accountRelation, describePrincipals, shownAsWritten } from '../engine/principals';
import { Rule } from '../engine/rule';
import { previewList } from '../util/messages';
import { assumeRoleGrants, externalIdGuards, guardCovers } from '../engine/trustStatements';
import { accountAside } from './utils/accountPhrase';
import { findingStatement } from './utils/findingStatement';
import { requireExternalId } from './utils/externalId';

/**
 * Who the statement lets assume the role, for the message. "*" that the Condition narrows to known
 * callers (aws:PrincipalArn, aws:PrincipalAccount...) is not every AWS principal: the message names
 * the keys and values that narrow it, which is who can assume the role.
 */
function whoMayAssume(principals: PrincipalEntry[], statement: StatementModel): string {
  const pins = principals.some((p) => p.value === '*') ? principalPinningKeys(statement) : [];
  if (pins.length === 0) return describePrincipals(principals);
  const valueShown = (value: { value: string; node: Node }) => {
    const shown = shownAsWritten(value);
    return shown === value.value ? `"${shown}"` : shown;
  };
  const tests = pins.map((key) => `${key.key} ${previewList(key.values.map(valueShown), 2)}`);
  return `The principals its Condition lets in ("*" with ${tests.join(' and ')})`;
}

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
          `${whoMayAssume(principals, statement)}${accountAside(accountRelation(principals, account))} ` +
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
