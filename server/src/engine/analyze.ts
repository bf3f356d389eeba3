import { Catalog, sharedCatalog } from '../catalog/catalog';
import { classifyDocument } from './kind';
import { LineIndex } from './lineIndex';
import { DocumentKind, PolicyDocument } from './model';
import { parsePolicy, readPolicy } from './parse';
import { PrincipalScope } from './principalScope';
import { isUnknownValue } from './deployTime';
import { type Node, type ParseError, ParseErrorCode } from 'jsonc-parser';
import { AwsManagedPolicyReference, Finding, ReportOptions, Rule, RuleContext, Severity, TemplateProblem } from './rule';
import { SuppressedFinding, Suppression, applySuppressions } from './suppressions';
import { Steps, runToEnd } from '../util/steps';

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
  /** The principals the document is attached to, with their other policies (see principalScope.ts). */
  principals?: readonly PrincipalScope[];
  /** The AWS account the policies are deployed in, when the project declares it (`.iamlp.json` "account"). */
  account?: string;
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

/**
 * What running a list of rules needs to know of the list, worked out once per list rather than per
 * document: over 1,500 policies, asking each of thirty-five rules for its setting and its precheck
 * three times per document was a hundred thousand lookups of a rule id in a settings object.
 */
interface RuleTable {
  ids: ReadonlySet<string>;
  /** The rules that judge the text before it is parsed (`precheck`), in order. */
  prechecked: readonly Rule[];
  /**
   * By settings that cannot change (NO_SETTINGS, or frozen ones, as a project configuration's are),
   * then by kind and whether the document is embedded: the rules that run.
   */
  runnable: WeakMap<object, Map<string, readonly Rule[]>>;
}

/** What a document without settings naming a rule is run under. */
const NO_SETTINGS: Readonly<Record<string, RuleSetting | undefined>> = Object.freeze({});

const ruleTables = new WeakMap<readonly Rule[], RuleTable>();

function ruleTableOf(rules: readonly Rule[]): RuleTable {
  let table = ruleTables.get(rules);
  if (!table) {
    table = {
      ids: new Set(rules.map((r) => r.meta.id)),
      prechecked: rules.filter((r) => r.precheck),
      runnable: new WeakMap(),
    };
    ruleTables.set(rules, table);
  }
  return table;
}

function ruleIdsOf(rules: readonly Rule[]): ReadonlySet<string> {
  return ruleTableOf(rules).ids;
}

/** Whether settings name any rule (most runs have none: no project configuration, no editor settings). */
function namesAnyRule(settings: AnalyzeOptions['rules']): settings is Record<string, RuleSetting | undefined> {
  if (settings) for (const _ in settings) return true;
  return false;
}

/** Whether a rule runs on a document of `kind` under `settings`. */
function runs(rule: Rule, kind: DocumentKind, embedded: boolean, settings: AnalyzeOptions['rules']): boolean {
  if (settings?.[rule.meta.id] === 'off' || !rule.meta.appliesTo.includes(kind)) return false;
  return !(rule.meta.template || (embedded && rule.meta.standaloneOnly));
}

/** The rules that run on a document of `kind`, in order, under settings that name rules or NO_SETTINGS. */
function runnableRules(
  rules: readonly Rule[],
  kind: DocumentKind,
  embedded: boolean,
  settings: Readonly<Record<string, RuleSetting | undefined>>,
): readonly Rule[] {
  if (kind === 'none') return [];
  // Settings that may still change are read anew for each document.
  if (!Object.isFrozen(settings)) return rules.filter((rule) => runs(rule, kind, embedded, settings));
  const table = ruleTableOf(rules);
  let lists = table.runnable.get(settings);
  if (!lists) table.runnable.set(settings, (lists = new Map()));
  const key = `${kind} ${embedded}`;
  let list = lists.get(key);
  if (!list) lists.set(key, (list = rules.filter((rule) => runs(rule, kind, embedded, settings))));
  return list;
}

/** A rule's report as a finding, at the node or span it names, with the severity settings give it. */
function findingOf(rule: Rule, setting: RuleSetting | undefined, report: ReportOptions, lines: LineIndex): Finding {
  const offset = report.node?.offset ?? report.offset ?? 0;
  const length = report.node?.length ?? report.length ?? 0;
  const finding: Finding = {
    rule: rule.meta.id,
    severity: (setting === 'off' ? undefined : setting) ?? report.severity ?? rule.meta.severity,
    message: report.message,
    range: lines.rangeOf(offset, length),
    offset,
    length,
  };
  // Added, not spread in: a spread copies through the runtime, and this runs for every finding
  // mostly before it is optimized.
  if (report.actions) finding.actions = report.actions;
  if (report.data) finding.data = report.data;
  return finding;
}

/** Findings in document order (then by length and rule): the order every front end shows. */
export function byPosition(a: Finding, b: Finding): number {
  // Rule ids are lower-case ASCII: code-unit order is theirs, and needs no collator (ICU's data).
  return a.offset - b.offset || a.length - b.length || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * Runs `rules` over one document. The engine knows no rule of its own: the rule list is handed in
 * (linter/analyze.ts passes every rule), so rules may build on the engine without a cycle.
 */
export function analyzeWithRules(rules: readonly Rule[], text: string, options: AnalyzeOptions = {}): AnalysisResult {
  return runToEnd(analyzeWithRulesInSteps(rules, text, options));
}

/**
 * Documents from this many characters pause between rules. A smaller one is analysed in well under
 * a slice, and resuming a generator (through every caller's `yield*`) for each of thirty rules of
 * each of 1,500 small policies cost a whole-corpus run of iamlp several percent.
 */
export const PAUSE_BETWEEN_RULES_FROM = 16 * 1024;

/**
 * analyzeWithRules one step at a time: for a document of PAUSE_BETWEEN_RULES_FROM characters or
 * more, it yields after the parse and after each rule, so a caller may give the event loop a turn
 * between steps (the language server answers hovers meanwhile).
 */
export function* analyzeWithRulesInSteps(rules: readonly Rule[], text: string, options: AnalyzeOptions = {}): Steps<AnalysisResult> {
  const catalog = options.catalog ?? sharedCatalog();
  for (const rule of ruleTableOf(rules).prechecked) {
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
  const run = ruleRun(rules, document, kind, lines, catalog, options, false);
  const pauses = text.length >= PAUSE_BETWEEN_RULES_FROM;
  for (const rule of run.rules) {
    if (pauses) yield;
    run.check(rule);
  }
  return run.result();
}

/** A policy an infrastructure-as-code adapter found in its host file (see engine/hostPolicy.ts). */
export interface EmbeddedPolicyInput {
  /** The whole host file: every offset is one of its. */
  text: string;
  lines: LineIndex;
  /** The policy's tree, built by the adapter from the host syntax. */
  root: Node;
  /** From the slot holding the policy, not from its content. */
  kind: Exclude<DocumentKind, 'none'>;
  /**
   * Where the template's parser failed. A policy with a failure at or after its start may be cut
   * short there, so the "missing element" checks hold back on it, as on a half-typed policy file.
   */
  problems?: readonly TemplateProblem[];
  /** The policy is the AWS managed policy of this path, attached by the template (PolicyDocument.awsManaged). */
  awsManaged?: string;
}

/**
 * A template's problems in offset order, each also as the parse error a policy cut short carries.
 * Made once per file: filtered and converted for each policy, a file of 15,000 problems and 5,000
 * policies took seconds (and its garbage as long again).
 */
const problemsByFile = new WeakMap<readonly TemplateProblem[], { offsets: number[]; errors: ParseError[] }>();

function problemsInOrder(problems: readonly TemplateProblem[]): { offsets: number[]; errors: ParseError[] } {
  let known = problemsByFile.get(problems);
  if (!known) {
    const sorted = [...problems].sort((a, b) => a.offset - b.offset);
    known = {
      offsets: sorted.map((p) => p.offset),
      errors: sorted.map((p) => ({ error: ParseErrorCode.ValueExpected, offset: p.offset, length: p.length })),
    };
    problemsByFile.set(problems, known);
  }
  return known;
}

/** The index of the first of the ascending `offsets` at or after `offset` (their length if none). */
function firstAtOrAfter(offsets: readonly number[], offset: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (offsets[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Runs `rules` over a policy embedded in a template. The kind comes from its slot; rules that read
 * the policy's own text (its size, its comments) do not apply; and values known only at deploy
 * time are never a grammar or catalog finding (see engine/deployTime.ts).
 */
export function analyzeEmbedded(rules: readonly Rule[], input: EmbeddedPolicyInput, options: AnalyzeOptions = {}): AnalysisResult {
  const catalog = options.catalog ?? sharedCatalog();
  const document = readPolicy(input.text, input.root, [], true);
  // The slot says it is a policy, whatever it holds so far.
  document.policyLike = input.root.type === 'object';
  document.directives = [];
  if (input.awsManaged !== undefined) document.awsManaged = input.awsManaged;
  const problems = input.problems && input.problems.length > 0 ? problemsInOrder(input.problems) : undefined;
  const from = problems ? firstAtOrAfter(problems.offsets, input.root.offset) : 0;
  if (problems && from < problems.offsets.length) {
    // Every problem at or after the policy's start: it may be cut short at any of them.
    document.parseErrors = problems.errors.slice(from);
    document.statements.forEach((statement, i) => {
      const next = document.statements[i + 1]?.node.offset ?? Infinity;
      const at = firstAtOrAfter(problems.offsets, statement.node.offset);
      if (at < problems.offsets.length && problems.offsets[at] < next) statement.incomplete = true;
    });
  }
  const kind = document.policyLike ? input.kind : 'none';
  const run = ruleRun(rules, document, kind, input.lines, catalog, options, true);
  for (const rule of run.rules) run.check(rule);
  return run.result();
}

/**
 * Runs the rules about templates themselves (`meta.template`) over what a template's reader could
 * not read: a template that cannot be parsed is a finding, never silently clean.
 */
export function analyzeTemplate(
  rules: readonly Rule[],
  problems: readonly TemplateProblem[],
  text: string,
  lines: LineIndex,
  options: AnalyzeOptions = {},
  awsManagedAttachments?: readonly AwsManagedPolicyReference[],
): Finding[] {
  const findings: Finding[] = [];
  const document = parsePolicy('');
  for (const rule of rules) {
    const setting = options.rules?.[rule.meta.id];
    if (!rule.meta.template || setting === 'off') continue;
    rule.check({
      doc: document,
      kind: 'none',
      catalog: options.catalog ?? sharedCatalog(),
      knownRuleIds: ruleIdsOf(rules),
      principals: [],
      templateProblems: problems,
      awsManagedAttachments,
      report(report) {
        const finding = findingOf(rule, setting, report, lines);
        // A parser may place a problem past the end of the text it stopped in.
        finding.length = Math.min(finding.length, Math.max(0, text.length - finding.offset));
        finding.range = lines.rangeOf(finding.offset, finding.length);
        findings.push(finding);
      },
    });
  }
  return findings.sort(byPosition);
}

interface RuleRun {
  /** The rules that apply to the document, in order. */
  rules: readonly Rule[];
  check(rule: Rule): void;
  result(): AnalysisResult;
}

/** One document's run of the rules, one rule at a time (so a stepwise caller can pause between them). */
function ruleRun(
  rules: readonly Rule[],
  document: PolicyDocument,
  kind: DocumentKind,
  lines: LineIndex,
  catalog: Catalog,
  options: AnalyzeOptions,
  embedded: boolean,
): RuleRun {
  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  const knownRuleIds = ruleIdsOf(rules);
  const settings = namesAnyRule(options.rules) ? options.rules : undefined;
  const applicable = runnableRules(rules, kind, embedded, settings ?? NO_SETTINGS);
  // One context for every rule of the run, its report() bound to the rule that runs: a context
  // and a closure per rule and file were a run's most frequent allocation after the parse.
  let current: { rule: Rule; setting: RuleSetting | undefined; syntaxOnly: boolean } | undefined;
  const context: RuleContext = {
    doc: document,
    kind,
    catalog,
    knownRuleIds,
    principals: options.principals ?? [],
    account: options.account,
    report(report: ReportOptions) {
      if (!current) return; // rules report synchronously, within their check
      if (current.syntaxOnly && embedded && isUnknownValue(report.node)) return;
      findings.push(findingOf(current.rule, current.setting, report, lines));
    },
  };
  return {
    rules: applicable,
    check(rule) {
      current = { rule, setting: settings?.[rule.meta.id], syntaxOnly: rule.meta.category !== 'security' };
      try {
        rule.check(context);
      } catch (err) {
        ruleErrors.push({ rule: rule.meta.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      } finally {
        current = undefined;
      }
    },
    result() {
      if (kind === 'none') return { kind, findings, document, lines, ruleErrors, suppressed: [] };
      findings.sort(byPosition);
      const visible = applySuppressions(findings, document, options.suppressions ?? []);
      return { kind, findings: visible.findings, document, lines, ruleErrors, suppressed: visible.suppressed };
    },
  };
}
