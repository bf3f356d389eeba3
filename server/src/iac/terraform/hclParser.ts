import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, Node as SyntaxNode, Parser, Tree } from 'web-tree-sitter';
import { changedSpan } from '../../util/strings';
import type { HostError } from '../hostPolicy';

/**
 * The HCL parser: the tree-sitter HCL grammar (terraform dialect) run by web-tree-sitter, both
 * WebAssembly. Loaded once, on the first Terraform file: nothing of it costs a start-up that sees
 * no `.tf`. The bundles (dist/server.js, dist/cli.js) find the .wasm files beside themselves,
 * where scripts/build.mjs copies them; compiled sources and tests find them in node_modules.
 */
export const HCL_PARSER_NAME = 'HCL parser (tree-sitter)';

const RUNTIME_WASM = 'tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

let parser: Parser | undefined;
let hclLanguage: Language | undefined;
let parserClass: typeof Parser | undefined;
let loading: Promise<void> | undefined;

function locate(file: string, packageName: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${packageName}/${file}`);
}

async function load(): Promise<void> {
  // require, not import: esbuild then bundles web-tree-sitter's CommonJS build, which finds its
  // files from __dirname (its ESM build reads import.meta.url, which a CommonJS bundle lacks), and
  // the parser's code runs only when the first .tf file is seen.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const treeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');
  const runtime = locate(RUNTIME_WASM, 'web-tree-sitter');
  await treeSitter.Parser.init({ locateFile: () => runtime });
  hclLanguage = await treeSitter.Language.load(locate(GRAMMAR_WASM, '@tree-sitter-grammars/tree-sitter-hcl'));
  parserClass = treeSitter.Parser;
  parser = newHclParser();
}

/**
 * A parser of its own, for a parse that pauses between calls (slicedParse.ts): a cancelled parser
 * resumes its unfinished parse on its next call, so the shared one must never be left mid-parse.
 */
export function newHclParser(): Parser {
  if (!parserClass || !hclLanguage) throw new Error(`${HCL_PARSER_NAME} is not loaded: await loadTerraformParser() first`);
  const created = new parserClass();
  created.setLanguage(hclLanguage);
  return created;
}

/** Loads the parser once; later calls return at once. A failed load may be retried. */
export function loadTerraformParser(): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

export function terraformParserLoaded(): boolean {
  return parser !== undefined;
}

/** The last trees parsed per file, for incremental reparsing of the next version of that file. */
interface KeptTree {
  text: string;
  tree: Tree;
}
const kept = new Map<string, KeptTree>();
const MAX_KEPT = 4;

/**
 * Parses `text` and hands the tree to `use`; nothing of the tree may be kept past `use` (it lives
 * in WebAssembly memory). With a `key` (the file name), the tree is kept for the next version of
 * that file, which tree-sitter then reparses incrementally: an edit in a 1 MB file costs a few
 * milliseconds instead of a full parse. Without one, the tree is freed when `use` returns.
 */
export function withHclTree<T>(text: string, use: (root: SyntaxNode) => T, key?: string): T {
  if (!parser) throw new Error(`${HCL_PARSER_NAME} is not loaded: await loadTerraformParser() first`);
  const previous = key === undefined ? undefined : kept.get(key);
  const span = previous && previous.text !== text ? changedSpan(previous.text, text) : undefined;
  // The kept text passed the check; an edit that touches no bracket, quote, escape or line break
  // leaves every depth as it was, and reading the whole 1 MB again cost each keystroke 8 ms.
  if (!previous || (span && !keepsNesting(previous.text, text, span))) refuseExcessiveNesting(text);
  const tree = previous ? reparse(parser, previous, text, span) : parser.parse(text, null, withDeadline());
  if (!tree) {
    // A cancelled parser resumes its unfinished parse on the next call, whatever text that call
    // gives it: the next file (or version) would get a tree of both, with errors of neither.
    parser.reset();
    if (key !== undefined) forgetHclTree(key);
    throw gaveUp();
  }
  if (key === undefined) {
    try {
      return use(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
  keepHclTree(key, text, tree);
  return use(tree.rootNode);
}

/**
 * Parses only `text.slice(start, end)` (tree-sitter's included ranges: the rest is skipped, not
 * lexed) with the nodes at their offsets in `text`, and hands the tree to `use`, which may keep
 * nothing of it. For reading one block of a large file whose whole read is under way.
 */
export function withHclTreeOfRange<T>(text: string, start: number, end: number, use: (root: SyntaxNode) => T): T {
  if (!parser) throw new Error(`${HCL_PARSER_NAME} is not loaded: await loadTerraformParser() first`);
  const span = text.slice(start, end);
  refuseExcessiveNesting(span);
  const startPosition = pointAt(text, start);
  const endPosition = advancePoint(startPosition, span);
  const range = { startIndex: start, endIndex: end, startPosition, endPosition };
  const tree = parser.parse(text, null, { ...withDeadline(), includedRanges: [range] });
  if (!tree) {
    parser.reset();
    throw gaveUp();
  }
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function advancePoint(from: { row: number; column: number }, span: string): { row: number; column: number } {
  const lastNewline = span.lastIndexOf('\n');
  if (lastNewline === -1) return { row: from.row, column: from.column + span.length };
  let rows = 0;
  for (let i = span.indexOf('\n'); i !== -1; i = span.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: span.length - lastNewline - 1 };
}

/** The error of a parse cancelled at its deadline. */
export function gaveUp(): Error {
  return new Error(`${HCL_PARSER_NAME} gave up after ${parseDeadlineMs / 1000} s: the file is not parsed`);
}

/** Throws when `text` nests too deep to be parsed (see MAX_NESTING). */
export function refuseExcessiveNesting(text: string): void {
  const depth = excessiveNesting(text);
  if (depth !== undefined) {
    throw new Error(
      `${HCL_PARSER_NAME}: the file nests more than ${MAX_NESTING} brackets deep at line ${lineAt(text, depth)}; no Terraform does, and it is not parsed`,
    );
  }
}

/** Whether a tree of `key` is kept: its next version is reparsed incrementally, in milliseconds. */
export function hasKeptHclTree(key: string): boolean {
  return kept.has(key);
}

/** Keeps `tree` (of `text`) as the last tree of `key`, freeing the one it replaces and the oldest past MAX_KEPT. */
export function keepHclTree(key: string, text: string, tree: Tree): void {
  const previous = kept.get(key);
  if (previous && previous.tree !== tree) previous.tree.delete();
  kept.delete(key);
  kept.set(key, { text, tree });
  for (const [oldest, entry] of kept) {
    if (kept.size <= MAX_KEPT) break;
    entry.tree.delete();
    kept.delete(oldest);
  }
}

/** Frees the kept tree of a file (closed in the editor, say). */
export function forgetHclTree(key: string): void {
  kept.get(key)?.tree.delete();
  kept.delete(key);
}

/** The previous tree edited by the one changed span between the two texts, then reparsed. */
function reparse(parser: Parser, previous: KeptTree, text: string, span: ChangedSpan | undefined): Tree | null {
  const old = previous.text;
  if (old === text || !span) return previous.tree;
  const { start, beforeEnd, afterEnd } = span;
  previous.tree.edit({
    startIndex: start,
    oldEndIndex: beforeEnd,
    newEndIndex: afterEnd,
    startPosition: pointAt(old, start),
    oldEndPosition: pointAt(old, beforeEnd),
    newEndPosition: pointAt(text, afterEnd),
  });
  return parser.parse(text, previous.tree, withDeadline());
}

/**
 * Past this nesting of brackets tree-sitter's error recovery takes seconds to minutes (a 120 KB
 * file of nested `{"a":` took 24 s), and no Terraform nests more than a few levels.
 */
const MAX_NESTING = 100;
/** A parse still running after this long is cancelled: the file is reported, never waited on. */
const PARSE_DEADLINE_MS = 3000;
let parseDeadlineMs = PARSE_DEADLINE_MS;

/** For tests: how long a parse may run; undefined restores the default. */
export function setHclParseDeadline(ms: number | undefined): void {
  parseDeadlineMs = ms ?? PARSE_DEADLINE_MS;
}

/** How long a parse may run, in parse time (slicedParse.ts counts only the time spent parsing). */
export function hclParseDeadlineMs(): number {
  return parseDeadlineMs;
}

function withDeadline(): { progressCallback: () => boolean } {
  const deadline = Date.now() + parseDeadlineMs;
  // tree-sitter cancels the parse when the callback returns true (its typings say void).
  return { progressCallback: () => Date.now() > deadline };
}

type ChangedSpan = ReturnType<typeof changedSpan>;

/** What excessiveNesting reads: brackets, and what starts, escapes or ends a quoted string. */
const NESTING_CHARACTERS = /["\\\n{}[\]()]/;

/**
 * Whether replacing `before`'s span by `after`'s leaves excessiveNesting's reading of the rest as
 * it was: neither side holds a character it reads, and no escape before the span could now reach
 * past it (`\"` turned into `\x"` ends a string).
 */
function keepsNesting(before: string, after: string, span: ChangedSpan): boolean {
  return (
    after.charCodeAt(span.start - 1) !== 92 /* \ */ &&
    !NESTING_CHARACTERS.test(before.slice(span.start, span.beforeEnd)) &&
    !NESTING_CHARACTERS.test(after.slice(span.start, span.afterEnd))
  );
}

/** The offset where brackets outside quoted strings first nest past MAX_NESTING, if they do. */
function excessiveNesting(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */ || c === 10 /* newline */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 || c === 40 /* { [ ( */) {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === 125 || c === 93 || c === 41) /* } ] ) */ && depth > 0) depth--;
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

const MAX_ERRORS = 10;

/** The syntax errors tree-sitter recovered from, each named by parser, line and column. */
export function hclSyntaxErrors(root: SyntaxNode, positionOf: (offset: number) => { line: number; character: number }): HostError[] {
  const errors: HostError[] = [];
  const visit = (node: SyntaxNode): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (node.isError || node.isMissing) {
      const { line, character } = positionOf(node.startIndex);
      const what = node.isMissing ? `missing ${JSON.stringify(node.type)}` : `unexpected ${describeText(node.text)}`;
      errors.push({
        message: `${HCL_PARSER_NAME}: syntax error at line ${line + 1}, column ${character + 1}: ${what}`,
        offset: node.startIndex,
        length: Math.max(node.endIndex - node.startIndex, 0),
      });
      return;
    }
    for (const child of node.children) if (child && child.hasError) visit(child);
  };
  if (root.hasError) visit(root);
  return errors;
}

function describeText(text: string): string {
  const firstLine = text.split('\n', 1)[0].trim();
  if (!firstLine) return 'text';
  return JSON.stringify(firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine);
}
