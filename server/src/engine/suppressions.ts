import { SyntaxKind, createScanner } from 'jsonc-parser';
import { PolicyDocument } from './model';
import { Finding } from './rule';

/** The comment directive of .jsonc policies: `// iamlp-ignore-next-statement rule-a, rule-b -- reason`. */
export const DIRECTIVE = 'iamlp-ignore-next-statement';

/** Rules whose findings no suppression hides: they are about suppressions themselves. */
export const UNSUPPRESSIBLE = new Set(['suppression-missing-reason', 'suppression-unknown-rule']);

/** A suppression from the project configuration, already narrowed to the file being analysed. */
export interface Suppression {
  /** Rule ids; empty means every rule. */
  rules: string[];
  /** Only findings inside the statement with this Sid; absent: the whole file. */
  sid?: string;
  /**
   * Only the template policy with this locator, as `iamlp check --format json` names it in
   * `policy` (a slot, or an attached AWS managed policy); never a policy file. The engine cannot
   * tell which policy a document is and applies none that names one: linter/analyzeFile.ts hands
   * each policy those that name it, without the name.
   */
  policy?: string;
  /** Why the finding is accepted; a suppression without one still applies, and is itself reported. */
  reason?: string;
  /** Where it comes from, for reports: e.g. ".iamlp.json suppressions[2]". */
  source: string;
}

export interface Directive {
  /** The comment's span. */
  offset: number;
  length: number;
  /** Rule ids; empty means every rule. */
  rules: string[];
  /** Where each of `rules` is written, for findings about one id. */
  ruleOffsets: number[];
  reason?: string;
}

export interface SuppressedFinding {
  finding: Finding;
  reason?: string;
  source: string;
}

/** The directives of a document, read once for the two rules and the suppression pass that need them. */
export function documentDirectives(doc: PolicyDocument): Directive[] {
  doc.directives ??= parseDirectives(doc.text);
  return doc.directives;
}

/** Every `iamlp-ignore-next-statement` comment of the text (line or block comments). */
export function parseDirectives(text: string): Directive[] {
  if (!text.includes(DIRECTIVE)) return [];
  const directives: Directive[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const raw = text.slice(start, start + scanner.getTokenLength());
    const inner = kind === SyntaxKind.LineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
    const body = inner.trim();
    if (!body.startsWith(DIRECTIVE)) continue;
    const rest = body.slice(DIRECTIVE.length);
    if (rest.length > 0 && !/^\s/.test(rest) && !rest.startsWith('--')) continue; // another word
    const separator = rest.indexOf('--');
    const restOffset = start + 2 + (inner.length - inner.trimStart().length) + DIRECTIVE.length;
    const rules: string[] = [];
    const ruleOffsets: number[] = [];
    for (const id of (separator === -1 ? rest : rest.slice(0, separator)).matchAll(/[^\s,]+/g)) {
      rules.push(id[0]);
      ruleOffsets.push(restOffset + (id.index ?? 0));
    }
    const reason = separator === -1 ? '' : rest.slice(separator + 2).trim();
    directives.push({
      offset: start,
      length: scanner.getTokenLength(),
      rules,
      ruleOffsets,
      ...(reason ? { reason } : {}),
    });
  }
  return directives;
}

function covers(rules: readonly string[], rule: string): boolean {
  return rules.length === 0 || rules.includes(rule) || rules.includes('*');
}

function within(finding: Finding, start: number, length: number): boolean {
  return finding.offset >= start && finding.offset < start + length;
}

/**
 * Splits findings into those still reported and those suppressed, by the configuration's
 * suppressions and the document's comment directives (each covering the statement after it).
 */
export function applySuppressions(
  findings: Finding[],
  doc: PolicyDocument,
  suppressions: readonly Suppression[],
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const directives = documentDirectives(doc);
  if (suppressions.length === 0 && directives.length === 0) return { findings, suppressed: [] };
  const scopes: Array<{ start: number; length: number; rules: string[]; reason?: string; source: string }> = [];
  for (const s of suppressions) {
    if (s.policy !== undefined) continue;
    if (s.sid === undefined) {
      scopes.push({ start: 0, length: Number.MAX_SAFE_INTEGER, rules: s.rules, reason: s.reason, source: s.source });
      continue;
    }
    for (const statement of doc.statements) {
      if (statement.sid?.value === s.sid) {
        scopes.push({ start: statement.node.offset, length: statement.node.length, rules: s.rules, reason: s.reason, source: s.source });
      }
    }
  }
  for (const d of directives) {
    const next = doc.statements.find((s) => s.node.offset >= d.offset + d.length);
    if (next) {
      scopes.push({ start: next.node.offset, length: next.node.length, rules: d.rules, reason: d.reason, source: `comment: ${DIRECTIVE}` });
    }
  }
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const scope = UNSUPPRESSIBLE.has(finding.rule)
      ? undefined
      : scopes.find((s) => covers(s.rules, finding.rule) && within(finding, s.start, s.length));
    if (scope) suppressed.push({ finding, reason: scope.reason, source: scope.source });
    else kept.push(finding);
  }
  return { findings: kept, suppressed };
}

/**
 * The rule that reports a suppression without a reason. Its findings come from two places, the
 * comments (the rule's check) and .iamlp.json (config/projectConfig.ts), which share its id and
 * message from here.
 */
export const SUPPRESSION_MISSING_REASON = 'suppression-missing-reason';

/** The message for a suppression, in a comment or in .iamlp.json, that gives no reason. */
export function missingReasonMessage(where: string): string {
  return `${where} gives no reason. A suppression must say why the finding is accepted: add \`-- <reason>\` to the comment, or "reason" to the .iamlp.json entry.`;
}
