import type { Node } from 'jsonc-parser';
import type { HostPolicy } from './hostPolicy';
import { movedTree } from './nodes';

/**
 * Policies of a template carried from one version of the file to the next. After an edit, the
 * policies after it are the same text `delta` characters further on; their trees are moved only
 * when something reads them (a fix, a hover, a policy whose analysis is not reused), since copying
 * every tree of a large file costs as much as reading it again. Their spans are known at once.
 * `attachedTo` is left out: attachments are the whole file's to decide, in each version.
 */

/** The spans of a policy's variant roots, from `spans` when it has them (its trees then stay unbuilt). */
export function policySpans(policy: HostPolicy): ReadonlyArray<{ offset: number; length: number }> {
  return policy.spans ?? policy.variants.map((root) => ({ offset: root.offset, length: root.length }));
}

/**
 * Where a carried policy's trees come from: the policy its reader built, and how far they moved
 * since. A policy carried over many versions is moved from its origin once, not once a version.
 */
const ORIGIN = Symbol('origin');
type Carried = HostPolicy & { [ORIGIN]?: { origin: HostPolicy; delta: number; text?: string } };

function carried(policy: HostPolicy, variants: () => Node[], delta: number): HostPolicy {
  let trees: Node[] | undefined;
  const carriedPolicy: HostPolicy = {
    locator: policy.locator,
    kind: policy.kind,
    resource: policy.resource,
    edits: policy.edits,
    spans: delta === 0 ? policySpans(policy) : policySpans(policy).map((s) => ({ offset: s.offset + delta, length: s.length })),
    get variants() {
      return (trees ??= variants());
    },
  };
  if (policy.construct !== undefined) carriedPolicy.construct = policy.construct;
  if (policy.placedOn) carriedPolicy.placedOn = { offset: policy.placedOn.offset + delta, length: policy.placedOn.length };
  return carriedPolicy;
}

/** The policy `delta` characters further on; `text`, for a YAML policy, is the file's new text (its edits read it). */
export function movedPolicy(policy: HostPolicy, delta: number, text?: string): HostPolicy {
  const from = (policy as Carried)[ORIGIN] ?? { origin: policy, delta: 0 };
  const total = from.delta + delta;
  const { origin } = from;
  const newText = text ?? from.text;
  // A YAML tree is copied even where it did not move: its layout must name the new text.
  const moved =
    total === 0 && newText === undefined
      ? carried(policy, () => origin.variants, delta)
      : carried(policy, () => origin.variants.map((root) => movedTree(root, total, newText)), delta);
  (moved as Carried)[ORIGIN] = { origin, delta: total, text: newText };
  return moved;
}

/** The policy where it is, without attachments, its trees those of the policy. */
export function unattached(policy: HostPolicy): HostPolicy {
  return movedPolicy(policy, 0);
}
