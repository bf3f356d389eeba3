/**
 * IAM wildcard patterns: `*` matches any run of characters, `?` any single character, and every
 * other character stands for itself (so `iam:Get(*` or `iam:Get.se*` match literally and never throw).
 * Matching is case-insensitive, as IAM's is for action names, unless asked to be case-sensitive.
 *
 * No regular expressions: a user's pattern such as `*a*a*a*a*b` would make a backtracking regex
 * explode, while the two-pointer match below is O(pattern × name) at worst.
 */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export interface WildcardOptions {
  /**
   * Match as written, for condition values (StringLike, ArnLike compare case-sensitively); the
   * predicate then takes names as they are rather than lower-cased.
   */
  caseSensitive?: boolean;
}

/** A predicate over lower-cased names (over names as they are with `caseSensitive`). */
export function compileWildcard(pattern: string, options: WildcardOptions = {}): (lowerName: string) => boolean {
  const lower = (options.caseSensitive ? pattern : pattern.toLowerCase()).replace(/\*{2,}/g, '*');
  if (!hasWildcard(lower)) return (name) => name === lower;
  if (lower === '*') return () => true;
  if (!lower.includes('?')) return starsOnlyMatcher(lower.split('*'));
  return (name) => wildcardMatch(lower, name);
}

/**
 * A pattern of literal parts joined by `*` (`Get*`, `*Contact*`, `*Tags`, `Get*Policy*`): the first
 * part starts the name, the last one ends it, and the others follow in order in between, each found
 * at its leftmost place (which leaves the most room for the rest). Native string searches instead
 * of the character loop: matching such a pattern against a service's 600 names a character at a
 * time was a tenth of the catalog's matching in a run over the AWS managed policies.
 */
function starsOnlyMatcher(parts: readonly string[]): (name: string) => boolean {
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((part) => part.length > 0);
  const fixed = first.length + last.length;
  return (name) => {
    if (name.length < fixed || !name.startsWith(first) || !name.endsWith(last)) return false;
    let from = first.length;
    const end = name.length - last.length;
    // Indexed: the loop runs unoptimized for a while, where for-of calls the array iterator per part.
    for (let i = 0; i < middle.length; i++) {
      const at = name.indexOf(middle[i], from);
      if (at === -1 || at + middle[i].length > end) return false;
      from = at + middle[i].length;
    }
    return true;
  };
}

function wildcardMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const pc = pattern.charCodeAt(p);
    if (p < pattern.length && (pc === 63 /* ? */ || pc === name.charCodeAt(n))) {
      p++;
      n++;
    } else if (p < pattern.length && pc === 42 /* * */) {
      starP = p++;
      starN = n;
    } else if (starP !== -1) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}
