import type { Node } from 'jsonc-parser';
import { mayBeAbsent } from '../engine/deployTime';
import { Rule } from '../engine/rule';

export const conflictingElements: Rule = {
  meta: {
    id: 'conflicting-elements',
    severity: 'error',
    category: 'grammar',
    description:
      'A statement has both an element and its Not form (Action and NotAction, Resource and NotResource, Principal and NotPrincipal).',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    const conflict = (
      plain: string,
      not: string,
      first: { node: Node } | undefined,
      second: { property: Node; node: Node } | undefined,
    ) => {
      if (!first || !second) return;
      // A Terraform value that may be null leaves its element out: a module's `actions = var.actions`
      // and `not_actions = var.not_actions` are one or the other.
      if (mayBeAbsent(first.node) || mayBeAbsent(second.node)) return;
      report({
        node: second.property.children?.[0],
        message: `A statement cannot have both ${plain} and ${not}: IAM rejects the policy. Keep one.`,
      });
    };
    for (const s of doc.statements) {
      conflict('Action', 'NotAction', s.action, s.notAction);
      conflict('Resource', 'NotResource', s.resource, s.notResource);
      conflict('Principal', 'NotPrincipal', s.principal, s.notPrincipal);
    }
  },
};
