/**
 * The lines of a plain-text table for the terminal: columns padded to their widest cell and two
 * spaces apart; the last column is not padded, so no line ends in spaces.
 */
export function textTableLines(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
