import { Rule } from '../engine/rule';

export const legacyVersion: Rule = {
  meta: {
    id: 'legacy-version',
    severity: 'warning',
    category: 'grammar',
    description: 'The policy uses the 2008-10-17 language version, which does not support policy variables.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    if (doc.version?.value !== '2008-10-17') return;
    const usesVariables = doc.text.includes('${');
    report({
      node: doc.version.node,
      message: usesVariables
        ? 'Version 2008-10-17 treats the ${...} policy variables in this policy as literal text: use "2012-10-17".'
        : 'Version 2008-10-17 is the legacy policy language (no policy variables): use "2012-10-17".',
    });
  },
  fixes(finding, { doc }) {
    // With policy variables in the text, the new version changes what the policy means: not automatic.
    const usesVariables = doc.text.includes('${');
    return [
      {
        title: 'Use Version "2012-10-17"',
        kind: 'quickfix',
        edits: [{ offset: finding.offset, length: finding.length, newText: '"2012-10-17"' }],
        isPreferred: true,
        safe: !usesVariables,
      },
    ];
  },
};
