import type { Node, NodeType } from 'jsonc-parser';

/**
 * A node of the tree jsonc-parser's `parseTree` would build. Every node has every field, in the
 * same order, so all nodes share one hidden class and the rules' reads of `node.children` or
 * `node.value` stay monomorphic. It is an object literal made in one place, not a class: V8 tracks
 * literals by allocation site and, seeing that tree nodes survive, allocates them straight into
 * the old generation. With `new`, every node of a 1 MB policy was copied by the young-generation
 * collector twice, which doubled the parse time.
 */
function treeNode(type: NodeType, offset: number, length: number, parent: Node | undefined, value: unknown): Building {
  return { type, offset, length, parent, children: undefined, value, colonOffset: undefined };
}

/** jsonc-parser's Node is read-only to its users; this parser builds it, as parseTree does. */
type Building = { -readonly [K in keyof Node]: Node[K] };

/**
 * The strings every policy repeats, by length. Reading them as these constants instead of new
 * substrings saves an allocation each, and V8 compares and hashes its constant (internalized)
 * strings by pointer: the rules' switches and lookups on element names and effects get cheaper.
 */
const KNOWN_STRINGS: readonly (readonly string[])[] = (() => {
  const words = [
    '*',
    'Sid',
    'AWS',
    'Deny',
    'Allow',
    'Effect',
    'Action',
    'Version',
    'Service',
    'Resource',
    'Statement',
    'NotAction',
    'Principal',
    'Condition',
    'Federated',
    '2012-10-17',
    '2008-10-17',
    'NotResource',
    'NotPrincipal',
    'CanonicalUser',
  ];
  const byLength: string[][] = [];
  for (const word of words) (byLength[word.length] ??= []).push(word);
  return byLength.map((list) => list ?? []);
})();

function knownStringAt(text: string, start: number, length: number): string | undefined {
  const candidates = KNOWN_STRINGS[length];
  if (candidates === undefined) return undefined;
  for (const word of candidates) if (text.startsWith(word, start)) return word;
  return undefined;
}

/** Deeper than any policy; past it the fast path gives up rather than risk the call stack. */
const MAX_DEPTH = 256;

/**
 * A fast path for the common case, a well-formed policy: builds the same tree as jsonc-parser's
 * `parseTree` (same node types, offsets, lengths, values, `colonOffset`, parent links) in one pass
 * over character codes, without a visitor or a token stream. It gives up, returning undefined, at
 * the first thing that is not plain JSON (a comment, a trailing comma, an odd escape or white
 * space, any error), and the caller then uses `parseTree`, whose recovery and error reports stay
 * the only ones. test/unit/engine/fastTree.test.ts checks the trees are identical.
 */
export function fastParseTree(text: string): Node | undefined {
  const length = text.length;
  let pos = 0;
  let depth = 0;
  // Children wait here until their container closes, then move into an array of their exact
  // number: pushing into each container's own array would over-allocate every one of them.
  const pending: Node[] = [];
  let pendingCount = 0;

  function takePending(mark: number): Node[] {
    const children = pending.slice(mark, pendingCount);
    pendingCount = mark;
    return children;
  }

  // Hot loops copy `pos` into a local: a closure variable is a memory access on every read.
  function skipWhiteSpace(): void {
    let p = pos;
    while (p < length) {
      const ch = text.charCodeAt(p);
      if (ch === 32 || ch === 10 || ch === 13 || ch === 9) p++;
      else break;
    }
    pos = p;
  }

  /** At the opening quote; the string's value, or undefined when it is not plain JSON. */
  function parseString(): string | undefined {
    const start = pos + 1;
    let p = start;
    while (p < length) {
      const ch = text.charCodeAt(p);
      if (ch === 34 /* " */) {
        pos = p + 1;
        return knownStringAt(text, start, p - start) ?? text.substring(start, p);
      }
      if (ch === 92 /* \ */) return parseEscapedString(start, p);
      if (ch < 32) return undefined;
      p++;
    }
    return undefined;
  }

  function parseEscapedString(start: number, firstEscape: number): string | undefined {
    let result = text.substring(start, firstEscape);
    let p = firstEscape;
    let chunk = p;
    while (p < length) {
      const ch = text.charCodeAt(p);
      if (ch === 34) {
        pos = p + 1;
        return result + text.substring(chunk, p);
      }
      if (ch < 32) return undefined;
      if (ch !== 92) {
        p++;
        continue;
      }
      result += text.substring(chunk, p);
      switch (text.charCodeAt(p + 1)) {
        case 34:
          result += '"';
          break;
        case 92:
          result += '\\';
          break;
        case 47:
          result += '/';
          break;
        case 98:
          result += '\b';
          break;
        case 102:
          result += '\f';
          break;
        case 110:
          result += '\n';
          break;
        case 114:
          result += '\r';
          break;
        case 116:
          result += '\t';
          break;
        case 117: {
          const hex = text.substr(p + 2, 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
          result += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          return undefined;
      }
      p += 2;
      chunk = p;
    }
    return undefined;
  }

  function parseNumber(): number | undefined {
    const start = pos;
    let p = pos;
    if (text.charCodeAt(p) === 45 /* - */) p++;
    const first = text.charCodeAt(p);
    if (first === 48 /* 0 */) p++;
    else if (first >= 49 && first <= 57) while (p < length && isDigit(text.charCodeAt(p))) p++;
    else return undefined;
    if (text.charCodeAt(p) === 46 /* . */) {
      p++;
      if (!isDigit(text.charCodeAt(p))) return undefined;
      while (p < length && isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69) {
      p++;
      const sign = text.charCodeAt(p);
      if (sign === 43 || sign === 45) p++;
      if (!isDigit(text.charCodeAt(p))) return undefined;
      while (p < length && isDigit(text.charCodeAt(p))) p++;
    }
    pos = p;
    return Number(text.substring(start, p));
  }

  function literal(word: string): boolean {
    if (!text.startsWith(word, pos)) return false;
    const after = text.charCodeAt(pos + word.length);
    // jsonc-parser reads a keyword as a run of letters: "nullx" is one unknown token.
    if ((after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95 || isDigit(after)) return false;
    pos += word.length;
    return true;
  }

  function leaf(type: NodeType, start: number, parent: Node | undefined, value: unknown): Node {
    return treeNode(type, start, pos - start, parent, value);
  }

  /** At the closing bracket of `node`: steps over it and completes the container. */
  function close(node: Building, children: Node[]): Node {
    pos++;
    node.length = pos - node.offset;
    node.children = children;
    depth--;
    return node;
  }

  /** The value at `pos` (after white space), or undefined when the text is not plain JSON. */
  function parseValue(parent: Node | undefined): Node | undefined {
    skipWhiteSpace();
    if (pos >= length) return undefined;
    const start = pos;
    const ch = text.charCodeAt(pos);
    if (ch === 34) {
      const value = parseString();
      return value === undefined ? undefined : leaf('string', start, parent, value);
    }
    if (ch === 123 /* { */) return parseObject(parent);
    if (ch === 91 /* [ */) return parseArray(parent);
    if (ch === 45 || isDigit(ch)) {
      const value = parseNumber();
      return value === undefined ? undefined : leaf('number', start, parent, value);
    }
    if (literal('true')) return leaf('boolean', start, parent, true);
    if (literal('false')) return leaf('boolean', start, parent, false);
    if (literal('null')) return leaf('null', start, parent, null);
    return undefined;
  }

  function parseObject(parent: Node | undefined): Node | undefined {
    if (++depth > MAX_DEPTH) return undefined;
    const node = treeNode('object', pos, -1, parent, undefined);
    const mark = pendingCount;
    pos++;
    skipWhiteSpace();
    if (text.charCodeAt(pos) === 125 /* } */) return close(node, []);
    for (;;) {
      skipWhiteSpace();
      if (text.charCodeAt(pos) !== 34) return undefined;
      const keyStart = pos;
      const property = treeNode('property', keyStart, -1, node, undefined);
      const name = parseString();
      if (name === undefined) return undefined;
      const key = leaf('string', keyStart, property, name);
      skipWhiteSpace();
      if (text.charCodeAt(pos) !== 58 /* : */) return undefined;
      property.colonOffset = pos;
      pos++;
      const value = parseValue(property);
      if (!value) return undefined;
      property.children = [key, value];
      property.length = value.offset + value.length - keyStart;
      pending[pendingCount++] = property;
      skipWhiteSpace();
      const next = text.charCodeAt(pos);
      if (next === 44 /* , */) {
        pos++;
        continue;
      }
      if (next !== 125) return undefined;
      return close(node, takePending(mark));
    }
  }

  function parseArray(parent: Node | undefined): Node | undefined {
    if (++depth > MAX_DEPTH) return undefined;
    const node = treeNode('array', pos, -1, parent, undefined);
    const mark = pendingCount;
    pos++;
    skipWhiteSpace();
    if (text.charCodeAt(pos) === 93 /* ] */) return close(node, []);
    for (;;) {
      const value = parseValue(node);
      if (!value) return undefined;
      pending[pendingCount++] = value;
      skipWhiteSpace();
      const next = text.charCodeAt(pos);
      if (next === 44) {
        pos++;
        continue;
      }
      if (next !== 93) return undefined;
      return close(node, takePending(mark));
    }
  }

  const root = parseValue(undefined);
  if (!root) return undefined;
  skipWhiteSpace();
  if (pos !== length) return undefined;
  // parseTree's root has no parent property at all.
  delete (root as { parent?: Node }).parent;
  return root;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
