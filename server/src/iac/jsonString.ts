import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { HostError } from './hostPolicy';

/**
 * A policy carried as a JSON string inside JSON (a Terraform plan's `"policy": "{\"Version\":...}"`,
 * a CloudFormation property holding a JSON string): the string is decoded, the decoded text parsed
 * with jsonc-parser, and every node's offset mapped back through the escapes to the host file, so a
 * finding lands exactly on the token as the host file writes it.
 */

/** Decoded text and, for each of its UTF-16 units, the host offset of the text that wrote it. */
export interface MappedText {
  text: string;
  /** `text.length + 1` entries: the last is the host offset just past the decoded text. */
  offsets: Uint32Array;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes the JSON string token at `offset` (its opening quote) in `host`. Undefined when the
 * token is not a well-formed JSON string (the host parser reported that already).
 */
export function decodeJsonString(host: string, offset: number, length: number): MappedText | undefined {
  const end = offset + length - 1;
  if (length < 2 || host[offset] !== '"' || host[end] !== '"') return undefined;
  const parts: string[] = [];
  const offsets = new Uint32Array(length);
  let count = 0;
  let i = offset + 1;
  while (i < end) {
    const c = host[i];
    if (c !== '\\') {
      offsets[count++] = i;
      parts.push(c);
      i += 1;
      continue;
    }
    const e = host[i + 1];
    if (e === 'u') {
      const hex = host.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      offsets[count++] = i;
      parts.push(String.fromCharCode(parseInt(hex, 16)));
      i += 6;
    } else if (e !== undefined && e in SIMPLE_ESCAPES) {
      offsets[count++] = i;
      parts.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else return undefined;
  }
  if (i !== end) return undefined;
  offsets[count] = end;
  return { text: parts.join(''), offsets: offsets.subarray(0, count + 1) };
}

/** The text as it is, at host offset `start`: heredocs and other verbatim slices. */
export function verbatim(text: string, start: number): MappedText {
  const offsets = new Uint32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = start + i;
  return { text, offsets };
}

export interface MappedJson {
  root: Node | undefined;
  errors: HostError[];
}

/**
 * Parses mapped text as JSON and moves every node (and error) to its host position. `describe`
 * names the place in error messages ("the policy string of aws_iam_role.x.assume_role_policy").
 */
export function parseMappedJson(mapped: MappedText, describe: string, lineOf: (offset: number) => number): MappedJson {
  const parseErrors: ParseError[] = [];
  const root = parseTree(mapped.text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (root) remapTree(root, mapped.offsets);
  const errors = parseErrors.map((e) => {
    const offset = hostOffset(mapped.offsets, e.offset);
    const length = hostOffset(mapped.offsets, e.offset + e.length) - offset;
    return {
      message: `JSON parser (jsonc-parser): ${printParseErrorCode(e.error)} in ${describe} at line ${lineOf(offset) + 1}`,
      offset,
      length,
    };
  });
  return { root, errors };
}

function hostOffset(offsets: Uint32Array, decoded: number): number {
  return offsets[Math.min(Math.max(decoded, 0), offsets.length - 1)];
}

/** Maps a jsonc-parser tree over decoded text onto the host text, in place. */
export function remapTree(node: Node, offsets: Uint32Array): void {
  const start = hostOffset(offsets, node.offset);
  const end = hostOffset(offsets, node.offset + node.length);
  const writable = node as { -readonly [K in keyof Node]: Node[K] };
  writable.offset = start;
  writable.length = end - start;
  if (node.colonOffset !== undefined) writable.colonOffset = hostOffset(offsets, node.colonOffset);
  if (node.children) for (const child of node.children) remapTree(child, offsets);
}
