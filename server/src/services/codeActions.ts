import { Catalog, sharedCatalog } from '../catalog/catalog';
import { AnalysisResult, AnalyzeOptions } from '../engine/analyze';
import { FileAnalysis, PolicyAnalysis, analyzeFile } from '../linter/analyzeFile';
import { LARGE_FILE_FROM, cachedFileAnalysis } from './analysisCache';
import { applyFixEdits, detectFormat, diffEdit, orderedFixEdits } from '../engine/edits';
import { isHclBlockEdit } from '../engine/hclBlockLayout';
import { Finding, Fix, FixContext, FixEdit, TextFormat } from '../engine/rule';
import { ruleById } from '../linter/ruleLookup';
import { parsePolicy } from '../engine/parse';
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
  /** A fix-all whose edit is worked out only when it is chosen (`edits` is then empty): see codeActionsAt. */
  deferred?: FixAllFilter;
}

export interface FixAllResult {
  text: string;
  /** One edit from the original text to the fixed one, or none when nothing changed. */
  edit?: FixEdit;
  /**
   * The edits from the original text to the fixed one, none when nothing changed: each fix's own
   * when one round applied them all, else `edit`. One edit from the first fix to the last replaces
   * most of a template, and the editor then treats every line between as new (its folding, the
   * markers and decorations of other extensions).
   */
  edits: FixEdit[];
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

export function fixContext(
  text: string,
  result: AnalysisResult,
  catalog: Catalog = sharedCatalog(),
  format: TextFormat = detectFormat(text),
): FixContext {
  return { text, doc: result.document, kind: result.kind, catalog, format };
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

/**
 * A fix's edits apply in the host syntax of its policy (iac/hostPolicy.ts `EditSyntax`). A finding
 * about the template itself (no policy) takes plain name characters, which read the same inside any
 * string of JSON, YAML or HCL: a policy name replaced inside its ARN.
 */
function editableIn(fix: Fix, policy: PolicyAnalysis | undefined, text: string): boolean {
  if (!policy) return fix.edits.every((e) => /^[\w+=,.@/-]+$/.test(e.newText));
  const syntax = policy.host?.edits;
  if (syntax === undefined || syntax === 'json' || syntax === 'yaml' || syntax === 'hcl-object') return true;
  if (syntax === 'none') return false;
  // read-only: one string token replaced by another, as did-you-mean does, or the blocks a
  // Terraform data document takes (engine/hclBlockLayout.ts).
  return fix.edits.every(
    (e) => isHclBlockEdit(e) || (/^"[^"\\]*"$/.test(e.newText) && text[e.offset] === '"' && text[e.offset + e.length - 1] === '"'),
  );
}

/** Each finding of a file with the context its fixes read: its own policy's (variant's) document. */
function fixableFindings(
  text: string,
  analysis: FileAnalysis,
  catalog?: Catalog,
): Array<{ finding: Finding; context: FixContext; policy?: PolicyAnalysis }> {
  const out: Array<{ finding: Finding; context: FixContext; policy?: PolicyAnalysis }> = [];
  const contexts = new Map<AnalysisResult, FixContext>();
  // One reading of the whole text's layout for all of its policies: read per policy, a 1 MB template
  // of 3,000 policies took 15 s to offer the code actions at a cursor, and held its diagnostics back.
  let format: TextFormat | undefined;
  for (const policy of analysis.policies) {
    for (const finding of policy.findings) {
      const result = policy.origins.get(finding) ?? policy.results[0];
      let context = contexts.get(result);
      if (!context) contexts.set(result, (context = fixContext(text, result, catalog, (format ??= detectFormat(text)))));
      out.push({ finding, context, policy });
    }
  }
  if (analysis.templateFindings.length > 0) {
    const context: FixContext = {
      text,
      doc: parsePolicy(''),
      kind: 'none',
      catalog: catalog ?? sharedCatalog(),
      format: format ?? detectFormat(text),
    };
    for (const finding of analysis.templateFindings) out.push({ finding, context });
  }
  return out;
}

function fixesOf(entry: { finding: Finding; context: FixContext; policy?: PolicyAnalysis }, text: string): Fix[] {
  return fixesFor(entry.finding, entry.context).filter((fix) => editableIn(fix, entry.policy, text));
}

/**
 * Code actions for the findings touching [start, end] (offsets), plus fix-all actions when asked.
 * `fileName` tells a template from a policy file (a policy file when omitted).
 */
export function codeActionsAt(
  text: string,
  start: number,
  end: number,
  options: AnalyzeOptions = {},
  only?: readonly string[],
  fileName = 'policy.json',
  canDefer = false,
): CodeActionItem[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  // A fix-all re-analyses the file after each round: on a 1 MB template that took the code actions
  // at every cursor move 20 s. On a large file the language server works it out when chosen.
  const defer = canDefer && text.length >= LARGE_FILE_FROM;
  const analysis = cachedFileAnalysis(text, fileName, options);
  const entries = fixableFindings(text, analysis, options.catalog);
  const items: CodeActionItem[] = [];
  if (wants(QUICKFIX_KIND)) {
    const here = entries.filter(({ finding: f }) => f.offset <= end && f.offset + f.length >= start);
    const kinds = new Set<string>();
    for (const entry of here) {
      const { finding, policy } = entry;
      for (const fix of fixesOf(entry, text)) {
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
      // Suppression comments are a policy file's (`//` in .jsonc): none in a template.
      const suppress =
        !policy || policy.host ? undefined : suppressionEdit(policy.origins.get(finding) ?? policy.results[0], finding, options.language);
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
      const fixable = entries
        .filter((e) => e.finding.rule === rule && pickFix(fixesOf(e, text), { mode: 'preferred' }))
        .map((e) => e.finding);
      if (fixable.length < 2) continue;
      const filter: FixAllFilter = { mode: 'preferred', rules: [rule] };
      if (defer) {
        items.push({ title: `Fix all ${rule} problems in this file`, kind: QUICKFIX_KIND, edits: [], findings: fixable, deferred: filter });
        continue;
      }
      const all = fixAll(text, options, filter, fileName);
      if (!all.edit) continue;
      items.push({ title: `Fix all ${rule} problems in this file`, kind: QUICKFIX_KIND, edits: all.edits, findings: fixable });
    }
  }
  // source.fixAll when asked for it (on save, or the Source Action menu), and next to quick fixes.
  const asked = only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`)) ?? false;
  if (asked || (!only && items.length > 0)) {
    if (defer) {
      if (entries.some((e) => pickFix(fixesOf(e, text), { mode: 'safe' })))
        items.push({
          title: 'Fix all auto-fixable IAM Least Privilege problems',
          kind: FIX_ALL_KIND,
          edits: [],
          findings: [],
          deferred: { mode: 'safe' },
        });
      return items;
    }
    const all = fixAll(text, options, { mode: 'safe' }, fileName);
    if (all.edit) {
      items.push({
        title: `Fix all auto-fixable IAM Least Privilege problems (${all.applied})`,
        kind: FIX_ALL_KIND,
        edits: all.edits,
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
export function fixAll(
  text: string,
  options: AnalyzeOptions = {},
  filter: FixAllFilter = { mode: 'safe' },
  fileName = 'policy.json',
): FixAllResult {
  let current = text;
  let applied = 0;
  let rounds = 0;
  let firstRound: FixEdit[] = [];
  const seen = new Set<string>([text]);
  while (rounds < MAX_ROUNDS) {
    const analysis = rounds === 0 ? cachedFileAnalysis(current, fileName, options) : analyzeFile(current, fileName, options);
    const taken: FixEdit[] = [];
    let count = 0;
    for (const entry of fixableFindings(current, analysis, options.catalog)) {
      if (filter.rules && !filter.rules.includes(entry.finding.rule)) continue;
      const fix = pickFix(fixesOf(entry, current), filter);
      if (!fix || fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
      taken.push(...fix.edits);
      count++;
    }
    if (count === 0) break;
    // Ordered once: applyFixEdits finds them in order already.
    const ordered = orderedFixEdits(taken);
    const next = applyFixEdits(current, ordered);
    if (rounds === 0) firstRound = ordered;
    rounds++;
    if (seen.has(next)) break; // fixes undoing each other: stop rather than loop
    seen.add(next);
    current = next;
    applied += count;
  }
  const edit = diffEdit(text, current);
  const edits = !edit ? [] : rounds === 1 ? firstRound : [edit];
  return { text: current, edit, edits, applied, rounds };
}
