/**
 * Questions about two IAM Resource patterns (`*` any run of characters, `?` one character), for
 * deciding whether a statement's Resource can reach a kind of resource. Policy variables such as
 * `${aws:username}` stand for a value only known at request time: they may match anything, except
 * where an exception names the same variable.
 */
import { detached } from '../util/strings';
import { splitArn } from './arn';

/** The pattern with each policy variable read as `*` (it can be any value). */
export function variablesAsWildcards(pattern: string): string {
  return pattern.includes('${') ? pattern.replace(/\$\{[^}]*\}/g, '*') : pattern;
}

/**
 * The parts of the patterns asked about lately. The escalation paths ask about every statement's
 * resources for each path action, against the same few path ARNs: splitting them again for each
 * pair took most of privilege-escalation's time on a policy of thousands of statements.
 */
const partsOf = new Map<string, readonly string[]>();
const PARTS_KEPT = 16384;

/**
 * The six colon-separated parts of an ARN pattern, or the whole pattern as its one part when it is
 * no ARN (`*`). IAM matches an ARN part by part, so a `*` never reaches past a colon into the
 * next part; within the resource part it may.
 */
function arnParts(pattern: string): readonly string[] {
  let known = partsOf.get(pattern);
  if (known === undefined) {
    // A pattern read from a policy is a slice of its text: kept as it is, the key and its parts
    // would keep that text alive (every version of a document being edited, in the language server).
    const own = detached(pattern);
    const parts = splitArn(own);
    known = parts ? [parts.partition, parts.service, parts.region, parts.account, parts.resource] : [own];
    if (partsOf.size >= PARTS_KEPT) partsOf.clear();
    partsOf.set(own, known);
  }
  return known;
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
  // Characters facing each other at either end, neither of them a `*`, must match one character
  // each: matched there, they leave the search only the middles (`role/*` against `role/admin`
  // is `*` against `admin`), and a mismatch answers at once. This was most of the search's time.
  let start = 0;
  let xEnd = x.length;
  let yEnd = y.length;
  while (start < xEnd && start < yEnd) {
    const a = x.charCodeAt(start);
    const b = y.charCodeAt(start);
    if (a === STAR || b === STAR) break;
    if (a !== b && a !== QUESTION && b !== QUESTION) return false;
    start++;
  }
  while (xEnd > start && yEnd > start) {
    const a = x.charCodeAt(xEnd - 1);
    const b = y.charCodeAt(yEnd - 1);
    if (a === STAR || b === STAR) break;
    if (a !== b && a !== QUESTION && b !== QUESTION) return false;
    xEnd--;
    yEnd--;
  }
  return middlesIntersect(x.slice(start, xEnd), y.slice(start, yEnd));
}

const STAR = 42;
const QUESTION = 63;

function middlesIntersect(x: string, y: string): boolean {
  if (x === '*' || y === '*') return true;
  // meets[j]: whether x from i and y from j can match one string; computed from the ends of both,
  // row by row, without recursion (a part thousands of characters long exhausted the call stack).
  let next = new Uint8Array(y.length + 1);
  let row = new Uint8Array(y.length + 1);
  for (let i = x.length; i >= 0; i--) {
    for (let j = y.length; j >= 0; j--) {
      let meets: boolean;
      if (i === x.length && j === y.length) meets = true;
      else if (i < x.length && x[i] === '*') meets = next[j] === 1 || (j < y.length && row[j + 1] === 1);
      else if (j < y.length && y[j] === '*') meets = row[j + 1] === 1 || (i < x.length && next[j] === 1);
      else if (i < x.length && j < y.length) meets = (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && next[j + 1] === 1;
      else meets = false;
      row[j] = meets ? 1 : 0;
    }
    const done = next;
    next = row;
    row = done;
  }
  return next[0] === 1;
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
  // covers[j]: whether outer from i matches all inner from j can; row by row, as globsIntersect.
  let next = new Uint8Array(inner.length + 1);
  let row = new Uint8Array(inner.length + 1);
  for (let i = outer.length; i >= 0; i--) {
    for (let j = inner.length; j >= 0; j--) {
      let covers: boolean;
      if (i === outer.length) covers = j === inner.length;
      else if (outer[i] === '*') covers = next[j] === 1 || (j < inner.length && row[j + 1] === 1);
      else if (j === inner.length) covers = false;
      else if (outer[i] === '?') covers = inner[j] !== '*' && next[j + 1] === 1;
      else covers = outer[i] === inner[j] && inner[j] !== '*' && inner[j] !== '?' && next[j + 1] === 1;
      row[j] = covers ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/** Whether a Resource entry is `*` or holds a wildcard, so it can stand for many resources. */
export function isBroadPattern(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
