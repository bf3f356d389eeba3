import { Finding } from '../../engine/rule';
import { FileReport } from './report';

/**
 * The `--format json` contract: exactly these fields, `actions` only where a rule has them, and
 * `policy` (the slot's locator) only on the results of a template, one per embedded policy.
 */
export function formatJson(reports: FileReport[]): string {
  const results = reports.map((r) => {
    const findings = r.findings.map((f) => {
      const finding: JsonFinding = { rule: f.rule, severity: f.severity, message: f.message, range: f.range };
      if (f.actions) finding.actions = f.actions;
      return finding;
    });
    // Literals in the contract's field order rather than spreads: a spread copies through the
    // runtime, for every file and finding of a large run.
    return r.policy !== undefined ? { file: r.file, policy: r.policy, kind: r.kind, findings } : { file: r.file, kind: r.kind, findings };
  });
  return JSON.stringify({ results }, null, 2) + '\n';
}

type JsonFinding = Pick<Finding, 'rule' | 'severity' | 'message' | 'range' | 'actions'>;
