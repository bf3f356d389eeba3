import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import type { Finding } from '../../../server/src/engine/rule';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { roleAttaching, samFunction } from '../../support/templateText';

const roleTemplate = (arns: string[], inline: string[] = []) => roleAttaching(arns, 'codebuild.amazonaws.com', inline);

const onAttachments = (findings: Finding[]) => findings.filter((f) => f.policy?.startsWith('AWS managed policy '));

describe('AWS managed policies a template attaches are judged where they are attached', () => {
  before(() => loadTerraformParser());

  it('AdministratorAccess on a role: IAM writes and privilege escalation, on the ARN, naming policy and role', () => {
    const arn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const text = roleTemplate([arn]);
    const analysis = analyzeFile(text, 'stack.yaml');
    const found = onAttachments(analysis.findings);
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity, f.offset, f.length, f.policy]),
      [
        ['allow-iam-write', 'error', text.indexOf(arn), arn.length, 'AWS managed policy AdministratorAccess on FunctionRole'],
        ['privilege-escalation', 'error', text.indexOf(arn), arn.length, 'AWS managed policy AdministratorAccess on FunctionRole'],
      ],
    );
    assert.match(
      found[0].message,
      /^AWS managed policy AdministratorAccess, attached to FunctionRole: Allows 113 IAM write actions through "\*"/,
    );
    assert.deepEqual(found[0].range.start, { line: 6, character: 10 });
    // Only the rules that say what a policy grants: not the Deny AWS's text lacks, nor its size.
    assert.deepEqual(
      analysis.awsManaged?.map((a) => [a.locator, a.path, a.principals]),
      [['AWS managed policy AdministratorAccess on FunctionRole', 'AdministratorAccess', ['FunctionRole']]],
    );
  });

  it('a policy granting nothing risky is judged and clean; a name AWS does not manage is not judged', () => {
    const analysis = analyzeFile(
      roleTemplate(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/NoSuchManagedPolicy']),
      'stack.yaml',
    );
    assert.deepEqual(
      analysis.awsManaged?.map((a) => [a.path, a.findings.length]),
      [['ReadOnlyAccess', 0]],
    );
    // The unknown name is unknown-aws-managed-policy's to report, and nothing else is said.
    assert.deepEqual(
      analysis.findings.map((f) => f.rule),
      ['unknown-aws-managed-policy'],
    );
  });

  it("the principal's other policies count: an unconditional Deny of IAM writes makes the grant info", () => {
    const deny = "{Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'iam:*', Resource: '*'}]}";
    const found = onAttachments(analyzeFile(roleTemplate(['arn:aws:iam::aws:policy/IAMFullAccess'], [deny]), 'stack.yaml').findings);
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity]),
      [['allow-iam-write', 'info']],
    );
    assert.match(
      found[0].message,
      /the unconditional Deny of Resources\.FunctionRole\.Properties\.Policies\[0\]\.PolicyDocument \(same principal\)/i,
    );
  });

  it("AWS's own Condition on an IAM write makes it info there; the same statement written by the user stays an error", () => {
    // AmazonEKSClusterPolicy lets EKS create its service-linked role, under an iam:AWSServiceName condition.
    const attached = onAttachments(analyzeFile(roleTemplate(['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']), 'stack.yaml').findings);
    assert.deepEqual(
      attached.map((f) => [f.rule, f.severity, f.actions]),
      [['allow-iam-write', 'info', ['iam:CreateServiceLinkedRole']]],
    );
    assert.match(
      attached[0].message,
      /The grant is conditional, as AWS wrote it: privilege-escalation says what such a grant can lead to\.$/,
    );
    const written =
      "{Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:CreateServiceLinkedRole, Resource: '*', " +
      'Condition: {StringLike: {iam:AWSServiceName: eks.amazonaws.com}}}]}';
    const own = analyzeFile(roleTemplate([], [written]), 'stack.yaml').findings.filter((f) => f.rule === 'allow-iam-write');
    assert.deepEqual(
      own.map((f) => f.severity),
      ['error'],
    );
  });

  it("a group's attachment is judged for the group and its users; SAM names a policy by its bare name", () => {
    const group = [
      '  Admins:',
      '    Type: AWS::IAM::Group',
      '    Properties:',
      '      ManagedPolicyArns: [arn:aws:iam::aws:policy/IAMFullAccess]',
      '  Alice:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Admins]',
    ];
    const text = samFunction('[AdministratorAccess]').replace('Resources:\n', `Resources:\n${group.join('\n')}\n`);
    const analysis = analyzeFile(text, 'template.yaml');
    assert.deepEqual(
      analysis.awsManaged?.map((a) => [a.locator, a.offset]),
      [
        ['AWS managed policy IAMFullAccess on Admins', text.indexOf('arn:aws:iam::aws:policy/IAMFullAccess')],
        ['AWS managed policy AdministratorAccess on Fn', text.indexOf('AdministratorAccess]')],
      ],
    );
    assert.deepEqual(
      onAttachments(analysis.findings).map((f) => [f.policy, f.rule, f.severity]),
      [
        ['AWS managed policy IAMFullAccess on Admins', 'allow-iam-write', 'error'],
        ['AWS managed policy IAMFullAccess on Admins', 'privilege-escalation', 'error'],
        ['AWS managed policy AdministratorAccess on Fn', 'allow-iam-write', 'error'],
        ['AWS managed policy AdministratorAccess on Fn', 'privilege-escalation', 'error'],
      ],
    );
  });

  it('Terraform: one aws_iam_policy_attachment of two roles is one place, its findings said once', () => {
    const role = (name: string) => `
resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;
    const text = `${role('a')}${role('b')}
resource "aws_iam_policy_attachment" "admins" {
  name       = "admins"
  roles      = [aws_iam_role.a.name, aws_iam_role.b.name]
  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}
`;
    const found = onAttachments(analyzeFile(text, 'main.tf').findings);
    assert.deepEqual(
      found.map((f) => [f.rule, f.policy]),
      [
        ['allow-iam-write', 'AWS managed policy AdministratorAccess on aws_iam_role.a and aws_iam_role.b'],
        ['privilege-escalation', 'AWS managed policy AdministratorAccess on aws_iam_role.a and aws_iam_role.b'],
      ],
    );
    assert.equal(found[0].offset, text.indexOf('arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess'));
  });

  it("the project's rule settings and suppressions apply to them as to the template's own policies", () => {
    const text = roleTemplate(['arn:aws:iam::aws:policy/AdministratorAccess']);
    const off = analyzeFile(text, 'stack.yaml', { rules: { 'allow-iam-write': 'off' } });
    assert.deepEqual(
      onAttachments(off.findings).map((f) => f.rule),
      ['privilege-escalation'],
    );
    const accepted = analyzeFile(text, 'stack.yaml', {
      suppressions: [
        { rules: ['privilege-escalation', 'allow-iam-write'], reason: 'deployment role, reviewed in SEC-9', source: '.iamlp.json' },
      ],
    });
    assert.deepEqual(onAttachments(accepted.findings), []);
    assert.deepEqual(accepted.awsManaged?.[0].suppressed.map((s) => s.finding.rule).sort(), ['allow-iam-write', 'privilege-escalation']);
  });

  it('a suppression naming one policy of the template (as iamlp check names it) accepts that policy only', () => {
    const admin = '{Version: 2012-10-17, Statement: [{Effect: Allow, Action: "iam:*", Resource: "*"}]}';
    const text = roleTemplate(['arn:aws:iam::aws:policy/AdministratorAccess'], [admin, admin]);
    const everything = analyzeFile(text, 'stack.yaml').findings.filter((f) => f.rule === 'allow-iam-write');
    const policies = everything.map((f) => f.policy);
    assert.deepEqual(policies, [
      'AWS managed policy AdministratorAccess on FunctionRole',
      'Resources.FunctionRole.Properties.Policies[0].PolicyDocument',
      'Resources.FunctionRole.Properties.Policies[1].PolicyDocument',
    ]);
    const accept = (policy: string) =>
      analyzeFile(text, 'stack.yaml', {
        suppressions: [{ rules: ['allow-iam-write'], policy, reason: 'break-glass role, SEC-9', source: '.iamlp.json suppressions[0]' }],
      });
    for (const policy of policies) {
      const accepted = accept(policy!);
      assert.deepEqual(
        accepted.findings.filter((f) => f.rule === 'allow-iam-write').map((f) => f.policy),
        policies.filter((p) => p !== policy),
        policy,
      );
      const where = [...accepted.policies, ...(accepted.awsManaged ?? [])].find((p) => p.locator === policy)!;
      assert.deepEqual(
        where.suppressed.map((s) => [s.finding.rule, s.reason]),
        [['allow-iam-write', 'break-glass role, SEC-9']],
      );
    }
    // A name no policy has, and any policy file, are left as they are.
    assert.equal(
      accept('Resources.OtherRole.Properties.Policies[0].PolicyDocument').findings.length,
      analyzeFile(text, 'stack.yaml').findings.length,
    );
    const file = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] });
    const plain = analyzeFile(file, 'admin.json', {
      suppressions: [{ rules: ['allow-iam-write'], policy: 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument', source: 'x' }],
    });
    assert.ok(plain.findings.some((f) => f.rule === 'allow-iam-write'));
    // Nor a document the engine reads on its own (iamlp check's verdict on a file too large to read).
    const tooLarge = analyzePolicy('', {
      sizeBytes: 50 * 1024 * 1024,
      suppressions: [{ rules: [], policy: 'Resources.FunctionRole.Properties.Policies[0].PolicyDocument', source: 'x' }],
    });
    assert.deepEqual(
      tooLarge.findings.map((f) => f.rule),
      ['file-too-large'],
    );
  });
});
