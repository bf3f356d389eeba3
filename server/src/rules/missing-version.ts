import { insertProperty } from '../engine/edits';
import { Rule } from '../engine/rule';

export const missingVersion: Rule = {
  meta: {
    id: 'missing-version',
    severity: 'warning',
    category: 'grammar',
    description: 'The policy has no Version element, so IAM reads it as the 2008-10-17 language.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    if (doc.version || !doc.root) return;
    report({
      offset: doc.root.offset,
      length: 1,
      message:
        'No Version: IAM then applies the 2008-10-17 policy language, where policy variables such as ${aws:username} are not replaced. Add "Version": "2012-10-17".',
    });
  },
  fixes(_finding, { text, doc, format }) {
    if (!doc.root || doc.root.type !== 'object') return [];
    const edit = insertProperty(text, doc.root, 'Version', '2012-10-17', format, { first: true });
    return [{ title: 'Add "Version": "2012-10-17"', kind: 'quickfix', edits: [edit], isPreferred: true, safe: true }];
  },
};
