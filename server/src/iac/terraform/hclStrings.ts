import type { MappedText } from '../jsonString';

/**
 * HCL string literals: a quoted string's backslash escapes and every template's `$${` / `%%{`
 * (the literal `${` and `%{`: `$${aws:username}` is the policy variable `${aws:username}`).
 * Decoded text keeps, per UTF-16 unit, the host offset that wrote it.
 */
export type LiteralMode = 'quoted' | 'heredoc';

const QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Appends the decoded literal host[start, end) to `out`. */
export function decodeLiteral(host: string, start: number, end: number, mode: LiteralMode, out: MappedBuilder): void {
  let i = start;
  while (i < end) {
    const c = host[i];
    if ((c === '$' || c === '%') && host[i + 1] === c && host[i + 2] === '{') {
      out.push(c + '{', i, 3);
      i += 3;
    } else if (c === '\\' && mode === 'quoted' && i + 1 < end) {
      const e = host[i + 1];
      const width = e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const hex = host.slice(i + 2, i + 2 + width);
      if (width && /^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
        out.push(String.fromCodePoint(parseInt(hex, 16)), i, 2 + width);
        i += 2 + width;
      } else if (e in QUOTED_ESCAPES) {
        out.push(QUOTED_ESCAPES[e], i, 2);
        i += 2;
      } else {
        out.push(c, i, 1);
        i += 1;
      }
    } else {
      out.push(c, i, 1);
      i += 1;
    }
  }
}

/** Builds a MappedText piece by piece: each piece's units map to the host offset of its source. */
export class MappedBuilder {
  private readonly parts: string[] = [];
  private readonly offsets: number[] = [];

  /** `text` stands for host[offset, offset + width): its units all map to `offset`. */
  push(text: string, offset: number, width: number): void {
    this.parts.push(text);
    for (let k = 0; k < text.length; k++) this.offsets.push(offset);
    this.end = offset + width;
  }

  end = 0;

  /** The decoded text so far. */
  get text(): string {
    return this.parts.join('');
  }

  append(other: MappedBuilder): void {
    for (const part of other.parts) this.parts.push(part);
    for (const offset of other.offsets) this.offsets.push(offset);
    this.end = other.end;
  }

  get length(): number {
    return this.offsets.length;
  }

  build(end = this.end): MappedText {
    const offsets = new Uint32Array(this.offsets.length + 1);
    offsets.set(this.offsets);
    offsets[this.offsets.length] = end;
    return { text: this.parts.join(''), offsets };
  }
}

/** The decoded value of a whole literal (a string without interpolation). */
export function literalValue(host: string, start: number, end: number, mode: LiteralMode): string {
  const raw = host.slice(start, end);
  // Most strings have nothing to decode.
  if (!raw.includes('$${') && !raw.includes('%%{') && (mode === 'heredoc' || !raw.includes('\\'))) return raw;
  const builder = new MappedBuilder();
  decodeLiteral(host, start, end, mode, builder);
  return builder.build().text;
}
