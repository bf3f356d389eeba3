import { ActionSet } from './actionSet';
import { Catalog } from './catalog';

/** Where a new word starts in an action name: `CreateSAMLProvider` → Create|SAML|Provider. */
export function wordBoundaries(name: string): number[] {
  const bounds: number[] = [];
  for (let i = 1; i < name.length; i++) {
    const prev = name[i - 1];
    const ch = name[i];
    const next = name[i + 1];
    const upper = ch >= 'A' && ch <= 'Z';
    const prevLowerOrDigit = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
    const prevUpper = prev >= 'A' && prev <= 'Z';
    const nextLower = next !== undefined && next >= 'a' && next <= 'z';
    if (upper && (prevLowerOrDigit || (prevUpper && nextLower))) bounds.push(i);
  }
  return bounds;
}

/**
 * The fewest readable patterns that together match every action of `target` and nothing outside
 * `allowed` (target ⊆ allowed). Each target action takes its shortest whole-word prefix
 * (`iam:Create*`, `iam:Untag*`) whose matches the catalog confirms to lie inside `allowed`; a
 * prefix that would cover a single target action is written as that action's name instead.
 * Patterns come out sorted; the result is verified, so callers may rely on both properties.
 */
export function compactPatterns(catalog: Catalog, target: ActionSet, allowed: ActionSet): string[] {
  const chosen = new Map<string, ActionSet>();
  const covered = catalog.emptySet();
  for (const index of target.indexes()) {
    if (covered.has(index)) continue;
    const action = catalog.actionAt(index);
    let pattern = action.fullName;
    let set: ActionSet | undefined;
    for (const bound of wordBoundaries(action.name)) {
      const candidate = `${action.service}:${action.name.slice(0, bound)}*`;
      const match = catalog.match(candidate);
      if (match.kind !== 'matched' || !allowed.containsAll(match.set)) continue;
      const inTarget = match.set.clone().retainAll(target);
      if (inTarget.count() > 1) {
        pattern = candidate;
        set = match.set;
      }
      break;
    }
    set ??= ActionSet.of(catalog.size, [index]);
    chosen.set(pattern, set);
    covered.addAll(set);
  }
  // A pattern whose matches another chosen pattern already covers adds nothing.
  const entries = [...chosen.entries()].sort((a, b) => b[1].count() - a[1].count());
  const kept: Array<[string, ActionSet]> = [];
  for (const [pattern, set] of entries) {
    if (kept.some(([, other]) => other.containsAll(set))) continue;
    kept.push([pattern, set]);
  }
  const patterns = kept.map(([p]) => p).sort((a, b) => a.localeCompare(b));
  verifyPatterns(catalog, patterns, target, allowed);
  return patterns;
}

/** Throws unless the patterns' matches cover `target` and stay inside `allowed`. */
export function verifyPatterns(catalog: Catalog, patterns: readonly string[], target: ActionSet, allowed: ActionSet): void {
  const union = catalog.emptySet();
  for (const p of patterns) {
    const match = catalog.match(p);
    if (match.kind !== 'matched') throw new Error(`compactPatterns: ${p} matches nothing`);
    union.addAll(match.set);
  }
  if (!union.containsAll(target)) throw new Error('compactPatterns: the patterns miss target actions');
  if (!allowed.containsAll(union)) throw new Error('compactPatterns: the patterns match actions outside the allowed set');
}
