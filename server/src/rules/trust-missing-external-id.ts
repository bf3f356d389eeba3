import { conditionsOnKey } from '../engine/conditions';
import { describePrincipals } from '../engine/principals';
import { Layout, escapeSnippet, insertProperty, renderJson, snippetString } from '../engine/edits';
import { StatementModel } from '../engine/model';
import { FixEdit, Rule, TextFormat } from '../engine/rule';
import { assumeRoleGrants, externalIdGuards, guardCovers } from '../engine/trustStatements';

/** The placeholder the ExternalId snippet offers; the user types the value agreed with the third party. */
export const EXTERNAL_ID_PLACEHOLDER = 'external-id-agreed-with-the-third-party';

const MARK = 'IAMLP-EXTERNAL-ID-PLACEHOLDER';

/**
 * A snippet edit adding `"sts:ExternalId": "${1:...}"` under StringEquals, merged into the
 * statement's Condition (and its StringEquals block) when they exist. Keys and separators hold
 * no snippet syntax; rendered JSON is escaped and the placeholder put in.
 */
export function requireExternalId(text: string, statement: StatementModel, format: TextFormat): FixEdit | undefined {
  const value = snippetString(1, EXTERNAL_ID_PLACEHOLDER);
  const snippet = (obj: unknown, layout: Layout) => escapeSnippet(renderJson(obj, layout)).replace(JSON.stringify(MARK), value);
  const condition = statement.condition;
  if (!condition) {
    return insertProperty(text, statement.node, 'Condition', undefined, format, {
      rendered: (layout) => snippet({ StringEquals: { 'sts:ExternalId': MARK } }, layout),
    });
  }
  if (condition.node.type !== 'object') return undefined;
  const stringEquals = condition.operators.find((op) => op.operator === 'StringEquals');
  if (stringEquals) {
    if (stringEquals.valueNode.type !== 'object') return undefined;
    return insertProperty(text, stringEquals.valueNode, 'sts:ExternalId', undefined, format, { rendered: () => value });
  }
  return insertProperty(text, condition.node, 'StringEquals', undefined, format, {
    rendered: (layout) => snippet({ 'sts:ExternalId': MARK }, layout),
  });
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
  check({ doc, catalog, report }) {
    const guards = externalIdGuards(catalog, doc.statements);
    for (const grant of assumeRoleGrants(catalog, doc.statements)) {
      const { statement, principals } = grant;
      if (conditionsOnKey(statement, 'sts:ExternalId').length > 0) continue;
      // A Deny of sts:AssumeRole for every other ExternalId enforces it just as well.
      if (guards.some((g) => guardCovers(g, grant))) continue;
      report({
        node: statement.principal?.node,
        message:
          `${describePrincipals(principals)} can assume this role without an ExternalId. ` +
          'Require one with "Condition": {"StringEquals": {"sts:ExternalId": "<value>"}} (confused-deputy protection).',
        data: { statement: statement.index },
      });
    }
  },
  fixes(finding, { text, doc, format }) {
    const statement = typeof finding.data?.statement === 'number' ? doc.statements[finding.data.statement] : undefined;
    if (!statement || statement.incomplete) return [];
    const edit = requireExternalId(text, statement, format);
    return edit
      ? [{ title: 'Require an sts:ExternalId (Condition StringEquals)', kind: 'quickfix', edits: [edit], isPreferred: true, snippet: true }]
      : [];
  },
};
