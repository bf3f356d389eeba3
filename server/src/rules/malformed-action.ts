import { actionItems, matchItem } from '../engine/actionItems';
import { Rule } from '../engine/rule';

/** IAM rejects a policy whose action is not `service:action` (or `*`). */
export const malformedAction: Rule = {
  meta: {
    id: 'malformed-action',
    severity: 'error',
    category: 'grammar',
    description: 'An Action or NotAction entry is not of the form service:action.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, catalog, report }) {
    for (const statement of doc.statements) {
      for (const item of actionItems(statement)) {
        const match = matchItem(catalog, item);
        if (match.kind === 'malformed') report({ node: item.node, message: `"${item.value}": ${match.reason}.` });
      }
    }
  },
};
