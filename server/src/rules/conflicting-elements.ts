import { Rule } from '../engine/rule';

const PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

export const conflictingElements: Rule = {
  meta: {
    id: 'conflicting-elements',
    severity: 'error',
    category: 'grammar',
    description: 'A statement has both an element and its Not form (Action and NotAction, Resource and NotResource, Principal and NotPrincipal).',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      const present = {
        Action: statement.action,
        NotAction: statement.notAction,
        Resource: statement.resource,
        NotResource: statement.notResource,
        Principal: statement.principal,
        NotPrincipal: statement.notPrincipal,
      };
      for (const [plain, not] of PAIRS) {
        const second = present[not];
        if (!present[plain] || !second) continue;
        report({
          node: second.property.children?.[0],
          message: `A statement cannot have both ${plain} and ${not}: IAM rejects the policy. Keep one.`,
        });
      }
    }
  },
};
