import { AnalysisResult, AnalyzeOptions, analyzeWithRules } from '../engine/analyze';
import { allRules } from '../rules';

/** Analyses one policy document with every rule of the linter: what the CLI, the server and the tests call. */
export function analyzePolicy(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeWithRules(allRules, text, options);
}
