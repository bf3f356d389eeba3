export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets to 0-based LSP positions (UTF-16 code units, as JavaScript strings count). */
export class LineIndex {
  private computed: ArrayLike<number> | undefined;

  constructor(private readonly text: string) {}

  /** Line starts are computed on the first position asked for: most documents produce few findings. */
  private get starts(): ArrayLike<number> {
    if (this.computed) return this.computed;
    this.computed = this.text.includes('\r') ? lineStartsWithCarriageReturns(this.text) : lineStarts(this.text);
    return this.computed;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low] };
  }

  offsetAt(position: Position): number {
    const starts = this.starts;
    const line = Math.min(Math.max(position.line, 0), starts.length - 1);
    return starts[line] + position.character;
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}

/**
 * The common case, \n only. indexOf scans natively, several times faster than a loop over char
 * codes, and the starts go into a typed array that doubles when full rather than an array of
 * boxed numbers (a 1 MB policy has 60,000 lines).
 */
function lineStarts(text: string): Uint32Array {
  let starts = new Uint32Array(Math.max(16, text.length >>> 5));
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (count === starts.length) {
      const larger = new Uint32Array(starts.length * 2);
      larger.set(starts);
      starts = larger;
    }
    starts[count++] = i + 1;
  }
  return starts.subarray(0, count);
}

/** \r\n, \r and \n all end a line, as LSP positions count them. */
function lineStartsWithCarriageReturns(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10) starts.push(i + 1);
  }
  return starts;
}
