/**
 * Where the top-level block around an offset of a `.tf` lies, from the text alone: a line that
 * starts at column 0 with a block header (`resource "aws_iam_role" "r" {`) begins a block, which
 * ends where the next such line begins. That is how Terraform is written (`terraform fmt`), not
 * what HCL guarantees: a caller parses the span and falls back to the whole file when the parse
 * shows a cut (a syntax error). For a hover on a large file whose whole read is under way.
 */

const HEADER = /[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/y;

function headerAt(text: string, lineStart: number): boolean {
  HEADER.lastIndex = lineStart;
  return HEADER.test(text);
}

/** The span from the block header at or before `offset` to the next header (or the end), if there is one. */
export function topLevelBlockSpan(text: string, offset: number): { start: number; end: number } | undefined {
  let start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  while (!headerAt(text, start)) {
    if (start === 0) return undefined;
    // The line before: text[start - 1] is its newline.
    start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
  }
  let end = text.indexOf('\n', Math.max(start, offset));
  while (end !== -1 && !headerAt(text, end + 1)) end = text.indexOf('\n', end + 1);
  return { start, end: end === -1 ? text.length : end + 1 };
}
