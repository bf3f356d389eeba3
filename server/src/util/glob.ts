/**
 * Globs (`**`, `*`, `?`, `[...]`, `{a,b}`) as predicates over paths with forward slashes, matched in
 * linear time. zeptomatch (maintained) turns a glob into a regular expression without lookarounds,
 * and RE2JS, the JavaScript port of RE2, runs it as an automaton: no pattern can backtrack. The
 * hand-written translation this replaces ran on V8's backtracking engine, where
 * `*a*a*a*a*a*a*a*a*a*a*a*a*b` against forty `a`s took minutes (and froze the language server).
 */
import type { RE2JS } from 're2js';
import type zeptomatch from 'zeptomatch';

export type PathMatcher = (path: string) => boolean;

interface Engines {
  RE2JS: typeof RE2JS;
  zeptomatch: typeof zeptomatch;
}
let engines: Engines | undefined;

/**
 * Both are required on the first glob, not when this module loads: zeptomatch builds its grammar as
 * it loads, about 10 ms of every iamlp start, and most runs match no glob at all.
 */
function loadEngines(): Engines {
  /* eslint-disable @typescript-eslint/no-require-imports */
  engines ??= {
    RE2JS: (require('re2js') as typeof import('re2js')).RE2JS,
    zeptomatch: (require('zeptomatch') as { default: typeof zeptomatch }).default,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return engines;
}

/** Compiled globs: settings and `.iamlp.json` repeat the same few globs for every file. */
const compiled = new Map<string, PathMatcher>();
const MAX_CACHED = 500;

function compile(glob: string): PathMatcher {
  try {
    const { RE2JS, zeptomatch } = loadEngines();
    const automaton = RE2JS.compile(zeptomatch.compile(glob).source);
    return (path) => automaton.matches(path);
  } catch {
    // A glob neither can read (an unclosed `[`) matches its own text only, never everything.
    return (path) => path === glob;
  }
}

/** A glob as a predicate over whole paths with forward slashes. */
export function globMatcher(glob: string): PathMatcher {
  let matcher = compiled.get(glob);
  if (!matcher) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(glob, (matcher = compile(glob)));
  }
  return matcher;
}

/** Whether `path` (forward slashes) matches `glob`: a glob without a slash matches the file name anywhere. */
export function matchesGlob(glob: string, path: string): boolean {
  const normalized = path.split('\\').join('/');
  if (!glob.includes('/')) return globMatcher(glob)(normalized.slice(normalized.lastIndexOf('/') + 1));
  const matches = globMatcher(glob.replace(/^\.\//, ''));
  // A relative glob may match any tail of the path that starts at a folder boundary.
  if (matches(normalized)) return true;
  for (let i = normalized.indexOf('/'); i !== -1; i = normalized.indexOf('/', i + 1)) {
    if (matches(normalized.slice(i + 1))) return true;
  }
  return false;
}

/**
 * How many folder levels below its static prefix a glob can reach: the number of its remaining
 * segments, or Infinity with `**`. `/usr/*.json` looks into /usr only, never its subfolders.
 */
export function globDepth(globTail: string): number {
  const segments = globTail.split('/').filter((s) => s !== '' && s !== '.');
  return segments.some((s) => s.includes('**')) ? Infinity : segments.length;
}
