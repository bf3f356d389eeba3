import { Node, ParseError, ParseOptions, parseTree } from 'jsonc-parser';
import { fastParseTree } from './fastTree';

export interface JsonTree {
  root: Node | undefined;
  /** The text nests so deeply that reading it would exhaust the call stack; root is undefined. */
  tooDeep: boolean;
}

/**
 * jsonc-parser's tree of `text`, through the fast path when the text is plain JSON. Never throws:
 * parseTree recurses once per nesting level, and a few thousand `[` exhaust the call stack, so that
 * RangeError becomes `tooDeep` (no policy or configuration nests more than a few levels).
 */
export function readJsonTree(text: string, errors: ParseError[], options: ParseOptions): JsonTree {
  try {
    const fast = fastParseTree(text);
    if (fast) return { root: fast, tooDeep: false };
    const root = parseTree(text, errors, options);
    if (!root || !nestsDeeperThan(root, MAX_NESTING)) return { root, tooDeep: false };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  errors.length = 0;
  return { root: undefined, tooDeep: true };
}

/**
 * Objects and arrays nested deeper than this are `tooDeep` even when the parser's stack held
 * them: how deep parseTree gets depends on the thread's stack (a worker thread's is four times the
 * main thread's), so without a limit of its own the same file was `invalid-json` in one host and
 * handed to the rules, which may recurse over it, in another. Far deeper than any policy,
 * configuration or template nests (the fast path already stops at 256).
 */
const MAX_NESTING = 1000;

/** Whether containers nest more than `limit` deep under `root`; without recursion. */
function nestsDeeperThan(root: Node, limit: number): boolean {
  const pending: Array<{ node: Node; depth: number }> = [{ node: root, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node } = next;
    const depth = node.type === 'object' || node.type === 'array' ? next.depth + 1 : next.depth;
    if (depth > limit) return true;
    for (const child of node.children ?? []) pending.push({ node: child, depth });
  }
  return false;
}
