import { editDistance } from '../catalog/suggest';
import { CONDITION_OPERATORS, parseOperator } from '../engine/conditions';
import { Rule } from '../engine/rule';

export const invalidConditionOperator: Rule = {
  meta: {
    id: 'invalid-condition-operator',
    severity: 'error',
    category: 'grammar',
    description: 'A Condition uses an operator IAM does not define.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      for (const op of statement.condition?.operators ?? []) {
        if (parseOperator(op.operator).base) continue;
        const bare = op.operator.replace(/^[^:]*:/, '').replace(/IfExists$/i, '');
        const suggestion = CONDITION_OPERATORS.map((o) => ({ o, d: editDistance(bare.toLowerCase(), o.toLowerCase(), 3) }))
          .filter((x) => x.d <= 3)
          .sort((a, b) => a.d - b.d)[0]?.o;
        report({
          node: op.operatorNode,
          message: `"${op.operator}" is not an IAM condition operator${suggestion ? `: did you mean "${suggestion}"?` : '.'}`,
          data: suggestion ? { suggestion } : undefined,
        });
      }
    }
  },
};
