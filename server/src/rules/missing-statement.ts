import { Rule } from '../engine/rule';

export const missingStatement: Rule = {
  meta: {
    id: 'missing-statement',
    severity: 'error',
    category: 'grammar',
    description: 'The policy has no Statement element, or an empty one.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    if (!doc.root) return;
    const value = doc.statementProperty?.children?.[1];
    if (!doc.statementProperty) {
      // A half-typed document may simply not have reached its Statement yet.
      if (doc.parseErrors.length > 0) return;
      report({ offset: doc.root.offset, length: 1, message: 'The policy has no Statement: it grants and denies nothing.' });
    } else if (value?.type === 'array' && (value.children ?? []).length === 0) {
      // An array the parser stopped in (`"Statement": [` at the end of a cut-off text) is not empty yet.
      if (doc.parseErrors.some((e) => e.offset >= value.offset)) return;
      report({ node: value, message: 'Statement is empty: the policy grants and denies nothing.' });
    }
  },
};
