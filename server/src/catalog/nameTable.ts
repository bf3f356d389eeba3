/**
 * FNV-1a, over character codes with ASCII letters folded to lower case (IAM compares names so):
 * `hash = Math.imul(hash ^ folded, FNV_PRIME)` from FNV_OFFSET. Written out in each loop rather than
 * called: these loops run mostly before V8 optimizes them, and unoptimized code makes every call.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;

const SEPARATOR = 124; // "|"

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
    let count = bytes.length === 0 ? 0 : 1;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === SEPARATOR) count++;
    const starts = new Int32Array(count + 1);
    let name = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === SEPARATOR) starts[++name] = i + 1;
    starts[count] = bytes.length + 1;
    let size = 2;
    while (size < count * 2) size *= 2;
    const table = new NameTable(bytes, starts, new Int32Array(size));
    for (let position = 0; position < count; position++) table.insert(position);
    return table;
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /**
   * The position of the name equal to `text` from `from` to `to`, ASCII letters in any case, or -1.
   * `hash` is the hash of that span (see FNV_OFFSET).
   */
  find(text: string, from: number, to: number, hash: number): number {
    const { slots, starts, bytes } = this;
    const mask = slots.length - 1;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
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

  private insert(position: number): void {
    const { slots, starts, bytes } = this;
    const mask = slots.length - 1;
    const start = starts[position];
    const end = starts[position + 1] - 1;
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      const code = bytes[i];
      hash = Math.imul(hash ^ (code >= 65 && code <= 90 ? code + 32 : code), FNV_PRIME);
    }
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0 || this.sameName(entry - 1, start, end)) {
        slots[slot] = position + 1;
        return;
      }
    }
  }

  private sameName(position: number, start: number, end: number): boolean {
    const { starts, bytes } = this;
    const other = starts[position];
    if (starts[position + 1] - 1 - other !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (foldedCode(bytes[other + i]) !== foldedCode(bytes[start + i])) return false;
    return true;
  }
}

function foldedCode(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
