import type { AnalysisResult } from '../engine/analyze';
import type { LineIndex } from '../engine/lineIndex';
import type { PrincipalScope } from '../engine/principalScope';
import type { Finding } from '../engine/rule';
import type { SuppressedFinding } from '../engine/suppressions';
import type { HostError, HostPolicy } from '../iac/hostPolicy';
import { policySpans } from '../iac/movedPolicy';
import type { PolicyAnalysis } from './analyzeFile';

/**
 * Reuse of a template's per-policy analyses across versions of the same file. After an edit of a
 * large template one policy changed and thousands did not; a policy whose source, slot and
 * principal scope are unchanged gets the previous version's findings moved by how far its text
 * moved, and its full analysis (documents, for fixes, hover and code lens) only when a feature asks.
 * The engine is deterministic over a tree and the options, and findings carry no offsets outside
 * `offset`/`length`/`range` (their `data` holds statement indexes and names), which is what makes
 * moving them exact.
 */

/** What a policy's findings depend on, its position aside; equal signatures, equal findings. */
export function policySignature(
  host: HostPolicy,
  text: string,
  scopes: readonly PrincipalScope[] | undefined,
  problems: readonly HostError[],
): string | undefined {
  const start = policyStart(host);
  // A parse problem at or after a policy's start may cut it short (analyzeEmbedded): not reused.
  if (problems.some((p) => p.offset >= start)) return undefined;
  let end = start;
  const spans: string[] = [];
  for (const root of policySpans(host)) {
    end = Math.max(end, root.offset + root.length);
    spans.push(`${root.offset - start}+${root.length}`);
  }
  const placed = host.placedOn ? `${host.placedOn.offset - start}+${host.placedOn.length}` : '';
  return [
    host.locator,
    host.kind,
    host.edits,
    host.resource,
    host.construct ?? '',
    placed,
    spans.join(','),
    scopeSignature(scopes),
    text.slice(start, end),
  ].join('\u0000');
}

/**
 * What the principal scopes of a policy say, for a signature: each principal's name and its other
 * policies' sources and texts. An AWS managed policy is its path: its text is fixed for the
 * process, and a few of them run to tens of kilobytes, read again for every policy on every edit.
 */
export function scopeSignature(scopes: readonly PrincipalScope[] | undefined): string {
  return (scopes ?? [])
    .map((s) => `${s.name}\u0001${s.others.map((o) => `${o.source}\u0002${policyText(o.document)}`).join('\u0003')}`)
    .join('\u0004');
}

function policyText(document: PrincipalScope['others'][number]['document']): string {
  if (document.awsManaged !== undefined) return `aws:${document.awsManaged}`;
  const root = document.root;
  return root ? document.text.slice(root.offset, root.offset + root.length) : '';
}

export function policyStart(host: HostPolicy): number {
  let start = Infinity;
  for (const root of policySpans(host)) start = Math.min(start, root.offset);
  return start === Infinity ? 0 : start;
}

/** A finding of an unchanged policy whose text moved by `delta`. */
export function movedFinding(finding: Finding, delta: number, lines: LineIndex): Finding {
  const offset = finding.offset + delta;
  return { ...finding, offset, range: lines.rangeOf(offset, finding.length) };
}

const keyOf = (finding: Finding) => `${finding.rule}\u0000${finding.offset}\u0000${finding.length}`;

/**
 * The previous analysis of an unchanged policy, moved by `delta`. `analyse` runs the full analysis
 * of the policy's new trees the first time `results` or `origins` is read; its findings are the
 * moved ones, which the origins map ties to the fresh results by rule and span.
 */
export function movedPolicyAnalysis(
  previous: PolicyAnalysis,
  host: HostPolicy,
  delta: number,
  lines: LineIndex,
  analyse: () => PolicyAnalysis,
): PolicyAnalysis {
  const findings = previous.findings.map((f) => movedFinding(f, delta, lines));
  const suppressed: SuppressedFinding[] = previous.suppressed.map((s) => ({ ...s, finding: movedFinding(s.finding, delta, lines) }));
  let fresh: PolicyAnalysis | undefined;
  let origins: Map<Finding, AnalysisResult> | undefined;
  const analysed = () => (fresh ??= analyse());
  return {
    host,
    locator: host.locator,
    kind: previous.kind,
    findings,
    suppressed,
    ruleErrors: previous.ruleErrors,
    get results() {
      return analysed().results;
    },
    get origins() {
      if (!origins) {
        const byKey = new Map<string, AnalysisResult>();
        for (const [finding, result] of analysed().origins) byKey.set(keyOf(finding), result);
        origins = new Map();
        for (const finding of findings) {
          const result = byKey.get(keyOf(finding));
          if (result) origins.set(finding, result);
        }
      }
      return origins;
    },
  };
}
