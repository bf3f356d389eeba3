import { detached } from '../util/strings';
import { Catalog } from './catalog';

// Three rows of the distance table, grown as needed and reused: a policy of thousands of unknown
// names compares each with a whole service's, and two fresh arrays per row were most of that cost.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(2 * (b.length + 1)));
  let [prevPrev, prev, row] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prevPrev[j - 2] + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return prev[b.length];
}

/** Names to compare with, each with its lower-cased form made once. */
interface Candidates {
  names: readonly string[];
  lower: readonly string[];
}

function candidatesOf(names: readonly string[]): Candidates {
  return { names, lower: names.map((n) => n.toLowerCase()) };
}

function closest(target: string, candidates: Candidates, limit: number): string[] {
  const lower = target.toLowerCase();
  const max = Math.max(2, Math.floor(lower.length / 4));
  const scored: Array<{ name: string; d: number }> = [];
  for (let i = 0; i < candidates.names.length; i++) {
    const d = editDistance(lower, candidates.lower[i], max);
    if (d <= max) scored.push({ name: candidates.names[i], d });
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

// Each service's names (the catalog's and the undocumented ones AWS grants), and the prefixes.
const candidateMemo = new WeakMap<Catalog, Map<string, Candidates>>();

function candidates(catalog: Catalog, key: string, names: () => string[]): Candidates {
  let byKey = candidateMemo.get(catalog);
  if (!byKey) candidateMemo.set(catalog, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = candidatesOf(names())));
  return found;
}

/**
 * Real `service:Action` names close to a literal action that matched nothing: the catalog's, and
 * the undocumented ones AWS grants in its managed policies (`budgets:CreateBudgett`).
 */
export function suggestActions(catalog: Catalog, service: string, action: string, limit = 3): string[] {
  const s = catalog.service(service);
  if (!s) return [];
  return remembered(catalog, `a|${s.prefix}|${action.toLowerCase()}|${limit}`, () => {
    const names = candidates(catalog, `a|${s.prefix}`, () => {
      const all = catalog.undocumentedNamesOf(s.prefix);
      for (let i = s.first; i < s.end; i++) all.push(catalog.actionAt(i).name);
      return all;
    });
    return closest(action, names, limit).map((name) => `${s.prefix}:${name}`);
  });
}

/**
 * Names close to `target` among those `names` gives (made once per `kind`, for the life of the
 * catalog): AWS managed policy paths and names for unknown-aws-managed-policy.
 */
export function suggestNames(catalog: Catalog, kind: string, names: () => string[], target: string, limit = 3): string[] {
  return remembered(catalog, `n|${kind}|${target.toLowerCase()}|${limit}`, () =>
    closest(target, candidates(catalog, `n|${kind}`, names), limit),
  );
}

/** Real service prefixes close to an unknown one. */
export function suggestServices(catalog: Catalog, service: string, limit = 3): string[] {
  return remembered(catalog, `s|${service.toLowerCase()}|${limit}`, () =>
    closest(
      service,
      candidates(catalog, 's', () => catalog.services.map((s) => s.prefix)),
      limit,
    ),
  );
}
