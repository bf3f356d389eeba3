import { JSONPath, getLocation } from 'jsonc-parser';
import { PolicyDocument, StatementModel } from '../engine/model';

/** The string token under the cursor: its content range (inside the quotes) and what is typed. */
export interface StringAtCursor {
  /** Offset of the opening quote. */
  tokenStart: number;
  /** Offset just past the closing quote (or the end of an unterminated string). */
  tokenEnd: number;
  contentStart: number;
  contentEnd: number;
  /** The content from the opening quote to the cursor. */
  typed: string;
  /** The whole content. */
  value: string;
}

export interface CursorContext {
  offset: number;
  /** The JSON path of the cursor, as jsonc-parser's getLocation reports it. */
  path: JSONPath;
  isAtPropertyKey: boolean;
  /** The path inside the statement, when the cursor is inside one (after `Statement` or `Statement[i]`). */
  statementPath?: JSONPath;
  statement?: StatementModel;
  string?: StringAtCursor;
}

/**
 * Where the cursor is in a policy document, for completion (tolerates a half-typed document);
 * undefined when the document nests too deeply to be read (as the parser, getLocation recurses
 * once per level, and thousands of `[` exhaust the stack).
 */
export function locate(doc: PolicyDocument, offset: number): CursorContext | undefined {
  const text = doc.text;
  if (doc.unreadable) return undefined;
  let location: ReturnType<typeof getLocation>;
  try {
    location = getLocation(text, offset);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  const path = location.path;
  const context: CursorContext = { offset, path, isAtPropertyKey: location.isAtPropertyKey };

  const previous = location.previousNode;
  if (previous && (previous.type === 'string' || previous.type === 'property')) {
    const tokenStart = previous.offset;
    const closed = previous.length >= 2 && text[tokenStart + previous.length - 1] === '"';
    const tokenEnd = tokenStart + previous.length;
    const contentEnd = closed ? tokenEnd - 1 : tokenEnd;
    if (text[tokenStart] === '"' && offset > tokenStart && offset <= contentEnd) {
      context.string = {
        tokenStart,
        tokenEnd,
        contentStart: tokenStart + 1,
        contentEnd,
        typed: text.slice(tokenStart + 1, offset),
        value: text.slice(tokenStart + 1, contentEnd),
      };
    }
  }

  if (path[0] === 'Statement' && path.length >= 2) {
    const statementValue = doc.statementProperty?.children?.[1];
    if (typeof path[1] === 'number') {
      if (statementValue?.type !== 'object') context.statementPath = path.slice(2);
    } else if (statementValue?.type !== 'array') context.statementPath = path.slice(1);
    if (context.statementPath) {
      context.statement = doc.statements.find((s) => s.node.offset < offset && offset < s.node.offset + s.node.length);
      // The cursor sits in the array between statements, not inside one.
      if (!context.statement && context.statementPath.length === 0) context.statementPath = undefined;
    }
  }
  return context;
}

/** The statement whose object encloses `offset`, if any. */
export function statementAt(doc: PolicyDocument, offset: number): StatementModel | undefined {
  return doc.statements.find((s) => s.node.offset <= offset && offset < s.node.offset + s.node.length);
}

/**
 * The token of a template's string node under the cursor, whether the host quotes it (`"iam:Get"`,
 * `'iam:Get'`) or not (a YAML plain scalar, an HCL identifier): undefined when the cursor is
 * outside its content.
 */
export function tokenAt(text: string, node: { offset: number; length: number }, offset: number): StringAtCursor | undefined {
  const start = node.offset;
  const end = start + node.length;
  const quote = text[start] === '"' || text[start] === "'" ? 1 : 0;
  const closed = quote === 1 && end - start >= 2 && text[end - 1] === text[start];
  const contentStart = start + quote;
  const contentEnd = closed ? end - 1 : end;
  if (offset < contentStart || offset > contentEnd) return undefined;
  return {
    tokenStart: start,
    tokenEnd: end,
    contentStart,
    contentEnd,
    typed: text.slice(contentStart, offset),
    value: text.slice(contentStart, contentEnd),
  };
}

const QUOTED_ON_LINE = /"(?:[^"\\\n]|\\.)*"?/g;

/**
 * The double-quoted string under the cursor on its line, inside `within`: a key being typed that
 * the host parser dropped (`{"aws:Sou"}` has no value yet, so no node). JSON and HCL strings do not
 * span lines, so the quotes of a line pair up from its start.
 */
export function quotedTokenOnLine(text: string, offset: number, within: { offset: number; length: number }): StringAtCursor | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, within.offset);
  const lineEnd = text.indexOf('\n', offset);
  const limit = Math.min(lineEnd === -1 ? text.length : lineEnd, within.offset + within.length);
  QUOTED_ON_LINE.lastIndex = lineStart;
  for (let m = QUOTED_ON_LINE.exec(text); m && m.index < limit; m = QUOTED_ON_LINE.exec(text)) {
    const end = Math.min(m.index + m[0].length, limit);
    if (m.index < offset && offset <= end) return tokenAt(text, { offset: m.index, length: end - m.index }, offset);
  }
  return undefined;
}
