import { awsPrincipalProblem, resourceArnProblem } from '../engine/arn';
import { Rule } from '../engine/rule';

export const malformedArn: Rule = {
  meta: {
    id: 'malformed-arn',
    severity: 'error',
    category: 'grammar',
    description: 'A Resource or AWS principal is not a well-formed ARN (or "*", or an account id for principals).',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      for (const list of [statement.resource, statement.notResource]) {
        for (const item of list?.items ?? []) {
          const problem = resourceArnProblem(item.value);
          if (problem) report({ node: item.node, message: `Resource "${item.value}" ${problem}.` });
        }
      }
      for (const p of [statement.principal, statement.notPrincipal]) {
        for (const entry of p?.entries ?? []) {
          if (entry.type !== 'AWS') continue;
          const problem = awsPrincipalProblem(entry.value);
          if (problem) report({ node: entry.node, message: `Principal "${entry.value}" ${problem}.` });
        }
      }
    }
  },
};
