import { AnalysisResult, AnalyzeOptions, analyzeWithRules, analyzeWithRulesInSteps } from '../engine/analyze';
import type { Steps } from '../util/steps';
import { allRules } from '../rules';

/** Analyses one policy document with every rule of the linter: what the CLI, the server and the tests call. */
export function analyzePolicy(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeWithRules(allRules, text, options);
}

/** analyzePolicy one step at a time (see engine/analyze.ts analyzeWithRulesInSteps). */
export function analyzePolicyInSteps(text: string, options: AnalyzeOptions = {}): Steps<AnalysisResult> {
  return analyzeWithRulesInSteps(allRules, text, options);
}
