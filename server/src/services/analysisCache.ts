import { AnalysisResult, AnalyzeOptions } from '../engine/analyze';
import { analyzePolicy } from '../linter/analyze';
import { PolicyDocument } from '../engine/model';

let last:
  { text: string; optionsKey: string; language: 'json' | 'jsonc'; catalog: AnalyzeOptions['catalog']; result: AnalysisResult } | undefined;

function keyOf(options: AnalyzeOptions): string {
  // The principal's other policies change the findings: their sources and texts are part of the key.
  const principals = (options.principals ?? []).map((p) => [p.name, p.others.map((o) => [o.source, o.document.text])]);
  return JSON.stringify([
    options.language ?? 'json',
    options.forcePolicy ?? false,
    options.rules ?? {},
    options.suppressions ?? [],
    principals,
  ]);
}

/**
 * The analysis of `text` under `options`, reusing the last one when both are the same. After an
 * edit the editor asks for diagnostics, then code actions at the cursor (and again at every cursor
 * move): on a large policy each of those was a full analysis of the same text. Results are shared
 * and must not be modified.
 */
export function cachedAnalysis(text: string, options: AnalyzeOptions): AnalysisResult {
  const optionsKey = keyOf(options);
  if (last && last.text === text && last.optionsKey === optionsKey && last.catalog === options.catalog) return last.result;
  const result = analyzePolicy(text, options);
  last = { text, optionsKey, language: options.language ?? 'json', catalog: options.catalog, result };
  return result;
}

/** The document the last analysis read, when it read `text` as `language`. */
export function lastAnalysedDocument(text: string, language: 'json' | 'jsonc'): PolicyDocument | undefined {
  if (!last || last.text !== text || last.language !== language) return undefined;
  return last.result.document;
}
