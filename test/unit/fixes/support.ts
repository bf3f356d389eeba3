import * as assert from 'node:assert/strict';
import { AnalyzeOptions } from '../../../server/src/engine/analyze';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { applyFixEdits, detectFormat, snippetToPlain } from '../../../server/src/engine/edits';
import { Finding, Fix } from '../../../server/src/engine/rule';
import { fixContext, fixesFor } from '../../../server/src/services/codeActions';
import { EXTERNAL_ID_PLACEHOLDER } from '../../../server/src/rules/utils/externalId';

/** The text a fix produces; snippets as an editor without snippet support would insert them. */
export function applyFix(text: string, fix: Fix): string {
  const edits = fix.snippet ? fix.edits.map((e) => ({ ...e, newText: snippetToPlain(e.newText) })) : fix.edits;
  return applyFixEdits(text, edits);
}

export function languageOf(text: string): 'json' | 'jsonc' {
  return /\/\/|\/\*/.test(text) ? 'jsonc' : 'json';
}

export function analyze(text: string, options: AnalyzeOptions = {}) {
  return analyzePolicy(text, { language: languageOf(text), ...options });
}

/** Every finding of `rule` with its fixes. */
export function fixesOf(text: string, rule: string, options: AnalyzeOptions = {}): Array<{ finding: Finding; fixes: Fix[] }> {
  const result = analyze(text, options);
  assert.deepEqual(result.ruleErrors, []);
  const context = fixContext(text, result);
  return result.findings
    .filter((f) => f.rule === rule)
    .map((finding) => ({ finding, fixes: fixesFor(finding, context, (err) => assert.fail(String(err))) }));
}

export function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return counts;
}

/** Asserts no rule reports more findings after than before (except those named in `allowed`). */
export function assertNoNewFindings(before: readonly Finding[], after: readonly Finding[], allowed: readonly string[] = []): void {
  const b = countByRule(before);
  for (const [rule, n] of countByRule(after)) {
    if (allowed.includes(rule)) continue;
    assert.ok(
      n <= (b.get(rule) ?? 0),
      `the fix added a ${rule} finding: ${after
        .filter((f) => f.rule === rule)
        .map((f) => f.message)
        .join(' | ')}`,
    );
  }
}

/**
 * The document's layout survives: same indentation unit and line ending, every original line
 * that the edit did not touch is still there, and every new line is indented in whole units.
 */
export function assertFormattingKept(before: string, after: string): void {
  const fb = detectFormat(before);
  const fa = detectFormat(after);
  assert.equal(fa.eol, fb.eol, 'line ending changed');
  if (before.includes('\n')) {
    // A one-line policy has no indentation to keep.
    const indented = before.split(/\r?\n/).some((l) => /^\s+\S/.test(l));
    if (indented) assert.equal(JSON.stringify(fa.unit), JSON.stringify(fb.unit), 'indentation unit changed');
  } else {
    assert.ok(!after.includes('\n'), 'a one-line policy became multi-line');
  }
  if (fb.eol === '\n') assert.ok(!after.includes('\r\n'), 'CRLF introduced');
  else assert.ok(!/[^\r]\n/.test(after), 'bare LF introduced into a CRLF document');
  const oldLines = new Set(before.split(/\r?\n/));
  for (const line of after.split(/\r?\n/)) {
    if (oldLines.has(line)) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.length === 0) continue;
    assert.equal(
      indent.split(fb.unit).join(''),
      '',
      `new line not indented in whole units of ${JSON.stringify(fb.unit)}: ${JSON.stringify(line)}`,
    );
  }
}

export interface RoundTrip {
  after: string;
  fix: Fix;
}

/**
 * Applies the fix titled like `title` (or the preferred one) of the first `rule` finding and checks
 * the result: valid JSON, that finding gone, no new findings, formatting kept.
 */
export function roundTrip(
  text: string,
  rule: string,
  options: { title?: RegExp; allowed?: string[]; findingIndex?: number; keepsRule?: boolean } = {},
): RoundTrip {
  const before = analyze(text);
  const entries = fixesOf(text, rule);
  assert.ok(entries.length > 0, `no ${rule} finding in:\n${text}`);
  const entry = entries[options.findingIndex ?? 0];
  const fix = options.title
    ? entry.fixes.find((f) => options.title!.test(f.title))
    : (entry.fixes.find((f) => f.isPreferred) ?? entry.fixes[0]);
  assert.ok(
    fix,
    `no fix${options.title ? ` titled ${options.title}` : ''} for ${rule}; have: ${entry.fixes.map((f) => f.title).join(' | ')}`,
  );
  const after = applyFix(text, fix);
  const result = analyze(after);
  // A fix that inserts the ExternalId placeholder leaves it for the user to fill in, and
  // trust-weak-external-id flags it until then: that finding is expected, and must be there.
  const placeholder = `"${EXTERNAL_ID_PLACEHOLDER}"`;
  const onPlaceholder = (f: { rule: string; offset: number; length: number }) =>
    f.rule === 'trust-weak-external-id' && after.slice(f.offset, f.offset + f.length) === placeholder;
  if (after.includes(placeholder) && !text.includes(placeholder)) {
    assert.ok(result.findings.some(onPlaceholder), `the inserted placeholder is not flagged:\n${after}`);
  }
  result.findings = result.findings.filter((f) => !onPlaceholder(f));
  assert.deepEqual(result.ruleErrors, []);
  assert.ok(!result.findings.some((f) => f.rule === 'invalid-json'), `the fix broke the JSON:\n${after}`);
  const remaining = result.findings.filter((f) => f.rule === rule).length;
  if (!options.keepsRule) assert.ok(remaining < entries.length, `${rule} still reported ${remaining} times after the fix:\n${after}`);
  assertNoNewFindings(before.findings, result.findings, options.allowed);
  assertFormattingKept(text, after);
  return { after, fix };
}
