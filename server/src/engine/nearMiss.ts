import type { Node } from 'jsonc-parser';
import { editDistance } from '../catalog/suggest';
import { StatementModel } from './model';
import { STATEMENT_ELEMENTS } from './objects';

/**
 * The candidate closest to `written`, case ignored, at most `max` edits away; the first listed wins
 * a tie. The one-name "did you mean" of the grammar rules (suggest.ts ranks catalog names).
 */
export function closestName(written: string, candidates: Iterable<string>, max: number): string | undefined {
  const lower = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

const NONE: ReadonlyMap<string, Node> = new Map();

/** How far a statement key may be from an element name to be taken for it (unknown-element suggests the same). */
export const ELEMENT_NEAR_MISS = 2;

/**
 * The properties of a statement whose key is no element but nearly one (`dAction`, `Principle`,
 * `Resources`), by the element they nearly are; the first wins when two are near the same one.
 * Classifying a document and the "missing element" checks count them as that element: a typo
 * must not turn a trust policy into a resource policy, or bring a second finding beside
 * unknown-element's "did you mean".
 */
export function misspeltElements(statement: StatementModel): ReadonlyMap<string, Node> {
  // Classifying asks about every statement: the regular ones, nearly all, share one empty answer.
  if (statement.keysRegular) return NONE;
  const found = new Map<string, Node>();
  for (const property of statement.node.children ?? []) {
    const key = property.children?.[0]?.value;
    if (typeof key !== 'string' || STATEMENT_ELEMENTS.includes(key)) continue;
    const element = closestName(key, STATEMENT_ELEMENTS, ELEMENT_NEAR_MISS);
    if (element && !found.has(element)) found.set(element, property);
  }
  return found;
}

/** Whether the statement has `element`, as written or nearly (see misspeltElements). */
export function hasElementOrNearMiss(statement: StatementModel, element: string): boolean {
  return statement.node.children?.some((p) => p.children?.[0]?.value === element) === true || misspeltElements(statement).has(element);
}
