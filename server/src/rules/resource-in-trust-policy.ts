import { mayBeAbsent } from '../engine/deployTime';
import { Rule } from '../engine/rule';

export const resourceInTrustPolicy: Rule = {
  meta: {
    id: 'resource-in-trust-policy',
    severity: 'error',
    category: 'grammar',
    description: 'A role trust policy names a Resource or NotResource; the resource of a trust policy is the role itself.',
    appliesTo: ['trust'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      for (const list of [statement.resource, statement.notResource]) {
        // A Terraform value that may be null may leave the element out.
        if (!list || mayBeAbsent(list.node)) continue;
        report({
          node: list.property.children?.[0],
          message: 'A trust policy has no Resource (its resource is the role itself): IAM rejects the policy. Remove this element.',
        });
      }
    }
  },
};
