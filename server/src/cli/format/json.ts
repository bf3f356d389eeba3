import { FileReport } from './report';

/**
 * The `--format json` contract: exactly these fields, `actions` only where a rule has them, and
 * `policy` (the slot's locator) only on the results of a template, one per embedded policy.
 */
export function formatJson(reports: FileReport[]): string {
  const results = reports.map((r) => ({
    file: r.file,
    ...(r.policy !== undefined ? { policy: r.policy } : {}),
    kind: r.kind,
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      range: f.range,
      ...(f.actions ? { actions: f.actions } : {}),
    })),
  }));
  return JSON.stringify({ results }, null, 2) + '\n';
}
