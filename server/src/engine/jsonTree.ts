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
    return { root: fastParseTree(text) ?? parseTree(text, errors, options), tooDeep: false };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    errors.length = 0;
    return { root: undefined, tooDeep: true };
  }
}
