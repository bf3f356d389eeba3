import { hasElementOrNearMiss } from '../engine/nearMiss';
import { Rule } from '../engine/rule';

export const missingResource: Rule = {
  meta: {
    id: 'missing-resource',
    severity: 'error',
    category: 'grammar',
    description: 'A statement of an identity or resource policy has neither Resource nor NotResource.',
    appliesTo: ['identity', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      if (statement.incomplete || statement.resource || statement.notResource) continue;
      // A misspelt Resource (`Resources`) is unknown-element's finding, with its fix: one problem, one diagnostic.
      if (hasElementOrNearMiss(statement, 'Resource') || hasElementOrNearMiss(statement, 'NotResource')) continue;
      report({
        offset: statement.node.offset,
        length: 1,
        message:
          'This statement has no Resource: IAM rejects it. Name the resource ARNs it applies to (or "*" where the actions support no resource).',
      });
    }
  },
};
