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
  private computed: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Line starts are computed on the first position asked for: most documents produce few findings. */
  private get starts(): number[] {
    if (this.computed) return this.computed;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10) starts.push(i + 1);
    }
    this.computed = starts;
    return starts;
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
