import { analyzeFile } from '../../server/src/linter/analyzeFile';
import type { Finding } from '../../server/src/engine/rule';

/** The findings of a template file, with the 1-based line and the text each one covers. */
export function templateFindings(text: string, fileName: string): Array<Finding & { line: number; text: string }> {
  return analyzeFile(text, fileName).findings.map((f) => ({
    ...f,
    line: f.range.start.line + 1,
    text: text.slice(f.offset, f.offset + f.length),
  }));
}

/** `rule@line` of every finding, for compact assertions. */
export function ruleLines(text: string, fileName: string): string[] {
  return templateFindings(text, fileName).map((f) => `${f.rule}@${f.line}`);
}
