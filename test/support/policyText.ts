import { AnalyzeOptions } from '../../server/src/engine/analyze';
import { analyzePolicy } from '../../server/src/linter/analyze';
import { Finding } from '../../server/src/engine/rule';

/** A pretty-printed policy document with the given statements. */
export function policy(statements: unknown[] | Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statements }, null, 2);
}

export function analyze(text: string, options: AnalyzeOptions = {}) {
  return analyzePolicy(text, { language: 'jsonc', ...options });
}

/** The findings of one rule. */
export function findingsOf(rule: string, text: string, options: AnalyzeOptions = {}): Finding[] {
  const result = analyze(text, options);
  if (result.ruleErrors.length > 0) throw new Error(`rule errors: ${JSON.stringify(result.ruleErrors)}`);
  return result.findings.filter((f) => f.rule === rule);
}

/** The source text a finding points at. */
export function textAt(text: string, finding: Finding): string {
  return text.slice(finding.offset, finding.offset + finding.length);
}

export const ALLOW_ALL_RESOURCES = { Effect: 'Allow', Resource: '*' };
