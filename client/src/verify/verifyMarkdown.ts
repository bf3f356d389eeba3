/** The report "IAM: Verify Least Privilege" opens in the editor. No `vscode` import. */
import type { SimulationDecision } from '../../../server/src/aws/iamSimulate';
import {
  DECISION_LABEL,
  VerifiedAction,
  verifiedPrincipalLine,
  VerifyReport,
  verifySummaryLines,
} from '../../../server/src/aws/verifyLeastPrivilege';

/** Policy names come from the account, so they are escaped rather than trusted as Markdown. */
const md = (text: string) => text.replace(/[\\`*_|<>[\]]/g, (c) => `\\${c}`);

/** Verdict first; allowed writes at the top of their table and in bold, since each is a violation. */
export function formatVerifyMarkdown(report: VerifyReport): string {
  const [verdict, ...counts] = verifySummaryLines(report);
  const table = (rows: VerifiedAction[]) => [
    '| Action | Access level | Decision | Matched policies |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (a) =>
        `| \`${a.action}\` | ${a.level} | ${a.decision === 'allowed' && a.kind === 'write' ? '**allowed**' : DECISION_LABEL[a.decision]} | ${md(a.matchedPolicies.join(', ')) || '-'} |`,
    ),
  ];
  const writes = report.actions.filter((a) => a.kind === 'write');
  const order: Record<SimulationDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
  writes.sort((a, b) => order[a.decision] - order[b.decision] || a.action.localeCompare(b.action));
  return [
    `# Verify Least Privilege`,
    '',
    `${md(verifiedPrincipalLine(report))}  `,
    `Checked ${report.checkedAt} with iam:SimulatePrincipalPolicy (read-only; no write call was made), IAM catalog ${md(report.catalogVersion)}.`,
    '',
    `## ${report.ok ? '✅' : '❌'} ${md(verdict)}`,
    '',
    ...counts.map((c) => `- ${md(c)}`),
    '',
    `## IAM write actions (${writes.length})`,
    '',
    ...table(writes),
    '',
    `## IAM read actions (sample)`,
    '',
    ...table(report.actions.filter((a) => a.kind === 'read')),
    '',
  ].join('\n');
}
