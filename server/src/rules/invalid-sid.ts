import { Rule } from '../engine/rule';

/** IAM identity and trust policies accept only ASCII letters and digits in a Sid. */
export const invalidSid: Rule = {
  meta: {
    id: 'invalid-sid',
    severity: 'error',
    category: 'grammar',
    description: 'A Sid of an identity or trust policy has characters other than A-Z, a-z and 0-9.',
    appliesTo: ['identity', 'trust'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      const sid = statement.sid;
      if (!sid || /^[A-Za-z0-9]*$/.test(sid.value)) continue;
      const cleaned = sid.value.replace(/[^A-Za-z0-9]/g, '');
      report({
        node: sid.node,
        message: `Sid "${sid.value}" may contain only letters and digits (A-Z, a-z, 0-9) in an IAM policy${cleaned ? `: "${cleaned}"` : ''}.`,
        data: cleaned ? { suggestion: cleaned } : undefined,
      });
    }
  },
  fixes(finding, { doc }) {
    const suggestion = finding.data?.suggestion;
    if (typeof suggestion !== 'string') return [];
    const taken = doc.statements.some((s) => s.sid?.value === suggestion);
    return [
      {
        title: `Change the Sid to "${suggestion}"`,
        kind: 'quickfix',
        edits: [{ offset: finding.offset, length: finding.length, newText: JSON.stringify(suggestion) }],
        isPreferred: !taken,
        safe: !taken,
      },
    ];
  },
};
