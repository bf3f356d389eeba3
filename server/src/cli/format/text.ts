import { plural } from '../../util/messages';
import { FileReport } from './report';

/** ESLint's "stylish" layout: a block per file with line:column, severity, message and rule id. */
export function formatText(reports: FileReport[]): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let others = 0;
  // A template gives one report per policy: its findings are shown together, in line order.
  const byFile = new Map<string, FileReport[]>();
  for (const report of reports) byFile.set(report.file, [...(byFile.get(report.file) ?? []), report]);
  for (const [file, group] of byFile) {
    const findings = group.flatMap((r) => r.findings).sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
    if (findings.length === 0) continue;
    out.push(file);
    const rows = findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, f.message, f.rule]);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, severity, message, rule] of rows) out.push(`  ${pos.padEnd(w0)}  ${severity.padEnd(w1)}  ${message}  ${rule}`);
    out.push('');
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else others++;
    }
  }
  const total = errors + warnings + others;
  const policies = reports.filter((r) => r.kind !== 'none').length;
  const templates = [...byFile.values()].filter((group) => group.some((r) => r.template)).length;
  const checked = `${plural(byFile.size, 'file')} checked${templates > 0 ? `, ${plural(templates, 'template')} among them` : ''}`;
  if (total === 0) {
    out.push(`No problems in ${plural(policies, 'policy', 'policies')} (${checked}).`);
  } else {
    const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
    if (others > 0) parts.push(`${others} info or hint`);
    out.push(
      `${errors > 0 ? '✖' : '⚠'} ${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(policies, 'policy', 'policies')} (${checked}).`,
    );
  }
  return out.join('\n') + '\n';
}
