/**
 * "Verify Least Privilege" (the seed's step 06, done safely): simulate every IAM write action of the
 * catalog and a sample of IAM reads for one principal with iam:SimulatePrincipalPolicy, a read-only
 * call, and report each as allowed, explicitly denied or implicitly denied. No write call is ever made.
 * Shared by `iamlp verify` and the VS Code command. No `vscode` import.
 *
 *   verifyPlan(catalog): { writes, reads }                    the action names to simulate
 *   verifyLeastPrivilege(client, { principalArn, catalog?, ... }): Promise<VerifyReport>
 *   formatVerifyTable(report) / verifyReportJson(report) / formatVerifyMarkdown(report)
 *   report.ok is false when any IAM write is allowed.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { Catalog, sharedCatalog } from '../catalog/catalog';
import { policySourceArn, SimulatedAction, simulatePrincipalPolicy, SimulateOptions, SimulationDecision } from './iamSimulate';
import { textTableLines } from '../util/textTable';

/** IAM reads a read-only principal of the baseline is expected to have; reported, never a failure. */
export const SAMPLE_READ_ACTIONS = [
  'iam:GetAccountAuthorizationDetails',
  'iam:GetAccountSummary',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:GetRole',
  'iam:GetUser',
  'iam:ListPolicies',
  'iam:ListRoles',
  'iam:ListUsers',
  'iam:SimulatePrincipalPolicy',
];

export function verifyPlan(catalog: Catalog = sharedCatalog()): { writes: string[]; reads: string[] } {
  const writes = catalog.names(catalog.iamWrite);
  const reads = SAMPLE_READ_ACTIONS.map((name) => catalog.action(name))
    .filter((a) => a !== undefined && (a.level === 'Read' || a.level === 'List'))
    .map((a) => a!.fullName);
  return { writes, reads };
}

export interface VerifiedAction extends SimulatedAction {
  kind: 'write' | 'read';
  /** The catalog's access level (Write, Permissions management, Tagging, Read, List). */
  level: string;
}

export interface VerifyReport {
  /** The ARN asked for. */
  principalArn: string;
  /** The ARN simulated (a role session's role). */
  simulatedArn: string;
  checkedAt: string;
  catalogVersion: string;
  actions: VerifiedAction[];
  counts: Record<'write' | 'read', Record<SimulationDecision, number>>;
  /** IAM write actions the principal is allowed: each is a least-privilege violation. */
  allowedWrites: string[];
  /** True when no IAM write is allowed. */
  ok: boolean;
}

export interface VerifyOptions extends Omit<SimulateOptions, 'actions'> {
  catalog?: Catalog;
  now?: () => Date;
}

export async function verifyLeastPrivilege(client: IAMClient, options: VerifyOptions): Promise<VerifyReport> {
  const catalog = options.catalog ?? sharedCatalog();
  const plan = verifyPlan(catalog);
  const results = await simulatePrincipalPolicy(client, { ...options, actions: [...plan.writes, ...plan.reads] });
  const writes = new Set(plan.writes.map((w) => w.toLowerCase()));
  const actions: VerifiedAction[] = results.map((r) => ({
    ...r,
    kind: writes.has(r.action.toLowerCase()) ? 'write' : 'read',
    level: catalog.action(r.action)?.level ?? 'unknown',
  }));
  const zero = (): Record<SimulationDecision, number> => ({ allowed: 0, explicitDeny: 0, implicitDeny: 0 });
  const counts = { write: zero(), read: zero() };
  for (const a of actions) counts[a.kind][a.decision]++;
  const allowedWrites = actions.filter((a) => a.kind === 'write' && a.decision === 'allowed').map((a) => a.action);
  return {
    principalArn: options.principalArn,
    simulatedArn: policySourceArn(options.principalArn),
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    catalogVersion: catalog.source.version,
    actions,
    counts,
    allowedWrites,
    ok: allowedWrites.length === 0,
  };
}

export const DECISION_LABEL: Record<SimulationDecision, string> = {
  allowed: 'allowed',
  explicitDeny: 'explicitly denied',
  implicitDeny: 'implicitly denied',
};

function preview(names: string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function summaryLines(report: VerifyReport): string[] {
  const w = report.counts.write;
  const r = report.counts.read;
  const writeTotal = w.allowed + w.explicitDeny + w.implicitDeny;
  const verdict = report.ok
    ? w.implicitDeny > 0
      ? `PASS: no IAM write is allowed (${w.implicitDeny} only implicitly denied: no explicit Deny stops another policy from granting them).`
      : 'PASS: every IAM write is explicitly denied.'
    : `FAIL: ${report.allowedWrites.length} IAM write action${report.allowedWrites.length === 1 ? ' is' : 's are'} allowed: ${preview(report.allowedWrites)}.`;
  return [
    verdict,
    `IAM writes (${writeTotal}): ${w.allowed} allowed, ${w.explicitDeny} explicitly denied, ${w.implicitDeny} implicitly denied.`,
    `IAM reads sampled (${r.allowed + r.explicitDeny + r.implicitDeny}): ${r.allowed} allowed, ${r.explicitDeny} explicitly denied, ${r.implicitDeny} implicitly denied.`,
  ];
}

function principalLine(report: VerifyReport): string {
  return report.simulatedArn === report.principalArn
    ? `Principal: ${report.principalArn}`
    : `Principal: ${report.simulatedArn} (the role of ${report.principalArn})`;
}

/** A plain-text table for the terminal: the writes that are not explicitly denied, the sampled reads, then a summary. */
export function formatVerifyTable(report: VerifyReport, options: { all?: boolean } = {}): string {
  const shown = report.actions.filter((a) => options.all || a.kind === 'read' || a.decision !== 'explicitDeny');
  const header = ['ACTION', 'KIND', 'DECISION', 'MATCHED POLICIES'];
  const rows = shown.map((a) => [a.action, a.kind, DECISION_LABEL[a.decision], a.matchedPolicies.join(', ') || '-']);
  const hidden = report.actions.length - shown.length;
  return (
    [
      principalLine(report),
      '',
      ...textTableLines(header, rows),
      ...(hidden > 0 ? [`(${hidden} explicitly denied IAM writes not listed; --all lists them)`] : []),
      '',
      ...summaryLines(report),
    ].join('\n') + '\n'
  );
}

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

const md = (text: string) => text.replace(/[\\`*_|<>[\]]/g, (c) => `\\${c}`);

/** A readable Markdown report for the editor. */
export function formatVerifyMarkdown(report: VerifyReport): string {
  const [verdict, ...counts] = summaryLines(report);
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
    `${md(principalLine(report))}  `,
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
