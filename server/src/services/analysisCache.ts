import { AnalysisResult, AnalyzeOptions } from '../engine/analyze';
import { PolicyDocument } from '../engine/model';
import { analyzePolicy } from '../linter/analyze';
import { FileAnalysis, analyzeFile } from '../linter/analyzeFile';

let last:
  { text: string; optionsKey: string; language: 'json' | 'jsonc'; catalog: AnalyzeOptions['catalog']; result: AnalysisResult } | undefined;
let lastFile:
  { text: string; fileName: string; optionsKey: string; catalog: AnalyzeOptions['catalog']; analysis: FileAnalysis } | undefined;

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

/**
 * The analysis of a whole file (a policy file, or a template and every policy in it), cached like
 * cachedAnalysis; a policy file's goes through cachedAnalysis, so both caches agree on it.
 */
export function cachedFileAnalysis(text: string, fileName: string, options: AnalyzeOptions): FileAnalysis {
  const optionsKey = keyOf(options);
  if (
    lastFile &&
    lastFile.text === text &&
    lastFile.fileName === fileName &&
    lastFile.optionsKey === optionsKey &&
    lastFile.catalog === options.catalog
  ) {
    return lastFile.analysis;
  }
  // The previous version of the same file under the same options: its unchanged template policies are reused.
  const previous =
    lastFile && lastFile.fileName === fileName && lastFile.optionsKey === optionsKey && lastFile.catalog === options.catalog
      ? lastFile.analysis
      : undefined;
  const analysis = analyzeFile(text, fileName, options, {
    analyzeStandalone: (t, o) => cachedAnalysis(t, o),
    incremental: { previous },
  });
  // A Terraform file seen before its parser was loaded is analysed again once it is.
  if (!analysis.notLoaded) lastFile = { text, fileName, optionsKey, catalog: options.catalog, analysis };
  return analysis;
}

/** The template the last file analysis read, when it read `text` as `fileName`: its policies, as the analysis read them. */
export function lastAnalysedTemplate(text: string, fileName: string): FileAnalysis | undefined {
  if (!lastFile || lastFile.text !== text || lastFile.fileName !== fileName || lastFile.analysis.format === 'policy') return undefined;
  return lastFile.analysis;
}

/** The document the last analysis read, when it read `text` as `language`. */
export function lastAnalysedDocument(text: string, language: 'json' | 'jsonc'): PolicyDocument | undefined {
  if (!last || last.text !== text || last.language !== language) return undefined;
  return last.result.document;
}
