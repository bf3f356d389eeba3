import { POLICY_VERSIONS } from '../engine/parse';
import { Rule } from '../engine/rule';

export const invalidVersion: Rule = {
  meta: {
    id: 'invalid-version',
    severity: 'error',
    category: 'grammar',
    description: 'The Version element is not one of the policy language versions IAM knows.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    const version = doc.version;
    if (!version || (version.value !== undefined && POLICY_VERSIONS.includes(version.value))) return;
    const shown = version.value !== undefined ? `"${version.value}"` : 'this value';
    report({
      node: version.node,
      message: `Version ${shown} is not a policy language version: use "2012-10-17" (a date in that form, not today's date).`,
    });
  },
};
