import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { BASELINE_NAMES, TEMPLATE_FILE, TERRAFORM_FILE, YAML_TEMPLATE_FILE } from '../../../server/src/scenario/baseline';
import {
  buildBaselineTemplate,
  readBaselinePolicies,
  renderBaselineTemplate,
  renderBaselineTerraform,
  renderBaselineYamlTemplate,
  templatePolicy,
} from '../../../server/src/scenario/template';
import { POLICIES_DIR } from '../../support/scenarioPaths';

type Resource = { Type: string; DependsOn?: string | string[]; Properties: Record<string, unknown> };

describe('scenario CloudFormation baseline', () => {
  const policies = readBaselinePolicies(POLICIES_DIR);
  const committed = readFileSync(join(POLICIES_DIR, TEMPLATE_FILE), 'utf8');
  const template = buildBaselineTemplate(policies) as unknown as {
    Parameters: Record<string, Record<string, unknown>>;
    Resources: Record<string, Resource>;
  };
  const resources = Object.values(template.Resources);
  const byType = (type: string) => resources.filter((r) => r.Type === type);

  it(`the committed policies/${TEMPLATE_FILE} is generated from the policy files (not stale)`, () => {
    assert.ok(
      committed === renderBaselineTemplate(policies),
      `policies/${TEMPLATE_FILE} is stale: run node scripts/build-baseline-template.mjs and commit the result`,
    );
  });

  it(`the committed policies/${YAML_TEMPLATE_FILE} is the same template in YAML (not stale)`, () => {
    const yamlText = readFileSync(join(POLICIES_DIR, YAML_TEMPLATE_FILE), 'utf8');
    assert.ok(
      yamlText === renderBaselineYamlTemplate(policies),
      `policies/${YAML_TEMPLATE_FILE} is stale: run node scripts/build-baseline-template.mjs and commit the result`,
    );
    // Read back with CloudFormation's short tags, it is the JSON template's object.
    const shortTags = [
      { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
      { tag: '!Sub', resolve: (v: string) => ({ 'Fn::Sub': v }) },
      { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
    ];
    assert.deepEqual(parseYaml(yamlText, { customTags: shortTags }), JSON.parse(committed));
  });

  it('both templates are checked as templates, every policy in them found and clean under every rule', () => {
    for (const file of [TEMPLATE_FILE, YAML_TEMPLATE_FILE]) {
      const analysis = analyzeFile(readFileSync(join(POLICIES_DIR, file), 'utf8'), file);
      assert.notEqual(analysis.format, 'policy', file);
      assert.deepEqual(
        analysis.policies.map((p) => [p.locator, p.kind]),
        [
          ['Resources.ReadOnlyPolicy.Properties.PolicyDocument', 'identity'],
          ['Resources.AuditorRole.Properties.AssumeRolePolicyDocument', 'trust'],
          ['Resources.AuditorPolicy.Properties.PolicyDocument', 'identity'],
          ['Resources.LogBucketPolicy.Properties.PolicyDocument', 'resource'],
        ],
        file,
      );
      assert.deepEqual(analysis.findings, [], file);
    }
  });

  it(`the committed policies/${TERRAFORM_FILE} is the same baseline in Terraform (not stale), checked as Terraform and clean`, async () => {
    const tf = readFileSync(join(POLICIES_DIR, TERRAFORM_FILE), 'utf8');
    assert.ok(
      tf === renderBaselineTerraform(policies),
      `policies/${TERRAFORM_FILE} is stale: run node scripts/build-baseline-template.mjs and commit the result`,
    );
    assert.ok(!tf.includes(BASELINE_NAMES.labExternalId) && !tf.includes('111122223333') && !tf.includes('"arn:aws:'));
    await loadTerraformParser();
    const analysis = analyzeFile(tf, TERRAFORM_FILE);
    assert.equal(analysis.format, 'terraform');
    assert.deepEqual(
      analysis.policies.map((p) => [p.locator, p.kind]),
      [
        ['aws_iam_policy.read_only.policy', 'identity'],
        ['aws_iam_role.auditor.assume_role_policy', 'trust'],
        ['aws_iam_policy.auditor.policy', 'identity'],
        ['aws_s3_bucket_policy.logs.policy', 'resource'],
      ],
    );
    assert.deepEqual(analysis.findings, []);
    // The ExternalId is the sensitive variable, which the trust policy's condition requires.
    assert.match(tf, /"sts:ExternalId" = var\.external_id/);
  });

  it('keeps no placeholder account, lab ExternalId or hard-coded partition', () => {
    assert.ok(!committed.includes('111122223333'));
    assert.ok(!committed.includes(BASELINE_NAMES.labExternalId));
    assert.ok(!committed.includes('"arn:aws:'));
    assert.match(committed, /\$\{AWS::AccountId\}/);
  });

  it('takes the ExternalId as a NoEcho parameter and the trust policy requires it', () => {
    assert.equal(template.Parameters.ExternalId.NoEcho, true);
    assert.equal(template.Parameters.ExternalId.Default, undefined);
    const role = byType('AWS::IAM::Role')[0];
    const trust = role.Properties.AssumeRolePolicyDocument as { Statement: Array<{ Principal: unknown; Condition: unknown }> };
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } });
    assert.deepEqual(trust.Statement[0].Principal, {
      AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/svc-idsentinel-reporter' },
    });
    assert.equal(role.Properties.RoleName, BASELINE_NAMES.roleName);
    assert.equal(role.DependsOn, 'ReporterUser');
  });

  it('creates a programmatic-only user (no login profile, no access key in the template) in the reporters group', () => {
    const [user] = byType('AWS::IAM::User');
    assert.equal(user.Properties.UserName, BASELINE_NAMES.userName);
    assert.equal(user.Properties.LoginProfile, undefined);
    assert.deepEqual(user.Properties.Groups, [{ Ref: 'ReportersGroup' }]);
    assert.equal(byType('AWS::IAM::AccessKey').length, 0);
    assert.equal(template.Resources.ReportersGroup.Properties.GroupName, BASELINE_NAMES.groupName);
  });

  it('attaches the ReadOnly policy to the group and the auditor permissions to the role, from the files', () => {
    assert.deepEqual(template.Resources.ReadOnlyPolicy.Properties.PolicyDocument, templatePolicy(policies.readOnly));
    assert.deepEqual(template.Resources.ReadOnlyPolicy.Properties.Groups, [{ Ref: 'ReportersGroup' }]);
    assert.deepEqual(template.Resources.AuditorPolicy.Properties.PolicyDocument, templatePolicy(policies.auditorPermissions));
    assert.deepEqual(template.Resources.AuditorPolicy.Properties.Roles, [{ Ref: 'AuditorRole' }]);
  });

  it('creates the bucket with its policy and a multi-region trail logging Read and Write management events', () => {
    assert.equal(byType('AWS::S3::Bucket').length, 1);
    assert.deepEqual(template.Resources.LogBucketPolicy.Properties.Bucket, { Ref: 'LogBucket' });
    assert.ok(JSON.stringify(template.Resources.LogBucketPolicy.Properties.PolicyDocument).includes('cloudtrail.amazonaws.com'));
    const trail = template.Resources.AuditTrail;
    assert.equal(trail.Type, 'AWS::CloudTrail::Trail');
    assert.equal(trail.Properties.TrailName, BASELINE_NAMES.trailName);
    assert.equal(trail.Properties.IsMultiRegionTrail, true);
    assert.equal(trail.Properties.IsLogging, true);
    assert.deepEqual(trail.Properties.EventSelectors, [{ ReadWriteType: 'All', IncludeManagementEvents: true }]);
    assert.equal(trail.DependsOn, 'LogBucketPolicy');
  });

  it('turns placeholders into intrinsics and escapes policy variables', () => {
    assert.deepEqual(templatePolicy('arn:aws:iam::111122223333:user/${aws:username}'), {
      'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${!aws:username}',
    });
    assert.deepEqual(templatePolicy('arn:aws:cloudtrail:us-east-1:111122223333:trail/T'), {
      'Fn::Sub': 'arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/T',
    });
    assert.equal(templatePolicy('${aws:username}'), '${aws:username}');
    assert.equal(templatePolicy('s3:PutObject'), 's3:PutObject');
  });
});
