import type { Node } from 'jsonc-parser';
import { Rule } from '../engine/rule';
import { withThousands } from '../util/messages';

/** IAM's size quotas, in characters without white space (IAM does not count it). */
export const MANAGED_POLICY_QUOTA = 6144;
/** A role trust policy's default quota; a quota increase raises it to 4,096. */
export const TRUST_POLICY_QUOTA = 2048;
/** All inline policies of one principal together. */
export const INLINE_QUOTAS = { user: 2048, group: 5120, role: 10240 } as const;
/** An SCP's quota counts every character, white space included. */
export const SCP_QUOTA = 5120;

/**
 * The size of a JSON value as IAM measures it, without white space, from its parse tree: the
 * tokens' lengths and the punctuation between them, less the spaces inside strings (the only white
 * space a valid JSON string holds). A tree has some fifty times fewer nodes than the text has
 * characters, and the spaces are found by indexOf: counting character by character cost this rule
 * a fifth of the analysis of a corpus of large policies. The nodes are visited in document order
 * and the next space is looked for only past the last one found, so the text is scanned once: a
 * search from each string to the next space read the rest of a minified file for every string.
 */
function sizeWithoutWhiteSpace(text: string, root: Node): number {
  let total = 0;
  let nextSpace = text.indexOf(' ', root.offset);
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const children = node.children;
    if (node.type === 'object' || node.type === 'array') total += 2 + Math.max(0, (children?.length ?? 0) - 1);
    else if (node.type === 'property') total += 1;
    else {
      total += node.length;
      if (node.type === 'string') {
        const end = node.offset + node.length;
        if (nextSpace !== -1 && nextSpace < node.offset) nextSpace = text.indexOf(' ', node.offset);
        while (nextSpace !== -1 && nextSpace < end) {
          total--;
          nextSpace = text.indexOf(' ', nextSpace + 1);
        }
      }
    }
    // Pushed last to first, so that they are visited first to last.
    if (children) for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return total;
}

/**
 * A policy larger than IAM accepts: IAM rejects it at upload, often late in a pipeline. The
 * document does not say whether it will be a managed or an inline policy or an SCP, so the rule
 * applies the quota of what it most likely is (a managed policy; a role's trust policy) and names
 * the others in its message.
 */
export const policySizeLimit: Rule = {
  meta: {
    id: 'policy-size-limit',
    severity: 'warning',
    category: 'grammar',
    description:
      'The policy is larger than IAM accepts: 6,144 characters for a managed policy, 2,048 for a role trust policy (white space not counted).',
    standaloneOnly: true,
    appliesTo: ['identity', 'trust'],
  },
  check({ doc, kind, report }) {
    const root = doc.root;
    const quota = kind === 'trust' ? TRUST_POLICY_QUOTA : MANAGED_POLICY_QUOTA;
    // Most policies are under the quota even with their white space.
    if (!root || root.length <= quota) return;
    const size = sizeWithoutWhiteSpace(doc.text, root);
    if (size <= quota) return;
    const where = doc.statementProperty?.children?.[0] ?? { offset: root.offset, length: 1 };
    if (kind === 'trust') {
      report({
        offset: where.offset,
        length: where.length,
        message:
          `This trust policy has ${withThousands(size)} characters without white space: over the ${withThousands(TRUST_POLICY_QUOTA)} IAM allows a ` +
          'role trust policy by default, so IAM rejects it. Shorten it (one statement per principal type, principals in one list), ' +
          'or ask for the quota increase to 4,096.',
      });
      return;
    }
    const fitsInline =
      size <= INLINE_QUOTAS.role
        ? `only as a role's inline policies (${withThousands(INLINE_QUOTAS.role)} for all of them together)`
        : 'nowhere, not even inline on a role';
    report({
      offset: where.offset,
      length: where.length,
      message:
        `This policy has ${withThousands(size)} characters without white space: over the ${withThousands(MANAGED_POLICY_QUOTA)} IAM allows a managed ` +
        `policy, so IAM rejects it as one. It would fit ${fitsInline}; a user's inline policies have ${withThousands(INLINE_QUOTAS.user)}, ` +
        `a group's ${withThousands(INLINE_QUOTAS.group)}, and an SCP ${withThousands(SCP_QUOTA)} with white space. Split it into several policies.`,
    });
  },
};
