/**
 * The identity baseline as Terraform (AWS provider), rendered from the same policy files as the
 * CloudFormation templates: policies as `jsonencode({...})` in HCL object syntax, the placeholder
 * account, partition, region and bucket as references, the lab ExternalId as a sensitive variable.
 * scripts/build-baseline-template.mjs writes policies/idsentinel-baseline.tf; a test fails when it
 * is stale.
 */
import { BASELINE_NAMES, PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION, POLICY_FILES } from './baseline';
import type { BaselinePolicies } from './template';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ACCOUNT = '${data.aws_caller_identity.current.account_id}';
const PARTITION = '${data.aws_partition.current.partition}';
const REGION = '${data.aws_region.current.name}';
const BUCKET = '${aws_s3_bucket.logs.id}';

/** Placeholders and their references, most specific first (as the CloudFormation template's SUBSTITUTIONS). */
const SUBSTITUTIONS: Array<[RegExp, string]> = [
  [new RegExp(`arn:aws:cloudtrail:${escapeRegExp(PLACEHOLDER_REGION)}:`, 'g'), `arn:${PARTITION}:cloudtrail:${REGION}:`],
  [/arn:aws:/g, `arn:${PARTITION}:`],
  [new RegExp(`:::${escapeRegExp(BASELINE_NAMES.bucketName)}(?=/|$)`, 'g'), `:::${BUCKET}`],
  [new RegExp(PLACEHOLDER_ACCOUNT, 'g'), ACCOUNT],
];

/** An HCL expression for one string of a policy: a quoted template, or the ExternalId variable. */
function stringExpression(value: string): string {
  if (value === BASELINE_NAMES.labExternalId) return 'var.external_id';
  // A literal "${" (an IAM policy variable) is "$${" in an HCL string; quotes and backslashes are escaped.
  let out = JSON.stringify(value).replace(/\$\{/g, '$${');
  for (const [pattern, replacement] of SUBSTITUTIONS) out = out.replace(pattern, replacement);
  return out;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A JSON value in HCL object syntax, one element per line. */
function hcl(value: Json, indent: string): string {
  const inner = indent + '  ';
  if (typeof value === 'string') return stringExpression(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'string') && value.length === 1) return `[${hcl(value[0], indent)}]`;
    return `[\n${value.map((v) => `${inner}${hcl(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => [KEY.test(k) ? k : JSON.stringify(k), hcl(v, inner)] as const);
  if (entries.length === 0) return '{}';
  // As `terraform fmt` lays them out: the = of consecutive one-line attributes aligned.
  const lines: string[] = [];
  for (let i = 0; i < entries.length;) {
    let j = i;
    while (j < entries.length && !entries[j][1].includes('\n')) j++;
    const run = j > i ? entries.slice(i, j) : [entries[i]];
    const width = Math.max(...run.map(([k]) => k.length));
    for (const [k, v] of run) lines.push(`${inner}${k.padEnd(width)} = ${v}`);
    i += run.length;
  }
  return `{\n${lines.join('\n')}\n${indent}}`;
}

const policy = (value: unknown, indent = '  ') => `jsonencode(${hcl(value as Json, indent)})`;

/** The exact text of policies/idsentinel-baseline.tf. */
export function renderBaselineTerraform(policies: BaselinePolicies): string {
  const n = BASELINE_NAMES;
  return `# IDSentinel identity baseline (IAM Least Privilege seed scenario), as Terraform.
# Generated from policies/*.json by scripts/build-baseline-template.mjs: do not edit by hand.

variable "external_id" {
  description = "The sts:ExternalId the auditor role's trust policy requires (at least 8 characters)."
  type        = string
  sensitive   = true
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

resource "aws_iam_group" "reporters" {
  name = "${n.groupName}"
}

# Explicit Allow of IAM reads, explicit Deny of every IAM write (${POLICY_FILES.readOnly}).
resource "aws_iam_policy" "read_only" {
  name   = "${n.readOnlyPolicyName}"
  policy = ${policy(policies.readOnly)}
}

resource "aws_iam_group_policy_attachment" "read_only" {
  group      = aws_iam_group.reporters.name
  policy_arn = aws_iam_policy.read_only.arn
}

# Programmatic access only: no login profile. Create its access key yourself.
resource "aws_iam_user" "reporter" {
  name = "${n.userName}"
}

resource "aws_iam_user_group_membership" "reporter" {
  user   = aws_iam_user.reporter.name
  groups = [aws_iam_group.reporters.name]
}

# Only ${n.userName} may assume it, with the ExternalId (${POLICY_FILES.trust}).
resource "aws_iam_role" "auditor" {
  name                 = "${n.roleName}"
  max_session_duration = 3600
  assume_role_policy   = ${policy(policies.trust)}
  depends_on           = [aws_iam_user.reporter]
}

# Read-only audit access of the auditor role (${POLICY_FILES.auditorPermissions}).
resource "aws_iam_policy" "auditor" {
  name   = "${n.auditorPolicyName}"
  policy = ${policy(policies.auditorPermissions)}
}

resource "aws_iam_role_policy_attachment" "auditor" {
  role       = aws_iam_role.auditor.name
  policy_arn = aws_iam_policy.auditor.arn
}

resource "aws_s3_bucket" "logs" {
  bucket = "${n.bucketName}-${ACCOUNT}"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = ${policy(policies.bucketPolicy)}
}

resource "aws_cloudtrail" "audit" {
  name                          = "${n.trailName}"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  depends_on                    = [aws_s3_bucket_policy.logs]
}
`;
}
