/**
 * Containment and overlap of IAM wildcard patterns (Resource ARNs, principal ARNs, StringLike and
 * ArnLike values), for `iamlp diff`. Both answers are sound in one direction only, and the callers
 * rely on which: `patternContains` says yes only when every string the inner pattern admits is
 * admitted by the outer one; `patternsMayOverlap` says no only when no string matches both. What
 * cannot be decided this way counts as new access, never as no change.
 *
 * A policy variable (`${aws:username}`) is an unknown: it equals itself, an outer `*` covers it, and
 * nothing else is assumed of it. `${*}`, `${?}` and `${$}` are the literal characters.
 */

type Token = { kind: 'char'; text: string } | { kind: 'star' } | { kind: 'any' } | { kind: 'variable'; text: string };

const ESCAPES: Record<string, string> = { '${*}': '*', '${?}': '?', '${$}': '$' };

function tokenize(pattern: string, caseInsensitive: boolean): Token[] {
  const tokens: Token[] = [];
  const text = caseInsensitive ? pattern.toLowerCase() : pattern;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      if (close !== -1) {
        const written = text.slice(i, close + 1);
        const escaped = ESCAPES[written];
        tokens.push(escaped ? { kind: 'char', text: escaped } : { kind: 'variable', text: written });
        i = close;
        continue;
      }
    }
    if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else tokens.push({ kind: 'char', text: c });
  }
  return tokens;
}

export interface PatternOptions {
  /** Condition keys such as StringEqualsIgnoreCase compare without case; ARNs never do. */
  caseInsensitive?: boolean;
}

/** No wildcard, no policy variable (nor an escape such as `${*}`): the pattern matches itself only. */
export function isLiteral(pattern: string): boolean {
  return !/[*?$]/.test(pattern);
}

/**
 * Two patterns without wildcards or variables contain and overlap each other only when equal: found
 * without the table below, which comparing the resources of two versions of a large policy (each
 * with each) spent minutes filling.
 */
function literalsEqual(a: string, b: string, options: PatternOptions): boolean | undefined {
  if (!isLiteral(a) || !isLiteral(b)) return undefined;
  return options.caseInsensitive === true ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The characters every string the pattern matches starts with: up to its first wildcard or variable. */
export function literalHead(pattern: string, options: PatternOptions = {}): string {
  const end = pattern.search(/[*?$]/);
  const head = end === -1 ? pattern : pattern.slice(0, end);
  return options.caseInsensitive === true ? head.toLowerCase() : head;
}

/** The characters every string the pattern matches ends with: after its last wildcard or variable. */
function literalTail(pattern: string, options: PatternOptions): string {
  let start = pattern.length;
  while (start > 0 && !'*?$}'.includes(pattern[start - 1])) start--;
  const tail = pattern.slice(start);
  return options.caseInsensitive === true ? tail.toLowerCase() : tail;
}

/**
 * Whether every string `inner` admits is admitted by `outer`. The outer pattern is matched against
 * the inner one's text: an outer `*` may take any run of inner tokens, an outer `?` one character
 * (or an inner `?`), a literal only the same literal. Sound; incomplete for contrived pairs such
 * as `*?` and `?*`, which then count as not contained.
 */
export function patternContains(outer: string, inner: string, options: PatternOptions = {}): boolean {
  if (outer === inner || outer === '*') return true;
  const literal = literalsEqual(outer, inner, options);
  if (literal !== undefined) return literal;
  // Whatever inner matches starts with its head, and must start with outer's: a cheap no for most pairs.
  if (!literalHead(inner, options).startsWith(literalHead(outer, options))) return false;
  const o = tokenize(outer, options.caseInsensitive === true);
  const n = tokenize(inner, options.caseInsensitive === true);
  // covers[j]: whether outer from token i admits all that inner from token j admits; computed from
  // the ends of both, row by row, without recursion (a pattern thousands of characters long
  // exhausted the call stack, as in resourcePatterns.ts).
  let next = new Uint8Array(n.length + 1);
  let row = new Uint8Array(n.length + 1);
  for (let i = o.length; i >= 0; i--) {
    for (let j = n.length; j >= 0; j--) {
      let covers: boolean;
      if (i === o.length) covers = j === n.length;
      else {
        const t = o[i];
        if (t.kind === 'star') covers = next[j] === 1 || (j < n.length && row[j + 1] === 1);
        else if (j === n.length) covers = false;
        else {
          const u = n[j];
          if (t.kind === 'any') covers = (u.kind === 'char' || u.kind === 'any') && next[j + 1] === 1;
          else if (t.kind === 'char') covers = u.kind === 'char' && u.text === t.text && next[j + 1] === 1;
          else covers = u.kind === 'variable' && u.text === t.text && next[j + 1] === 1;
        }
      }
      row[j] = covers ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/** Whether some string may match both patterns. Variables count as `*`: they may take any value. */
export function patternsMayOverlap(a: string, b: string, options: PatternOptions = {}): boolean {
  if (a === '*' || b === '*' || a === b) return true;
  const literal = literalsEqual(a, b, options);
  if (literal !== undefined) return literal;
  // A string both match starts with both heads and ends with both tails: one of each pair extends the other.
  const [headA, headB] = [literalHead(a, options), literalHead(b, options)];
  if (!headA.startsWith(headB) && !headB.startsWith(headA)) return false;
  const [tailA, tailB] = [literalTail(a, options), literalTail(b, options)];
  if (!tailA.endsWith(tailB) && !tailB.endsWith(tailA)) return false;
  const widen = (t: Token): Token => (t.kind === 'variable' ? { kind: 'star' } : t);
  const p = tokenize(a, options.caseInsensitive === true).map(widen);
  const q = tokenize(b, options.caseInsensitive === true).map(widen);
  // meets[j]: whether p from token i and q from token j can match one string; row by row, as above.
  let next = new Uint8Array(q.length + 1);
  let row = new Uint8Array(q.length + 1);
  for (let i = p.length; i >= 0; i--) {
    for (let j = q.length; j >= 0; j--) {
      let meets: boolean;
      if (i === p.length && j === q.length) meets = true;
      else if (i < p.length && p[i].kind === 'star') meets = next[j] === 1 || (j < q.length && row[j + 1] === 1);
      else if (j < q.length && q[j].kind === 'star') meets = row[j + 1] === 1 || (i < p.length && next[j] === 1);
      else if (i === p.length || j === q.length) meets = false;
      else {
        const s = p[i];
        const t = q[j];
        const compatible = s.kind === 'any' || t.kind === 'any' || (s.kind === 'char' && t.kind === 'char' && s.text === t.text);
        meets = compatible && next[j + 1] === 1;
      }
      row[j] = meets ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/** Whether the pattern admits every string: `*` written any number of times, nothing else. */
export function admitsEverything(pattern: string): boolean {
  return pattern.length > 0 && /^\*+$/.test(pattern);
}

/** The six parts of an ARN pattern (the resource keeps its colons), or undefined. */
function arnParts(pattern: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length && parts.length < 5; i++) {
    if (pattern.startsWith('${', i)) {
      const close = pattern.indexOf('}', i);
      if (close !== -1) i = close;
    } else if (pattern[i] === ':') {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push(pattern.slice(start));
  return parts;
}

/**
 * Containment of ARN patterns as IAM matches them: a wildcard in the partition, service, region or
 * account stays inside that part; only the resource part may hold colons. Whole-string matching
 * would let `arn:aws:ec2:*:instance/*` swallow a region and an account, which IAM does not.
 * Patterns that are not ARNs are contained only when the outer one admits everything or they
 * are the same text.
 */
export function arnPatternContains(outer: string, inner: string): boolean {
  if (outer === inner || admitsEverything(outer)) return true;
  if (isLiteral(outer) && isLiteral(inner)) return false;
  const o = arnParts(outer);
  const n = arnParts(inner);
  if (!o || !n) return false;
  return o.every((part, i) => patternContains(part, n[i]));
}
