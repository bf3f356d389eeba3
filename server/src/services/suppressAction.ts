import { AnalysisResult } from '../engine/analyze';
import { FixEdit, Finding } from '../engine/rule';
import { DIRECTIVE, UNSUPPRESSIBLE } from '../engine/suppressions';
import { statementAt } from './locate';

/** The reason the user types over; it reads as a prompt if left as it is. */
export const SUPPRESSION_REASON_PLACEHOLDER = 'why this is accepted';

/** Findings about the document as a whole, which a statement directive cannot hold. */
const NOT_PER_STATEMENT = new Set([
  'invalid-json',
  'file-too-large',
  'missing-iam-write-deny',
  'missing-version',
  'invalid-version',
  'legacy-version',
  'missing-statement',
]);

/**
 * "Suppress <rule> for this statement": a `// iamlp-ignore-next-statement <rule> -- <reason>`
 * comment above the finding's statement, with the reason as a snippet placeholder. Only in .jsonc
 * documents: a .json policy cannot hold comments (AWS rejects them), so there the project's
 * .iamlp.json is the place for suppressions.
 */
export function suppressionEdit(result: AnalysisResult, finding: Finding, language: 'json' | 'jsonc' | undefined): FixEdit | undefined {
  if (language !== 'jsonc' || UNSUPPRESSIBLE.has(finding.rule) || NOT_PER_STATEMENT.has(finding.rule)) return undefined;
  const text = result.document.text;
  const statement = statementAt(result.document, finding.offset);
  if (!statement) return undefined;
  const start = statement.node.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  const reason = `\${1:${SUPPRESSION_REASON_PLACEHOLDER}}`;
  if (/^[ \t]*$/.test(before)) {
    // The statement starts its own line: a line comment above it, indented like it.
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { offset: lineStart, length: 0, newText: `${before}// ${DIRECTIVE} ${finding.rule} -- ${reason}${eol}` };
  }
  // A statement in the middle of a line (a one-line policy): a block comment just before it.
  return { offset: start, length: 0, newText: `/* ${DIRECTIVE} ${finding.rule} -- ${reason} */ ` };
}
