const SEPARATOR = 124; // "|"

/** An ASCII code with letters folded to lower case (IAM compares names so). */
export function foldedCode(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * A name's hash from its length and five of its codes (first, second, middle, last but one, last),
 * each with bit 5 set, so that a letter hashes alike in either case (so do a few codes that are not
 * letters, such as "@" and "`", which the comparison tells apart, as it does names that share all
 * six): no loop over the whole name. The tables are built when a run first looks into a service,
 * for every name of it (ec2 has 700), and a loop over each name's codes made V8 compile the builder
 * while a check of one policy ran, which then waited for the compiler at its exit.
 */
function hashOf(length: number, first: number, second: number, middle: number, beforeLast: number, last: number): number {
  let hash = Math.imul(length, 0x9e3779b1);
  hash = Math.imul(hash ^ (first | 32), 0x85ebca6b);
  hash = Math.imul(hash ^ (second | 32), 0xc2b2ae35);
  hash = Math.imul(hash ^ (middle | 32), 0x27d4eb2f);
  hash = Math.imul(hash ^ (beforeLast | 32), 0x165667b1);
  hash = Math.imul(hash ^ (last | 32), 0x9e3779b1);
  return hash ^ (hash >>> 15);
}

/** hashOf the characters of `text` from `from` to `to` (not empty). */
export function hashOfSpan(text: string, from: number, to: number): number {
  const length = to - from;
  return hashOf(
    length,
    text.charCodeAt(from),
    text.charCodeAt(from + (length > 1 ? 1 : 0)),
    text.charCodeAt(from + (length >> 1)),
    text.charCodeAt(to - (length > 1 ? 2 : 1)),
    text.charCodeAt(to - 1),
  );
}

function hashOfBytes(bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  return hashOf(
    length,
    bytes[from],
    bytes[from + (length > 1 ? 1 : 0)],
    bytes[from + (length >> 1)],
    bytes[to - (length > 1 ? 2 : 1)],
    bytes[to - 1],
  );
}

/**
 * The names of a `|`-separated list of ASCII names (a service's action names as the names file
 * holds them, or the service prefixes), found from a string without making a string: the bytes
 * stay where they are (the names file, read once) and the table is two typed arrays, outside the
 * garbage-collected heap. The per-service maps of lower-cased names it replaces made two strings
 * and a map entry for each name of each service a run looked into (18,000 over AWS's managed
 * policies), which every young-generation collection copied until they were old.
 */
export class NameTable {
  private constructor(
    private readonly bytes: Uint8Array,
    /** Where each name starts; one more entry, one past the end of the last name plus its separator. */
    private readonly starts: Int32Array,
    /** Open addressing: a name's position plus one, by its hash; 0 is an empty slot. */
    private readonly slots: Int32Array,
  ) {}

  /** The table of `bytes`: names separated by `|`; none when empty. A name given twice is found at its last position. */
  static of(bytes: Uint8Array): NameTable {
    // The separators are found by the typed array's own search (a Buffer's indexOf is a JavaScript
    // wrapper, which a check of one policy called often enough to have V8 compile it), and the
    // names are placed in one function: a start of iamlp builds a dozen services' tables, and a
    // method called per name was hot enough to be compiled while the check ran, which then
    // waited at its exit for the compiler to finish.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    const startList: number[] = [];
    if (view.length > 0) {
      for (let from = 0; ;) {
        startList.push(from);
        const separator = view.indexOf(SEPARATOR, from);
        if (separator === -1) break;
        from = separator + 1;
      }
    }
    const count = startList.length;
    startList.push(view.length + 1);
    const starts = Int32Array.from(startList);
    let size = 4;
    while (size < count * 4) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let position = 0; position < count; position++) {
      const start = starts[position];
      const end = starts[position + 1] - 1;
      if (end === start) continue; // an empty name (two separators in a row) is no name
      let slot = hashOfBytes(view, start, end) & mask;
      while (slots[slot] !== 0 && !sameName(view, starts, slots[slot] - 1, start, end)) slot = (slot + 1) & mask;
      slots[slot] = position + 1;
    }
    return new NameTable(view, starts, slots);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** The position of the name equal to `text` from `from` to `to` (not empty), ASCII letters in any case, or -1. */
  find(text: string, from: number, to: number): number {
    const { slots, starts, bytes } = this;
    const mask = slots.length - 1;
    const length = to - from;
    for (let slot = hashOfSpan(text, from, to) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0) return -1;
      const start = starts[entry - 1];
      if (starts[entry] - 1 - start !== length) continue;
      let i = 0;
      for (; i < length; i++) {
        const a = bytes[start + i];
        const b = text.charCodeAt(from + i);
        if (a === b) continue;
        // Codes that differ in bit 5 alone are one letter in two cases, when that is a letter.
        const lower = a | 32;
        if (lower !== (b | 32) || lower < 97 || lower > 122) break;
      }
      if (i === length) return entry - 1;
    }
  }
}

/** Whether the name at `position` is the one from `start` to `end`, but for the case of letters. */
function sameName(bytes: Uint8Array, starts: Int32Array, position: number, start: number, end: number): boolean {
  const other = starts[position];
  if (starts[position + 1] - 1 - other !== end - start) return false;
  for (let i = 0; i < end - start; i++) if (foldedCode(bytes[other + i]) !== foldedCode(bytes[start + i])) return false;
  return true;
}
