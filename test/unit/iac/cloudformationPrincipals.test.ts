import * as assert from 'node:assert/strict';
import { readCloudFormation } from '../../../server/src/iac/cloudformation/template';
import { MAX_POLICIES_PER_PRINCIPAL, analyzeFile } from '../../../server/src/linter/analyzeFile';

const role = [
  'Resources:',
  '  AppRole:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      RoleName: app',
  "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}",
  '      ManagedPolicyArns: [!Ref LaunchPolicy]',
  '      Policies:',
  '        - PolicyName: pass',
  "          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:PassRole, Resource: '*'}]}",
  '  LaunchPolicy:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  "      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: ec2:RunInstances, Resource: '*'}]}",
];

const guard = (action: string, attach: string) => [
  '  Guard:',
  '    Type: AWS::IAM::Policy',
  '    Properties:',
  '      PolicyName: guard',
  `      ${attach}`,
  `      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: '${action}', Resource: '*'}]}`,
];

const findings = (lines: string[]) =>
  analyzeFile(lines.join('\n') + '\n', 'stack.yaml').findings.map((f) => `${f.rule}@${f.range.start.line + 1}`);

describe('CloudFormation: the policies of one principal are judged together', () => {
  it('finds what each identity policy is attached to: inline, ManagedPolicyArns, Roles by !Ref and by name', () => {
    const analysis = analyzeFile([...role, ...guard('s3:DeleteBucket', 'Roles: [app]')].join('\n'), 'stack.yaml');
    assert.deepEqual(
      analysis.policies.map((p) => [p.locator, p.host?.attachedTo]),
      [
        ['Resources.AppRole.Properties.AssumeRolePolicyDocument', undefined],
        ['Resources.AppRole.Properties.Policies[0].PolicyDocument', ['AppRole']],
        ['Resources.LaunchPolicy.Properties.PolicyDocument', ['AppRole']],
        ['Resources.Guard.Properties.PolicyDocument', ['AppRole']],
      ],
    );
  });

  it('reports an escalation path split across two policies of the role on both, naming the other', () => {
    const text = [...role, ...guard('s3:DeleteBucket', 'Roles: [!Ref AppRole]')].join('\n');
    const analysis = analyzeFile(text, 'stack.yaml');
    const escalations = analysis.findings.filter((f) => f.rule === 'privilege-escalation');
    assert.deepEqual(
      escalations.map((f) => f.range.start.line + 1),
      [10, 14],
    );
    assert.match(escalations[0].message, /Resources\.LaunchPolicy\.Properties\.PolicyDocument/);
    assert.match(escalations[1].message, /Resources\.AppRole\.Properties\.Policies\[0\]\.PolicyDocument/);
  });

  it('an unconditional Deny in another policy of the same role removes the path and the IAM-write grant', () => {
    const lines = findings([...role, ...guard('iam:*', 'Roles: [!Ref AppRole]')]);
    assert.ok(!lines.some((l) => l.startsWith('privilege-escalation') || l.startsWith('missing-iam-write-deny')), lines.join());
    const analysis = analyzeFile([...role, ...guard('iam:*', 'Roles: [!Ref AppRole]')].join('\n'), 'stack.yaml');
    const write = analysis.findings.find((f) => f.rule === 'allow-iam-write');
    assert.equal(write?.severity, 'info');
    assert.match(write?.message ?? '', /Deny of Resources\.Guard\.Properties\.PolicyDocument \(same principal\)/);
  });

  it('a Deny attached to another principal does not count, and a user holds its groups policies', () => {
    const other = [
      '  Other:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}",
    ];
    const lines = findings([...role, ...other, ...guard('iam:*', 'Roles: [!Ref Other]')]);
    assert.ok(lines.includes('privilege-escalation@10'), lines.join());

    const user = [
      'Resources:',
      '  Ops:',
      '    Type: AWS::IAM::Group',
      '    Properties:',
      "      Policies: [{PolicyName: run, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: ec2:RunInstances, Resource: '*'}]}}]",
      '  Dev:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      Groups: [!Ref Ops]',
      "      Policies: [{PolicyName: pass, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:PassRole, Resource: '*'}]}}]",
    ];
    const analysis = analyzeFile(user.join('\n'), 'users.yaml');
    assert.deepEqual(
      analysis.policies.map((p) => p.host?.attachedTo),
      [['Dev', 'Ops'], ['Dev']],
    );
    assert.deepEqual(
      analysis.findings.filter((f) => f.rule === 'privilege-escalation').map((f) => f.range.start.line + 1),
      [5, 10],
    );
  });

  it('a policy attached to two roles is judged for each: a Deny on one of them does not cover the other', () => {
    const trust = "{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}";
    const template = (allowed: string) =>
      [
        'Resources:',
        '  Guarded:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        `      AssumeRolePolicyDocument: ${trust}`,
        "      Policies: [{PolicyName: deny, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'iam:*', Resource: '*'}]}}]",
        '  Bare:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        `      AssumeRolePolicyDocument: ${trust}`,
        '  Shared:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      Roles: [!Ref Guarded, !Ref Bare]',
        `      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '${allowed}', Resource: '*'}]}`,
      ].join('\n');
    const shared = (allowed: string) =>
      analyzeFile(template(allowed), 'stack.yaml')
        .findings.filter((f) => f.policy === 'Resources.Shared.Properties.PolicyDocument')
        .map((f) => `${f.rule}:${f.severity}`);
    // Bare holds what Guarded's Deny takes back from Guarded alone.
    assert.deepEqual(shared('iam:CreateUser'), ['missing-iam-write-deny:warning', 'allow-iam-write:error']);
    assert.ok(shared('iam:CreatePolicyVersion').includes('privilege-escalation:error'));
  });

  it('a role with more policies than IAM attaches is reported, and its policies are judged one by one', () => {
    // The role's own inline policy and LaunchPolicy complete iam:PassRole + ec2:RunInstances together.
    const filler = (count: number) =>
      Array.from({ length: count }, (_, i) => [
        `  Read${i}:`,
        '    Type: AWS::IAM::Policy',
        '    Properties:',
        `      PolicyName: read${i}`,
        '      Roles: [!Ref AppRole]',
        `      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b${i}/*'}]}`,
      ]).flat();
    const atTheLimit = analyzeFile([...role, ...filler(MAX_POLICIES_PER_PRINCIPAL - 2)].join('\n'), 'stack.yaml');
    assert.deepEqual(
      atTheLimit.findings.filter((f) => f.rule === 'invalid-template'),
      [],
    );
    assert.equal(atTheLimit.findings.filter((f) => f.rule === 'privilege-escalation').length, 2);

    const past = analyzeFile([...role, ...filler(MAX_POLICIES_PER_PRINCIPAL - 1)].join('\n'), 'stack.yaml');
    const reported = past.findings.filter((f) => f.rule === 'invalid-template');
    assert.equal(reported.length, 1);
    assert.equal(reported[0].severity, 'error');
    assert.equal(reported[0].range.start.line + 1, 10, "on the role's first policy, its inline one");
    assert.equal(
      reported[0].message,
      `AppRole has 1,201 policies in this template (with its groups', for a user): more than IAM lets one principal have ` +
        '(20 managed policies on a user, group or role, 10 groups per user, 2,048 to 10,240 characters of inline policies), so ' +
        "IAM rejects it. Its policies are checked one by one, not together as one principal's: merge them into a few policies.",
    );
    assert.deepEqual(
      past.findings.filter((f) => f.rule === 'privilege-escalation'),
      [],
    );
  });

  describe("AWS managed policies the template attaches count among the principal's policies", () => {
    const passRole = (managed: string) => [
      'Resources:',
      '  App:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}",
      `      ManagedPolicyArns: ${managed}`,
      '      Policies:',
      '        - PolicyName: pass',
      "          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:PassRole, Resource: '*'}]}",
    ];

    it("reads them from ManagedPolicyArns (a string, !Sub, Fn::Join) and SAM Policies (names), a group's for its users", () => {
      const text = [
        ...passRole(
          "['arn:aws:iam::aws:policy/ReadOnlyAccess', !Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonEC2FullAccess', " +
            "!Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::aws:policy/service-role/AWSLambdaRole']], !Ref LocalPolicy, 'arn:aws:iam::111122223333:policy/own']",
        ),
        '  Admins:',
        '    Type: AWS::IAM::Group',
        '    Properties:',
        '      ManagedPolicyArns: [arn:aws:iam::aws:policy/IAMReadOnlyAccess]',
        '  Alice:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      Groups: [!Ref Admins]',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Policies: [AWSLambdaExecute, {S3ReadPolicy: {BucketName: b}}, arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]',
      ].join('\n');
      const parse = readCloudFormation(text, 'yaml');
      assert.deepEqual(Object.fromEntries(parse.awsManagedPolicies ?? []), {
        Admins: ['IAMReadOnlyAccess'],
        Alice: ['IAMReadOnlyAccess'],
        App: ['AmazonEC2FullAccess', 'ReadOnlyAccess', 'service-role/AWSLambdaRole'],
        Fn: ['AWSLambdaExecute', 'AmazonS3ReadOnlyAccess'],
      });
    });

    it("finds a path split between the role's own policy and an AWS managed one, naming it", () => {
      const escalations = (managed: string) =>
        analyzeFile(passRole(managed).join('\n') + '\n', 'stack.yaml').findings.filter((f) => f.rule === 'privilege-escalation');
      const split = escalations("[!Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonEC2FullAccess']");
      // Each side of the path says it: the role's own policy, and the attachment (on its ARN).
      assert.deepEqual(
        split.map((f) => f.policy),
        ['AWS managed policy AmazonEC2FullAccess on App', 'Resources.App.Properties.Policies[0].PolicyDocument'],
      );
      assert.match(split[1].message, /ec2:RunInstances from AWS managed policy AmazonEC2FullAccess \(principal "App"\)/);
      assert.match(split[0].message, /iam:PassRole from Resources\.App\.Properties\.Policies\[0\]\.PolicyDocument \(principal "App"\)/);
      assert.deepEqual(escalations('[arn:aws:iam::aws:policy/ReadOnlyAccess]'), [], 'a managed policy completing no path');
      assert.deepEqual(escalations('[arn:aws:iam::aws:policy/NoSuchManagedPolicy]'), [], 'a name AWS does not manage adds nothing');
      // AWSDenyAll denies everything, unconditionally: what the role's own policy allows is taken back.
      const denied = analyzeFile(passRole('[arn:aws:iam::aws:policy/AWSDenyAll]').join('\n') + '\n', 'stack.yaml').findings;
      assert.deepEqual(
        denied.filter((f) => f.rule === 'allow-iam-write').map((f) => f.severity),
        ['info'],
      );
    });
  });
});
