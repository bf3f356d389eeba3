/**
 * Questions about two IAM Resource patterns (`*` any run of characters, `?` one character), for
 * deciding whether a statement's Resource can reach a kind of resource. Policy variables such as
 * `${aws:username}` stand for a value only known at request time: they may match anything, except
 * where an exception names the same variable.
 */
import { splitArn } from './arn';

/** The pattern with each policy variable read as `*` (it can be any value). */
function variablesAsWildcards(pattern: string): string {
  return pattern.replace(/\$\{[^}]*\}/g, '*');
}

/**
 * The six colon-separated parts of an ARN pattern, or the whole pattern as its one part when it is
 * no ARN (`*`). IAM matches an ARN part by part, so a `*` never reaches past a colon into the
 * next part; within the resource part it may.
 */
function arnParts(pattern: string): string[] {
  const parts = splitArn(pattern);
  return parts ? [parts.partition, parts.service, parts.region, parts.account, parts.resource] : [pattern];
}

function partwise(a: string, b: string, test: (x: string, y: string) => boolean, bare: (x: string, y: string) => boolean): boolean {
  const x = arnParts(a);
  const y = arnParts(b);
  if (x.length !== y.length) return bare(a, b);
  return x.every((part, i) => test(part, y[i]));
}

/** Whether some resource matches both patterns. */
export function patternsIntersect(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  return partwise(variablesAsWildcards(a), variablesAsWildcards(b), globsIntersect, globsIntersect);
}

function globsIntersect(x: string, y: string): boolean {
  // Most parts are literal (a service, an account): no search needed.
  if (!x.includes('*') && !y.includes('*')) {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && x[i] !== '?' && y[i] !== '?') return false;
    return true;
  }
  if (x === '*' || y === '*') return true;
  const memo = new Map<number, boolean>();
  const width = y.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i] === '*') result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === '*') result = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i < x.length && j < y.length) result = (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && go(i + 1, j + 1);
    else result = false;
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * Whether every resource `inner` can match is matched by `outer` as well (a sound check: a
 * wildcard of `inner` must face a `*` of `outer`; policy variables must be written the same).
 */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  return partwise(outer, inner, globCovers, () => false);
}

function globCovers(outer: string, inner: string): boolean {
  const memo = new Map<number, boolean>();
  const width = inner.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === outer.length) result = j === inner.length;
    else if (outer[i] === '*') result = go(i + 1, j) || (j < inner.length && go(i, j + 1));
    else if (j === inner.length) result = false;
    else if (outer[i] === '?') result = inner[j] !== '*' && go(i + 1, j + 1);
    else result = outer[i] === inner[j] && inner[j] !== '*' && inner[j] !== '?' && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Whether a Resource entry is `*` or holds a wildcard, so it can stand for many resources. */
export function isBroadPattern(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
