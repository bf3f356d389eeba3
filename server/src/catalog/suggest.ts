import { detached } from '../util/strings';
import { Catalog } from './catalog';

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

function closest(target: string, candidates: Iterable<string>, limit: number): string[] {
  const lower = target.toLowerCase();
  const max = Math.max(2, Math.floor(lower.length / 4));
  const scored: Array<{ name: string; d: number }> = [];
  for (const name of candidates) {
    const d = editDistance(lower, name.toLowerCase(), max);
    if (d <= max) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}

// The same typo recurs across files and keystrokes; the catalog does not change under a process.
const memo = new WeakMap<Catalog, Map<string, string[]>>();

function remembered(catalog: Catalog, key: string, compute: () => string[]): string[] {
  let cache = memo.get(catalog);
  if (!cache) memo.set(catalog, (cache = new Map()));
  let result = cache.get(key);
  if (!result) {
    if (cache.size > 10000) cache.clear();
    result = compute();
    cache.set(detached(key), result);
  }
  return result;
}

/**
 * Real `service:Action` names close to a literal action that matched nothing: the catalog's, and
 * the undocumented ones AWS grants in its managed policies (`budgets:CreateBudgett`).
 */
export function suggestActions(catalog: Catalog, service: string, action: string, limit = 3): string[] {
  const s = catalog.service(service);
  if (!s) return [];
  return remembered(catalog, `a|${s.prefix}|${action.toLowerCase()}|${limit}`, () => {
    const names = catalog.undocumentedNamesOf(s.prefix);
    for (let i = s.first; i < s.end; i++) names.push(catalog.actionAt(i).name);
    return closest(action, names, limit).map((name) => `${s.prefix}:${name}`);
  });
}

/** Real service prefixes close to an unknown one. */
export function suggestServices(catalog: Catalog, service: string, limit = 3): string[] {
  return remembered(catalog, `s|${service.toLowerCase()}|${limit}`, () =>
    closest(
      service,
      catalog.services.map((s) => s.prefix),
      limit,
    ),
  );
}
