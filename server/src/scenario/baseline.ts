/**
 * The identity baseline of the seed scenario, as the files in policies/ describe it: names, the
 * placeholder account id the policy files use, and which file is which. No `vscode` import.
 */

/** The account id the policy files use; valid ARN syntax, replaced by AWS::AccountId in the template. */
export const PLACEHOLDER_ACCOUNT = '111122223333';
/** The region the policy files use in the trail ARN; replaced by AWS::Region in the template. */
export const PLACEHOLDER_REGION = 'us-east-1';

export const BASELINE_NAMES = {
  userName: 'svc-idsentinel-reporter',
  groupName: 'GRP-IAMReporters',
  readOnlyPolicyName: 'IDSentinel-ReadOnly-Policy',
  roleName: 'Role-IDSentinel-Auditor',
  auditorPolicyName: 'IDSentinel-Auditor-Permissions',
  bucketName: 'idsentinel-cloudtrail-logs',
  trailName: 'IDSentinel-AuditTrail',
  /** The lab's ExternalId; the template takes it as a NoEcho parameter instead. */
  labExternalId: 'IDSentinel-Lab-2026',
} as const;

/** The policy files in policies/, the single source of the CloudFormation template. */
export const POLICY_FILES = {
  readOnly: 'IDSentinel-ReadOnly-Policy.json',
  trust: 'Role-IDSentinel-Auditor.trust.json',
  auditorPermissions: 'Role-IDSentinel-Auditor.permissions.json',
  bucketPolicy: 'idsentinel-cloudtrail-logs.bucket-policy.json',
} as const;

export type PolicyFileKey = keyof typeof POLICY_FILES;

export const TEMPLATE_FILE = 'idsentinel-baseline.template.json';
/** The same template in YAML, as most teams write CloudFormation. */
export const YAML_TEMPLATE_FILE = 'idsentinel-baseline.template.yaml';
/** The same baseline as Terraform. */
export const TERRAFORM_FILE = 'idsentinel-baseline.tf';

export function placeholderArn(kind: 'user' | 'role', name: string, account: string = PLACEHOLDER_ACCOUNT): string {
  return `arn:aws:iam::${account}:${kind}/${name}`;
}
