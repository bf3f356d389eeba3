import { Catalog, sharedCatalog } from '../catalog/catalog';
import { classifyDocument } from './kind';
import { LineIndex } from './lineIndex';
import { DocumentKind, PolicyDocument } from './model';
import { parsePolicy } from './parse';
import { Finding, ReportOptions, Rule, RuleContext, Severity } from './rule';
import { SuppressedFinding, Suppression, applySuppressions } from './suppressions';

export type RuleSetting = Severity | 'off';

export interface AnalyzeOptions {
  /** jsonc allows comments and trailing commas; json (the default) treats them as errors. */
  language?: 'json' | 'jsonc';
  /** Analyse as a policy even when the content does not look like one (the user's policy globs). */
  forcePolicy?: boolean;
  /** Per-rule severity or "off"; rules not named keep their default. */
  rules?: Record<string, RuleSetting | undefined>;
  catalog?: Catalog;
  /**
   * Suppressions from the project configuration for this file (see config/projectConfig.ts).
   * `iamlp-ignore-next-statement` comments in the text apply whatever this says.
   */
  suppressions?: readonly Suppression[];
  /**
   * The file's size in bytes, when it was read from disk: `iamlp check` does not read a file over
   * the size limit at all, and passes an empty text with its real size.
   */
  sizeBytes?: number;
}

export interface AnalysisResult {
  kind: DocumentKind;
  findings: Finding[];
  document: PolicyDocument;
  lines: LineIndex;
  /** Rules that failed on this input; each is a bug, reported rather than crashing the caller. */
  ruleErrors: Array<{ rule: string; error: string }>;
  /** Findings a suppression hid, with its reason: not reported, kept for reports that count them. */
  suppressed: SuppressedFinding[];
}

const ruleIdSets = new WeakMap<readonly Rule[], ReadonlySet<string>>();

function ruleIdsOf(rules: readonly Rule[]): ReadonlySet<string> {
  let ids = ruleIdSets.get(rules);
  if (!ids) ruleIdSets.set(rules, (ids = new Set(rules.map((r) => r.meta.id))));
  return ids;
}

function byPosition(a: Finding, b: Finding): number {
  return a.offset - b.offset || a.length - b.length || a.rule.localeCompare(b.rule);
}

/**
 * Runs `rules` over one document. The engine knows no rule of its own: the rule list is handed in
 * (linter/analyze.ts passes every rule), so rules may build on the engine without a cycle.
 */
export function analyzeWithRules(rules: readonly Rule[], text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const catalog = options.catalog ?? sharedCatalog();
  for (const rule of rules) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off') continue;
    const verdict = rule.precheck?.(text, { sizeBytes: options.sizeBytes });
    if (!verdict) continue;
    const lines = new LineIndex('');
    const offset = verdict.offset ?? 0;
    const length = verdict.length ?? 0;
    return {
      kind: 'none',
      findings: [
        {
          rule: rule.meta.id,
          severity: setting ?? verdict.severity ?? rule.meta.severity,
          message: verdict.message,
          range: lines.rangeOf(0, 0),
          offset,
          length,
        },
      ],
      document: parsePolicy(''),
      lines,
      ruleErrors: [],
      suppressed: [],
    };
  }

  const lines = new LineIndex(text);
  const document = parsePolicy(text, { language: options.language });
  const kind = classifyDocument(catalog, document, options.forcePolicy);
  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  if (kind === 'none') return { kind, findings, document, lines, ruleErrors, suppressed: [] };
  const knownRuleIds = ruleIdsOf(rules);

  for (const rule of rules) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off' || !rule.meta.appliesTo.includes(kind)) continue;
    const context: RuleContext = {
      doc: document,
      kind,
      catalog,
      knownRuleIds,
      report(report: ReportOptions) {
        const offset = report.node?.offset ?? report.offset ?? 0;
        const length = report.node?.length ?? report.length ?? 0;
        findings.push({
          rule: rule.meta.id,
          severity: setting ?? report.severity ?? rule.meta.severity,
          message: report.message,
          range: lines.rangeOf(offset, length),
          offset,
          length,
          ...(report.actions ? { actions: report.actions } : {}),
          ...(report.data ? { data: report.data } : {}),
        });
      },
    };
    try {
      rule.check(context);
    } catch (err) {
      ruleErrors.push({ rule: rule.meta.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }
  findings.sort(byPosition);
  const visible = applySuppressions(findings, document, options.suppressions ?? []);
  return { kind, findings: visible.findings, document, lines, ruleErrors, suppressed: visible.suppressed };
}
