import { FileReport } from './report';

/** The `--format json` contract: exactly these fields, `actions` only where a rule has them. */
export function formatJson(reports: FileReport[]): string {
  const results = reports.map((r) => ({
    file: r.file,
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
