/**
 * The seed scenario's files, bundled into the extension so the walkthrough works in any workspace:
 * the policies of policies/, a broken twin to fix with a quick fix, and the CloudFormation baseline
 * (generated here from the same policies, so it is the committed template). No `vscode` import.
 */
import readOnly from '../../../policies/IDSentinel-ReadOnly-Policy.json';
import auditorPermissions from '../../../policies/Role-IDSentinel-Auditor.permissions.json';
import trust from '../../../policies/Role-IDSentinel-Auditor.trust.json';
import bucketPolicy from '../../../policies/idsentinel-cloudtrail-logs.bucket-policy.json';
import { POLICY_FILES, PolicyFileKey, TEMPLATE_FILE } from '../../../server/src/scenario/baseline';
import { BaselinePolicies, renderBaselineTemplate } from '../../../server/src/scenario/template';

export interface ScenarioFile {
  /** The file name in policies/. */
  name: string;
  text: string;
}

const BUNDLED: BaselinePolicies = { readOnly, trust, auditorPermissions, bucketPolicy };

const render = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** The four policy files, in the order the walkthrough tells the story. */
export function scenarioPolicyFiles(): ScenarioFile[] {
  const order: PolicyFileKey[] = ['readOnly', 'trust', 'auditorPermissions', 'bucketPolicy'];
  return order.map((key) => ({ name: POLICY_FILES[key], text: render(BUNDLED[key]) }));
}

/** The auditor trust policy without its ExternalId condition: trust-missing-external-id flags it. */
export function brokenTwinFile(): ScenarioFile {
  const copy = JSON.parse(JSON.stringify(trust)) as { Statement: Array<Record<string, unknown>> };
  for (const statement of copy.Statement) delete statement.Condition;
  return { name: POLICY_FILES.trust.replace(/\.json$/, '.no-external-id.json'), text: render(copy) };
}

export function baselineTemplateFile(): ScenarioFile {
  return { name: TEMPLATE_FILE, text: renderBaselineTemplate(BUNDLED) };
}
