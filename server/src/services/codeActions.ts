import { Catalog, sharedCatalog } from '../catalog/catalog';
import { AnalysisResult, AnalyzeOptions } from '../engine/analyze';
import { analyzePolicy } from '../linter/analyze';
import { cachedAnalysis } from './analysisCache';
import { applyFixEdits, detectFormat, diffEdit } from '../engine/edits';
import { Finding, Fix, FixContext, FixEdit } from '../engine/rule';
import { ruleById } from '../linter/ruleLookup';
import { suppressionEdit } from './suppressAction';

/**
 * Code actions without any editor protocol: which fixes apply where, "fix all of this kind", and
 * source.fixAll. The LSP adapter (lsp/codeActionHandler.ts) only translates offsets and kinds.
 */

export const QUICKFIX_KIND = 'quickfix';
export const FIX_ALL_KIND = 'source.fixAll.iamLeastPrivilege';

export interface CodeActionItem {
  title: string;
  kind: typeof QUICKFIX_KIND | typeof FIX_ALL_KIND;
  edits: FixEdit[];
  isPreferred?: boolean;
  /** The edits' newText is snippet syntax. */
  snippet?: boolean;
  /** The findings the action resolves (diagnostics to attach). */
  findings: Finding[];
}

export interface FixAllResult {
  text: string;
  /** One edit from the original text to the fixed one, or none when nothing changed. */
  edit?: FixEdit;
  /** How many fixes were applied, over all rounds. */
  applied: number;
  rounds: number;
}

/** Which fixes a fix-all pass applies: safe ones only, or each finding's preferred fix. */
export interface FixAllFilter {
  mode: 'safe' | 'preferred';
  /** Only findings of these rules. */
  rules?: readonly string[];
}

const MAX_ROUNDS = 10;

export function fixContext(text: string, result: AnalysisResult, catalog: Catalog = sharedCatalog()): FixContext {
  return { text, doc: result.document, kind: result.kind, catalog, format: detectFormat(text) };
}

/** A finding's fixes; a failing fix is dropped (and reported through `onError`) rather than thrown. */
export function fixesFor(finding: Finding, context: FixContext, onError?: (err: unknown) => void): Fix[] {
  const rule = ruleById(finding.rule);
  if (!rule?.fixes) return [];
  try {
    return rule.fixes(finding, context).filter((f) => f.edits.length > 0);
  } catch (err) {
    onError?.(err);
    return [];
  }
}

/** Code actions for the findings touching [start, end] (offsets), plus fix-all actions when asked. */
export function codeActionsAt(
  text: string,
  start: number,
  end: number,
  options: AnalyzeOptions = {},
  only?: readonly string[],
): CodeActionItem[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const result = cachedAnalysis(text, options);
  const context = fixContext(text, result, options.catalog);
  const items: CodeActionItem[] = [];
  if (wants(QUICKFIX_KIND)) {
    const here = result.findings.filter((f) => f.offset <= end && f.offset + f.length >= start);
    const kinds = new Set<string>();
    for (const finding of here) {
      for (const fix of fixesFor(finding, context)) {
        items.push({
          title: fix.title,
          kind: QUICKFIX_KIND,
          edits: fix.edits,
          isPreferred: fix.isPreferred,
          snippet: fix.snippet,
          findings: [finding],
        });
      }
      kinds.add(finding.rule);
      const suppress = suppressionEdit(result, finding, options.language);
      if (suppress) {
        items.push({
          title: `Suppress ${finding.rule} for this statement (with a reason)`,
          kind: QUICKFIX_KIND,
          edits: [suppress],
          snippet: true,
          findings: [finding],
        });
      }
    }
    for (const rule of kinds) {
      const fixable = result.findings.filter((f) => f.rule === rule && pickFix(fixesFor(f, context), { mode: 'preferred' }));
      if (fixable.length < 2) continue;
      const all = fixAll(text, options, { mode: 'preferred', rules: [rule] });
      if (!all.edit) continue;
      items.push({ title: `Fix all ${rule} problems in this file`, kind: QUICKFIX_KIND, edits: [all.edit], findings: fixable });
    }
  }
  // source.fixAll when asked for it (on save, or the Source Action menu), and next to quick fixes.
  const asked = only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`)) ?? false;
  if (asked || (!only && items.length > 0)) {
    const all = fixAll(text, options, { mode: 'safe' });
    if (all.edit) {
      items.push({
        title: `Fix all auto-fixable IAM Least Privilege problems (${all.applied})`,
        kind: FIX_ALL_KIND,
        edits: [all.edit],
        findings: [],
      });
    }
  }
  return items;
}

function pickFix(fixes: Fix[], filter: FixAllFilter): Fix | undefined {
  const eligible = fixes.filter((f) => !f.snippet);
  if (filter.mode === 'safe') return eligible.find((f) => f.safe);
  return eligible.find((f) => f.isPreferred) ?? (fixes.length === 1 ? eligible[0] : undefined);
}

function overlaps(a: FixEdit, b: FixEdit): boolean {
  const aEnd = a.offset + a.length;
  const bEnd = b.offset + b.length;
  // Two insertions at one offset, or an insertion at a replaced span's edge, still conflict.
  return a.offset <= bEnd && b.offset <= aEnd;
}

/**
 * Applies fixes round after round until none applies (a fixed point): in each round every
 * finding's eligible fix whose edits overlap no fix taken before it; the next round re-analyses.
 * The first round reads the cached analysis of `text` (the diagnostics' one, in the editor).
 */
export function fixAll(text: string, options: AnalyzeOptions = {}, filter: FixAllFilter = { mode: 'safe' }): FixAllResult {
  let current = text;
  let applied = 0;
  let rounds = 0;
  const seen = new Set<string>([text]);
  while (rounds < MAX_ROUNDS) {
    const result = rounds === 0 ? cachedAnalysis(current, options) : analyzePolicy(current, options);
    const context = fixContext(current, result, options.catalog);
    const taken: FixEdit[] = [];
    let count = 0;
    for (const finding of result.findings) {
      if (filter.rules && !filter.rules.includes(finding.rule)) continue;
      const fix = pickFix(fixesFor(finding, context), filter);
      if (!fix || fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
      taken.push(...fix.edits);
      count++;
    }
    if (count === 0) break;
    const next = applyFixEdits(current, taken);
    rounds++;
    if (seen.has(next)) break; // fixes undoing each other: stop rather than loop
    seen.add(next);
    current = next;
    applied += count;
  }
  return { text: current, edit: diffEdit(text, current), applied, rounds };
}
