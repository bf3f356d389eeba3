import { DECISION_LABEL, verifiedPrincipalLine, VerifyReport, verifySummaryLines } from '../../aws/verifyLeastPrivilege';
import { textTableLines } from '../../util/textTable';

/**
 * `iamlp verify`'s table: the writes that are not explicitly denied (explicit denies are the
 * expected case and would bury the rest), the sampled reads, then the summary.
 */
export function formatVerifyTable(report: VerifyReport, options: { all?: boolean } = {}): string {
  const shown = report.actions.filter((a) => options.all || a.kind === 'read' || a.decision !== 'explicitDeny');
  const header = ['ACTION', 'KIND', 'DECISION', 'MATCHED POLICIES'];
  const rows = shown.map((a) => [a.action, a.kind, DECISION_LABEL[a.decision], a.matchedPolicies.join(', ') || '-']);
  const hidden = report.actions.length - shown.length;
  return (
    [
      verifiedPrincipalLine(report),
      '',
      ...textTableLines(header, rows),
      ...(hidden > 0 ? [`(${hidden} explicitly denied IAM writes not listed; --all lists them)`] : []),
      '',
      ...verifySummaryLines(report),
    ].join('\n') + '\n'
  );
}

/** `iamlp verify --format json`: a contract for scripts, so the keys are spelled out rather than the report dumped. */
export function verifyReportJson(report: VerifyReport): unknown {
  return {
    principalArn: report.principalArn,
    simulatedArn: report.simulatedArn,
    checkedAt: report.checkedAt,
    catalogVersion: report.catalogVersion,
    ok: report.ok,
    allowedWrites: report.allowedWrites,
    counts: report.counts,
    actions: report.actions.map((a) => ({
      action: a.action,
      kind: a.kind,
      level: a.level,
      decision: a.decision,
      matchedPolicies: a.matchedPolicies,
      ...(a.missingContextValues.length > 0 ? { missingContextValues: a.missingContextValues } : {}),
    })),
  };
}
