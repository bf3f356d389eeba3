import { hasElementOrNearMiss } from '../engine/nearMiss';
import { Rule } from '../engine/rule';

export const missingPrincipal: Rule = {
  meta: {
    id: 'missing-principal',
    severity: 'error',
    category: 'grammar',
    description: 'A statement of a trust or resource policy has neither Principal nor NotPrincipal.',
    appliesTo: ['trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      if (statement.incomplete || statement.principal || statement.notPrincipal) continue;
      // A misspelt Principal (`Principle`) is unknown-element's finding, with its fix: one problem, one diagnostic.
      if (hasElementOrNearMiss(statement, 'Principal') || hasElementOrNearMiss(statement, 'NotPrincipal')) continue;
      report({
        offset: statement.node.offset,
        length: 1,
        message: 'This statement has no Principal, but the other statements of this trust or resource policy do: name who it applies to.',
      });
    }
  },
};
