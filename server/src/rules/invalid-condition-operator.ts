import { CONDITION_OPERATORS, parseOperator } from '../engine/conditions';
import { Rule } from '../engine/rule';
import { closestName } from './utils/closestName';

/**
 * The written operator with its base replaced by `suggestion`, keeping an IfExists suffix and a set
 * qualifier (whose spelling is corrected too): `ForAnyvalues:StringEqual` → `ForAnyValue:StringEquals`.
 */
export function correctedOperator(written: string, suggestion: string): string | undefined {
  const colon = written.indexOf(':');
  let qualifier = '';
  if (colon !== -1) {
    const best = closestName(written.slice(0, colon), ['ForAllValues', 'ForAnyValue'], 3);
    if (!best) return undefined;
    qualifier = `${best}:`;
  }
  const rest = colon === -1 ? written : written.slice(colon + 1);
  const ifExists = /ifexists$/i.test(rest) && suggestion !== 'Null' ? 'IfExists' : '';
  const candidate = `${qualifier}${suggestion}${ifExists}`;
  return parseOperator(candidate).base ? candidate : undefined;
}

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
        const suggestion = closestName(bare, CONDITION_OPERATORS, 3);
        report({
          node: op.operatorNode,
          message: `"${op.operator}" is not an IAM condition operator${suggestion ? `: did you mean "${suggestion}"?` : '.'}`,
          data: suggestion ? { suggestion } : undefined,
        });
      }
    }
  },
  fixes(finding, { doc }) {
    const suggestion = finding.data?.suggestion;
    if (typeof suggestion !== 'string') return [];
    const written = doc.text.slice(finding.offset, finding.offset + finding.length);
    let operator: string;
    try {
      operator = JSON.parse(written) as string;
    } catch {
      return [];
    }
    const replacement = correctedOperator(operator, suggestion);
    if (!replacement || replacement === operator) return [];
    return [
      {
        title: `Change to "${replacement}"`,
        kind: 'quickfix',
        edits: [{ offset: finding.offset, length: finding.length, newText: JSON.stringify(replacement) }],
        isPreferred: true,
        safe: replacement.toLowerCase() === operator.toLowerCase(),
      },
    ];
  },
};
