import { hasElementOrNearMiss } from '../engine/nearMiss';
import { Rule } from '../engine/rule';

export const missingAction: Rule = {
  meta: {
    id: 'missing-action',
    severity: 'error',
    category: 'grammar',
    description: 'A statement has neither Action nor NotAction.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      if (statement.incomplete || statement.action || statement.notAction) continue;
      // A misspelt Action (`dAction`) is unknown-element's finding, with its fix: one problem, one diagnostic.
      if (hasElementOrNearMiss(statement, 'Action') || hasElementOrNearMiss(statement, 'NotAction')) continue;
      report({
        offset: statement.node.offset,
        length: 1,
        message: 'This statement has neither Action nor NotAction, so IAM rejects the policy.',
      });
    }
  },
};
