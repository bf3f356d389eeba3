/**
 * The deployable identity baseline: a CloudFormation template (JSON) built from the policy files in
 * policies/, so they stay the single source. scripts/build-baseline-template.mjs writes it to
 * policies/idsentinel-baseline.template.json; a test fails when the committed file is stale. The
 * client renders it too (the walkthrough opens it where the workspace has no policies/ folder).
 *
 * The policy files use a placeholder account (111122223333), region (us-east-1 in the trail ARN),
 * partition (aws), bucket name and the lab ExternalId; the template turns each into Fn::Sub of
 * AWS::AccountId, AWS::Region, AWS::Partition, the bucket's Ref and the NoEcho ExternalId parameter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderYamlTemplate } from './yamlTemplate';
import { BASELINE_NAMES, PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION, POLICY_FILES, PolicyFileKey } from './baseline';

export { TEMPLATE_FILE, TERRAFORM_FILE, YAML_TEMPLATE_FILE } from './baseline';
export { renderBaselineTerraform } from './terraform';

export type BaselinePolicies = Record<PolicyFileKey, unknown>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Placeholders and what they become inside Fn::Sub, most specific first. */
const SUBSTITUTIONS: Array<[RegExp, string]> = [
  [new RegExp(`^${escapeRegExp(BASELINE_NAMES.labExternalId)}$`), '${ExternalId}'],
  [new RegExp(`arn:aws:cloudtrail:${escapeRegExp(PLACEHOLDER_REGION)}:`, 'g'), 'arn:${AWS::Partition}:cloudtrail:${AWS::Region}:'],
  [/arn:aws:/g, 'arn:${AWS::Partition}:'],
  [new RegExp(`:::${escapeRegExp(BASELINE_NAMES.bucketName)}(?=/|$)`, 'g'), ':::${LogBucket}'],
  [new RegExp(PLACEHOLDER_ACCOUNT, 'g'), '${AWS::AccountId}'],
];

/** A string of a policy, or Fn::Sub of it when it names a placeholder. */
function substituteString(value: string): Json {
  // A literal "${" (an IAM policy variable) must read "${!" inside Fn::Sub.
  let out = value.replace(/\$\{/g, '${!');
  for (const [pattern, replacement] of SUBSTITUTIONS) out = out.replace(pattern, replacement);
  if (out === value.replace(/\$\{/g, '${!')) return value;
  const whole = /^\$\{(\w+)\}$/.exec(out);
  return whole ? { Ref: whole[1] } : { 'Fn::Sub': out };
}

/** A policy document with its placeholders turned into CloudFormation intrinsics. */
export function templatePolicy(policy: unknown): Json {
  if (typeof policy === 'string') return substituteString(policy);
  if (Array.isArray(policy)) return policy.map(templatePolicy);
  if (policy && typeof policy === 'object') {
    return Object.fromEntries(Object.entries(policy as Record<string, unknown>).map(([k, v]) => [k, templatePolicy(v)]));
  }
  return policy as Json;
}

const ref = (name: string) => ({ Ref: name });
const sub = (text: string) => ({ 'Fn::Sub': text });

export function buildBaselineTemplate(policies: BaselinePolicies): Record<string, Json> {
  const n = BASELINE_NAMES;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'IDSentinel identity baseline (IAM Least Privilege seed scenario): programmatic-only reporter user, ' +
      'read-only reporters group, ExternalId-protected auditor role, CloudTrail bucket and multi-region trail. ' +
      `Generated from policies/*.json by scripts/build-baseline-template.mjs: do not edit by hand.`,
    Parameters: {
      ExternalId: {
        Type: 'String',
        NoEcho: true,
        MinLength: 8,
        MaxLength: 1224,
        AllowedPattern: '[\\w+=,.@:/-]+',
        Description: `The sts:ExternalId the auditor role's trust policy requires; at least 8 characters, not echoed. The walkthrough and README use the lab's value.`,
        ConstraintDescription: 'an ExternalId of 8 to 1224 characters from A-Z a-z 0-9 and +=,.@:/-',
      },
    },
    Resources: {
      ReportersGroup: {
        Type: 'AWS::IAM::Group',
        Properties: { GroupName: n.groupName },
      },
      ReadOnlyPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: n.readOnlyPolicyName,
          Description: `Explicit Allow of IAM reads, explicit Deny of every IAM write (${POLICY_FILES.readOnly}).`,
          Groups: [ref('ReportersGroup')],
          PolicyDocument: templatePolicy(policies.readOnly),
        },
      },
      ReporterUser: {
        Type: 'AWS::IAM::User',
        // Programmatic access only: no LoginProfile (no console password). Create its access key yourself.
        Properties: { UserName: n.userName, Groups: [ref('ReportersGroup')] },
      },
      AuditorRole: {
        Type: 'AWS::IAM::Role',
        // IAM rejects a trust policy naming a principal that does not exist yet.
        DependsOn: 'ReporterUser',
        Properties: {
          RoleName: n.roleName,
          Description: `Read-only auditor role; only ${n.userName} may assume it, with the ExternalId (${POLICY_FILES.trust}).`,
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: templatePolicy(policies.trust),
        },
      },
      AuditorPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: n.auditorPolicyName,
          Description: `Read-only audit access of the auditor role (${POLICY_FILES.auditorPermissions}).`,
          Roles: [ref('AuditorRole')],
          PolicyDocument: templatePolicy(policies.auditorPermissions),
        },
      },
      LogBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BucketName: sub(`${n.bucketName}-\${AWS::AccountId}`),
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          VersioningConfiguration: { Status: 'Enabled' },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        },
      },
      LogBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: ref('LogBucket'), PolicyDocument: templatePolicy(policies.bucketPolicy) },
      },
      AuditTrail: {
        Type: 'AWS::CloudTrail::Trail',
        // CloudTrail checks at creation that the bucket policy lets it write.
        DependsOn: 'LogBucketPolicy',
        Properties: {
          TrailName: n.trailName,
          S3BucketName: ref('LogBucket'),
          IsLogging: true,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
          EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
        },
      },
    },
    Outputs: {
      ReporterUserArn: {
        Description: 'The programmatic-only user that may assume the auditor role',
        Value: { 'Fn::GetAtt': ['ReporterUser', 'Arn'] },
      },
      ReportersGroupName: { Value: ref('ReportersGroup') },
      AuditorRoleArn: {
        Description: 'iamlp assume / iamlp verify --principal take this ARN',
        Value: { 'Fn::GetAtt': ['AuditorRole', 'Arn'] },
      },
      LogBucketName: { Value: ref('LogBucket') },
      TrailArn: { Value: { 'Fn::GetAtt': ['AuditTrail', 'Arn'] } },
    },
  };
}

/** The exact text of policies/idsentinel-baseline.template.json. */
export function renderBaselineTemplate(policies: BaselinePolicies): string {
  return JSON.stringify(buildBaselineTemplate(policies), null, 2) + '\n';
}

/** The exact text of policies/idsentinel-baseline.template.yaml: the same template, in YAML. */
export function renderBaselineYamlTemplate(policies: BaselinePolicies): string {
  return renderYamlTemplate(buildBaselineTemplate(policies));
}

/** The policy files of `dir` (policies/), parsed. */
export function readBaselinePolicies(dir: string): BaselinePolicies {
  const entries = (Object.keys(POLICY_FILES) as PolicyFileKey[]).map((key) => [
    key,
    JSON.parse(readFileSync(join(dir, POLICY_FILES[key]), 'utf8')) as unknown,
  ]);
  return Object.fromEntries(entries) as BaselinePolicies;
}
