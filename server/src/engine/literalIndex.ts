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

interface PatternIndex {
  literal: Set<string>;
  others: string[];
}

const patternIndexes = new WeakMap<readonly string[], PatternIndex>();

function patternIndexOf(patterns: readonly string[]): PatternIndex {
  let index = patternIndexes.get(patterns);
  if (!index) {
    index = { literal: new Set(), others: [] };
    for (const p of patterns) {
      if (isLiteral(p)) index.literal.add(p);
      else index.others.push(p);
    }
    patternIndexes.set(patterns, index);
  }
  return index;
}

/** Whether some ARN pattern of `patterns` contains `inner` (arnPatternContains). */
export function someArnPatternContains(patterns: readonly string[], inner: string): boolean {
  if (patterns.length < 8) return patterns.some((p) => arnPatternContains(p, inner));
  const index = patternIndexOf(patterns);
  return index.literal.has(inner) || index.others.some((p) => arnPatternContains(p, inner));
}

/** Whether some pattern of `patterns` may match a string `pattern` matches (patternsMayOverlap). */
export function somePatternMayOverlap(patterns: readonly string[], pattern: string): boolean {
  if (patterns.length < 8 || !isLiteral(pattern)) return patterns.some((p) => patternsMayOverlap(p, pattern));
  const index = patternIndexOf(patterns);
  return index.literal.has(pattern) || index.others.some((p) => patternsMayOverlap(p, pattern));
}

interface PrincipalIndex {
  literal: Set<string>;
  others: AccessPrincipal[];
}

const principalIndexes = new WeakMap<readonly AccessPrincipal[], PrincipalIndex>();

const keyOf = (p: AccessPrincipal) => `${p.type}\u0000${p.value}`;

/**
 * A principal that contains exactly the principal it is: not everyone, no wildcard, not a whole
 * account (which contains every role and user of the account).
 */
function containsItselfOnly(p: AccessPrincipal): boolean {
  return p.type !== '*' && isLiteral(p.value) && wholeAccount(p.value) === undefined;
}

/** Whether some principal of `outer` contains `inner` (principalContains). */
export function somePrincipalContains(outer: readonly AccessPrincipal[], inner: AccessPrincipal): boolean {
  if (outer.length < 8) return outer.some((p) => principalContains(p, inner));
  let index = principalIndexes.get(outer);
  if (!index) {
    index = { literal: new Set(), others: [] };
    for (const p of outer) {
      if (containsItselfOnly(p)) index.literal.add(keyOf(p));
      else index.others.push(p);
    }
    principalIndexes.set(outer, index);
  }
  return index.literal.has(keyOf(inner)) || index.others.some((p) => principalContains(p, inner));
}
