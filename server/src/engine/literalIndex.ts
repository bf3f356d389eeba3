import { arnPatternContains, isLiteral, patternsMayOverlap } from './accessPatterns';
import { AccessPrincipal, principalContains } from './accessPrincipals';
import { wholeAccount } from './principals';

/**
 * Lookups over many patterns or principals at once, for `iamlp diff` of large policies. A pattern
 * without `*`, `?` or a policy variable contains, and overlaps, exactly itself (accessPatterns.ts
 * compares ARNs with case), so those are found in a set; only the others are scanned. A trust
 * policy of 20,000 principals compared each of its principals with all of the other version's:
 * 400 million comparisons, a run that did not end.
 */

/** Below this many, a scan costs less than building the index. */
const INDEXED_FROM = 8;

/** Of a list: the keys of the items that contain exactly themselves, and the other items. */
interface LiteralIndex<T> {
  literal: Set<string>;
  others: T[];
}

/** Builds (once per list) the index of `items`, split by `selfOnly` and keyed by `keyOf`. */
function indexer<T>(selfOnly: (item: T) => boolean, keyOf: (item: T) => string): (items: readonly T[]) => LiteralIndex<T> {
  const indexes = new WeakMap<readonly T[], LiteralIndex<T>>();
  return (items) => {
    let index = indexes.get(items);
    if (!index) {
      index = { literal: new Set(), others: [] };
      for (const item of items) {
        if (selfOnly(item)) index.literal.add(keyOf(item));
        else index.others.push(item);
      }
      indexes.set(items, index);
    }
    return index;
  };
}

const patternIndexOf = indexer<string>(isLiteral, (p) => p);

/** Whether some ARN pattern of `patterns` contains `inner` (arnPatternContains). */
export function someArnPatternContains(patterns: readonly string[], inner: string): boolean {
  if (patterns.length < INDEXED_FROM) return patterns.some((p) => arnPatternContains(p, inner));
  const index = patternIndexOf(patterns);
  return index.literal.has(inner) || index.others.some((p) => arnPatternContains(p, inner));
}

/** Whether some pattern of `patterns` may match a string `pattern` matches (patternsMayOverlap). */
export function somePatternMayOverlap(patterns: readonly string[], pattern: string): boolean {
  if (patterns.length < INDEXED_FROM || !isLiteral(pattern)) return patterns.some((p) => patternsMayOverlap(p, pattern));
  const index = patternIndexOf(patterns);
  return index.literal.has(pattern) || index.others.some((p) => patternsMayOverlap(p, pattern));
}

const principalKey = (p: AccessPrincipal) => `${p.type}\u0000${p.value}`;

/**
 * A principal that contains exactly the principal it is: not everyone, no wildcard, not a whole
 * account (which contains every role and user of the account).
 */
function containsItselfOnly(p: AccessPrincipal): boolean {
  return p.type !== '*' && isLiteral(p.value) && wholeAccount(p.value) === undefined;
}

const principalIndexOf = indexer(containsItselfOnly, principalKey);

/** Whether some principal of `outer` contains `inner` (principalContains). */
export function somePrincipalContains(outer: readonly AccessPrincipal[], inner: AccessPrincipal): boolean {
  if (outer.length < INDEXED_FROM) return outer.some((p) => principalContains(p, inner));
  const index = principalIndexOf(outer);
  return index.literal.has(principalKey(inner)) || index.others.some((p) => principalContains(p, inner));
}
