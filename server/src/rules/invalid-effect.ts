import { propertyOf } from '../engine/parse';
import { Rule } from '../engine/rule';

export const invalidEffect: Rule = {
  meta: {
    id: 'invalid-effect',
    severity: 'error',
    category: 'grammar',
    description: 'A statement has no Effect, or one that is not exactly "Allow" or "Deny".',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      const effect = statement.effect;
      if (!effect) {
        if (!statement.incomplete && !propertyOf(statement.node, 'Effect')) {
          report({
            offset: statement.node.offset,
            length: 1,
            message: 'This statement has no Effect: add "Effect": "Allow" or "Effect": "Deny".',
          });
        }
        continue;
      }
      if (effect.value === 'Allow' || effect.value === 'Deny') continue;
      const fixed = ['Allow', 'Deny'].find((e) => e.toLowerCase() === effect.value.trim().toLowerCase());
      report({
        node: effect.node,
        message: fixed
          ? `Effect "${effect.value}" must be written exactly "${fixed}" (IAM is case-sensitive here).`
          : `Effect "${effect.value}" is neither "Allow" nor "Deny".`,
        data: fixed ? { suggestion: fixed } : undefined,
      });
    }
  },
  fixes(finding) {
    const suggestion = finding.data?.suggestion;
    if (typeof suggestion !== 'string') return [];
    return [
      {
        title: `Write "${suggestion}"`,
        kind: 'quickfix',
        edits: [{ offset: finding.offset, length: finding.length, newText: JSON.stringify(suggestion) }],
        isPreferred: true,
        safe: true,
      },
    ];
  },
};
