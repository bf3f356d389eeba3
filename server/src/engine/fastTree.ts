import type { Node } from 'jsonc-parser';

/** jsonc-parser's Node is read-only to its users; this parser builds it, as parseTree does. */
type Building = { -readonly [K in keyof Node]: Node[K] };

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
  let failed = false;

  function skipWhiteSpace(): void {
    while (pos < length) {
      const ch = text.charCodeAt(pos);
      if (ch === 32 || ch === 10 || ch === 13 || ch === 9) pos++;
      else return;
    }
  }

  function fail(): undefined {
    failed = true;
    return undefined;
  }

  function parseString(): string | undefined {
    // At the opening quote.
    const start = ++pos;
    let result = '';
    let chunk = start;
    while (pos < length) {
      const ch = text.charCodeAt(pos);
      if (ch === 34 /* " */) {
        result += text.substring(chunk, pos);
        pos++;
        return result;
      }
      if (ch < 32) return fail();
      if (ch === 92 /* \ */) {
        result += text.substring(chunk, pos);
        const next = text.charCodeAt(pos + 1);
        switch (next) {
          case 34: result += '"'; break;
          case 92: result += '\\'; break;
          case 47: result += '/'; break;
          case 98: result += '\b'; break;
          case 102: result += '\f'; break;
          case 110: result += '\n'; break;
          case 114: result += '\r'; break;
          case 116: result += '\t'; break;
          case 117: {
            const hex = text.substr(pos + 2, 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail();
            result += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            return fail();
        }
        pos += 2;
        chunk = pos;
        continue;
      }
      pos++;
    }
    return fail();
  }

  function parseNumber(): number | undefined {
    const start = pos;
    if (text.charCodeAt(pos) === 45 /* - */) pos++;
    const first = text.charCodeAt(pos);
    if (first === 48 /* 0 */) pos++;
    else if (first >= 49 && first <= 57) while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
    else return fail();
    if (text.charCodeAt(pos) === 46 /* . */) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) return fail();
      while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 43 || sign === 45) pos++;
      if (!isDigit(text.charCodeAt(pos))) return fail();
      while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
    }
    return Number(text.substring(start, pos));
  }

  function literal(word: string): boolean {
    if (!text.startsWith(word, pos)) return false;
    const after = text.charCodeAt(pos + word.length);
    // jsonc-parser reads a keyword as a run of letters: "nullx" is one unknown token.
    if ((after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95 || isDigit(after)) return false;
    pos += word.length;
    return true;
  }

  function parseValue(parent: Node | undefined): Node | undefined {
    skipWhiteSpace();
    if (pos >= length) return fail();
    const start = pos;
    const ch = text.charCodeAt(pos);
    if (ch === 123 /* { */) return parseObject(parent);
    if (ch === 91 /* [ */) return parseArray(parent);
    if (ch === 34) {
      const value = parseString();
      if (failed) return undefined;
      return { type: 'string', offset: start, length: pos - start, parent, value } as Node;
    }
    if (ch === 45 || isDigit(ch)) {
      const value = parseNumber();
      if (failed) return undefined;
      return { type: 'number', offset: start, length: pos - start, parent, value } as Node;
    }
    if (literal('true')) return { type: 'boolean', offset: start, length: 4, parent, value: true } as Node;
    if (literal('false')) return { type: 'boolean', offset: start, length: 5, parent, value: false } as Node;
    if (literal('null')) return { type: 'null', offset: start, length: 4, parent, value: null } as Node;
    return fail();
  }

  function parseObject(parent: Node | undefined): Node | undefined {
    const node = { type: 'object', offset: pos, length: -1, parent, children: [] as Node[] } as Building;
    pos++;
    skipWhiteSpace();
    if (text.charCodeAt(pos) === 125 /* } */) {
      pos++;
      node.length = pos - node.offset;
      return node;
    }
    for (;;) {
      skipWhiteSpace();
      if (text.charCodeAt(pos) !== 34) return fail();
      const keyStart = pos;
      const property = { type: 'property', offset: keyStart, length: -1, parent: node, children: [] as Node[] } as Building;
      const name = parseString();
      if (failed) return undefined;
      property.children!.push({ type: 'string', value: name, offset: keyStart, length: pos - keyStart, parent: property } as Node);
      skipWhiteSpace();
      if (text.charCodeAt(pos) !== 58 /* : */) return fail();
      property.colonOffset = pos;
      pos++;
      const value = parseValue(property);
      if (failed || !value) return fail();
      property.children!.push(value);
      property.length = value.offset + value.length - keyStart;
      node.children!.push(property);
      skipWhiteSpace();
      const next = text.charCodeAt(pos);
      if (next === 44 /* , */) {
        pos++;
        continue;
      }
      if (next === 125) {
        pos++;
        node.length = pos - node.offset;
        return node;
      }
      return fail();
    }
  }

  function parseArray(parent: Node | undefined): Node | undefined {
    const node = { type: 'array', offset: pos, length: -1, parent, children: [] as Node[] } as Building;
    pos++;
    skipWhiteSpace();
    if (text.charCodeAt(pos) === 93 /* ] */) {
      pos++;
      node.length = pos - node.offset;
      return node;
    }
    for (;;) {
      const value = parseValue(node);
      if (failed || !value) return fail();
      node.children!.push(value);
      skipWhiteSpace();
      const next = text.charCodeAt(pos);
      if (next === 44) {
        pos++;
        continue;
      }
      if (next === 93) {
        pos++;
        node.length = pos - node.offset;
        return node;
      }
      return fail();
    }
  }

  const root = parseValue(undefined);
  if (failed || !root) return undefined;
  skipWhiteSpace();
  if (pos !== length) return undefined;
  // parseTree's root has no parent property at all.
  delete (root as { parent?: Node }).parent;
  return root;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
