import { editDistance } from '../../catalog/suggest';

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

/** The rule id closest to a mistyped one, if any is close enough to be what was meant. */
export function closestRuleId(id: string, ruleIds: Iterable<string>): string | undefined {
  return closestName(id, ruleIds, Math.min(3, Math.floor(id.length / 3)));
}
