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
  const parser = new FastParser(text);
  const root = parser.parseValue(undefined);
  if (!root) return undefined;
  parser.skipWhiteSpace();
  if (parser.pos !== text.length) return undefined;
  // parseTree's root has no parent property at all.
  delete (root as { parent?: Node }).parent;
  return root;
}

/**
 * The parser's state and steps. Methods of one class, not closures made by each call: V8 keeps
 * one optimized copy of a prototype's methods for every file, where closures made per call were
 * new call targets to each file's code, so the optimized parser was thrown away and compiled
 * again (four times over a corpus of 1,500 policies, 300 ms of the compiler's time).
 */
class FastParser {
  pos = 0;
  private depth = 0;
  private readonly length: number;
  // Children wait here until their container closes, then move into an array of their exact
  // number: pushing into each container's own array would over-allocate every one of them.
  private readonly pending: Node[] = [];
  private pendingCount = 0;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  private takePending(mark: number): Node[] {
    const children = this.pending.slice(mark, this.pendingCount);
    this.pendingCount = mark;
    return children;
  }

  // Hot loops copy `pos` into a local: a field is a memory access on every read.
  skipWhiteSpace(): void {
    const { text, length } = this;
    let p = this.pos;
    while (p < length) {
      const ch = text.charCodeAt(p);
      if (ch === 32 || ch === 10 || ch === 13 || ch === 9) p++;
      else break;
    }
    this.pos = p;
  }

  /** At the opening quote; the string's value, or undefined when it is not plain JSON. */
  private parseString(): string | undefined {
    const { text, length } = this;
    const start = this.pos + 1;
    let p = start;
    while (p < length) {
      const ch = text.charCodeAt(p);
      if (ch === 34 /* " */) {
        this.pos = p + 1;
        return knownStringAt(text, start, p - start) ?? text.substring(start, p);
      }
      if (ch === 92 /* \ */) return this.parseEscapedString(start, p);
      if (ch < 32) return undefined;
      p++;
    }
    return undefined;
  }

  private parseEscapedString(start: number, firstEscape: number): string | undefined {
    const { text, length } = this;
    let result = text.substring(start, firstEscape);
    let p = firstEscape;
    let chunk = p;
    while (p < length) {
      const ch = text.charCodeAt(p);
      if (ch === 34) {
        this.pos = p + 1;
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

  private parseNumber(): number | undefined {
    const { text, length } = this;
    const start = this.pos;
    let p = start;
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
    this.pos = p;
    return Number(text.substring(start, p));
  }

  private literal(word: string): boolean {
    const { text } = this;
    if (!text.startsWith(word, this.pos)) return false;
    const after = text.charCodeAt(this.pos + word.length);
    // jsonc-parser reads a keyword as a run of letters: "nullx" is one unknown token.
    if ((after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95 || isDigit(after)) return false;
    this.pos += word.length;
    return true;
  }

  private leaf(type: NodeType, start: number, parent: Node | undefined, value: unknown): Node {
    return treeNode(type, start, this.pos - start, parent, value);
  }

  /** At the closing bracket of `node`: steps over it and completes the container. */
  private close(node: Building, children: Node[]): Node {
    this.pos++;
    node.length = this.pos - node.offset;
    node.children = children;
    this.depth--;
    return node;
  }

  /** The value at `pos` (after white space), or undefined when the text is not plain JSON. */
  parseValue(parent: Node | undefined): Node | undefined {
    this.skipWhiteSpace();
    if (this.pos >= this.length) return undefined;
    const start = this.pos;
    const ch = this.text.charCodeAt(start);
    if (ch === 34) {
      const value = this.parseString();
      return value === undefined ? undefined : this.leaf('string', start, parent, value);
    }
    if (ch === 123 /* { */) return this.parseObject(parent);
    if (ch === 91 /* [ */) return this.parseArray(parent);
    if (ch === 45 || isDigit(ch)) {
      const value = this.parseNumber();
      return value === undefined ? undefined : this.leaf('number', start, parent, value);
    }
    if (this.literal('true')) return this.leaf('boolean', start, parent, true);
    if (this.literal('false')) return this.leaf('boolean', start, parent, false);
    if (this.literal('null')) return this.leaf('null', start, parent, null);
    return undefined;
  }

  private parseObject(parent: Node | undefined): Node | undefined {
    if (++this.depth > MAX_DEPTH) return undefined;
    const { text } = this;
    const node = treeNode('object', this.pos, -1, parent, undefined);
    const mark = this.pendingCount;
    this.pos++;
    this.skipWhiteSpace();
    if (text.charCodeAt(this.pos) === 125 /* } */) return this.close(node, []);
    for (;;) {
      this.skipWhiteSpace();
      const keyStart = this.pos;
      if (text.charCodeAt(keyStart) !== 34) return undefined;
      const property = treeNode('property', keyStart, -1, node, undefined);
      const name = this.parseString();
      if (name === undefined) return undefined;
      const key = this.leaf('string', keyStart, property, name);
      this.skipWhiteSpace();
      if (text.charCodeAt(this.pos) !== 58 /* : */) return undefined;
      property.colonOffset = this.pos;
      this.pos++;
      const value = this.parseValue(property);
      if (!value) return undefined;
      property.children = [key, value];
      property.length = value.offset + value.length - keyStart;
      this.pending[this.pendingCount++] = property;
      this.skipWhiteSpace();
      const next = text.charCodeAt(this.pos);
      if (next === 44 /* , */) {
        this.pos++;
        continue;
      }
      if (next !== 125) return undefined;
      return this.close(node, this.takePending(mark));
    }
  }

  private parseArray(parent: Node | undefined): Node | undefined {
    if (++this.depth > MAX_DEPTH) return undefined;
    const { text } = this;
    const node = treeNode('array', this.pos, -1, parent, undefined);
    const mark = this.pendingCount;
    this.pos++;
    this.skipWhiteSpace();
    if (text.charCodeAt(this.pos) === 93 /* ] */) return this.close(node, []);
    for (;;) {
      const value = this.parseValue(node);
      if (!value) return undefined;
      this.pending[this.pendingCount++] = value;
      this.skipWhiteSpace();
      const next = text.charCodeAt(this.pos);
      if (next === 44) {
        this.pos++;
        continue;
      }
      if (next !== 93) return undefined;
      return this.close(node, this.takePending(mark));
    }
  }
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
