/**
 * "Verify Least Privilege" (the seed's step 06, done safely): every IAM write action of the catalog
 * and a sample of IAM reads simulated for one principal with iam:SimulatePrincipalPolicy. The
 * simulator is read-only, so verifying never risks the change it checks for; no write call is made.
 * The report is data plus its verdict in words (`verifySummaryLines`), so `iamlp verify` and the VS Code
 * command conclude alike; each lays the report out its own way (cli/format/, client/src/verify/).
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { Catalog, sharedCatalog } from '../catalog/catalog';
import { policySourceArn, SimulatedAction, simulatePrincipalPolicy, SimulateOptions, SimulationDecision } from './iamSimulate';

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

/** A simulator decision in words, for every front end. */
export const DECISION_LABEL: Record<SimulationDecision, string> = {
  allowed: 'allowed',
  explicitDeny: 'explicitly denied',
  implicitDeny: 'implicitly denied',
};

function preview(names: string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * The verdict, then the counts of writes and sampled reads, in sentences. Worded here, once, so the
 * terminal and the editor conclude the same thing in the same words.
 */
export function verifySummaryLines(report: VerifyReport): string[] {
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

/** Which principal was simulated: a role session is verified through its role, and the line says so. */
export function verifiedPrincipalLine(report: VerifyReport): string {
  return report.simulatedArn === report.principalArn
    ? `Principal: ${report.principalArn}`
    : `Principal: ${report.simulatedArn} (the role of ${report.principalArn})`;
}
