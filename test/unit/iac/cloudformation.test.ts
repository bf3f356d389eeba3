import * as assert from 'node:assert/strict';
import { applyFixEdits, snippetToPlain } from '../../../server/src/engine/edits';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { ruleLines, templateFindings } from '../../support/templateText';

const lines = (...l: string[]) => l.join('\n') + '\n';

/** A template with one resource whose properties are the given lines (indented under Properties). */
function stack(type: string, ...properties: string[]): string {
  return lines(
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Res:',
    `    Type: ${type}`,
    '    Properties:',
    ...properties.map((p) => `      ${p}`),
  );
}

const VERSION = "  Version: '2012-10-17'";

describe('CloudFormation and SAM templates', () => {
  it('reads the resource policies of DynamoDB tables and global tables (nested, in lists), Kinesis, inline topic and queue policies', () => {
    const document = (indent: string, principal: string, action: string) =>
      [
        `${indent}Version: '2012-10-17'`,
        `${indent}Statement:`,
        `${indent}  - Effect: Allow`,
        `${indent}    Principal: ${principal}`,
        `${indent}    Action: ${action}`,
        `${indent}    Resource: '*'`,
      ].join('\n');
    const text = lines(
      'Resources:',
      '  Table:',
      '    Type: AWS::DynamoDB::Table',
      '    Properties:',
      '      ResourcePolicy:',
      '        PolicyDocument:',
      document('          ', "'*'", 'dynamodb:GetItem'),
      '  Stream:',
      '    Type: AWS::Kinesis::ResourcePolicy',
      '    Properties:',
      '      ResourceArn: !GetAtt S.Arn',
      '      ResourcePolicy:',
      document('        ', '{AWS: "arn:aws:iam::444455556666:root"}', 'kinesis:PutRecord'),
      '  Topic:',
      '    Type: AWS::SNS::TopicInlinePolicy',
      '    Properties:',
      '      TopicArn: !Ref T',
      '      PolicyDocument:',
      document('        ', '{Service: s3.amazonaws.com}', 'sns:Publish'),
      '  Queue:',
      '    Type: AWS::SQS::QueueInlinePolicy',
      '    Properties:',
      '      Queue: !Ref Q',
      '      PolicyDocument:',
      document('        ', '{AWS: "arn:aws:iam::444455556666:role/producer"}', 'sqs:SendMessage'),
      '  Global:',
      '    Type: AWS::DynamoDB::GlobalTable',
      '    Properties:',
      '      Replicas:',
      '        - Region: us-east-1',
      '        - Region: eu-west-1',
      '          ResourcePolicy:',
      '            PolicyDocument:',
      document('              ', '{AWS: "arn:aws:iam::444455556666:role/reader"}', 'dynamodb:GetItem'),
      '          ReplicaStreamSpecification:',
      '            ResourcePolicy:',
      '              PolicyDocument:',
      document('                ', '{AWS: "arn:aws:iam::444455556666:role/reader"}', 'dynamodb:GetRecords'),
    );
    const analysis = analyzeFile(text, 'stack.yaml');
    assert.deepEqual(
      analysis.policies.map((p) => [p.locator, p.kind]),
      [
        ['Resources.Table.Properties.ResourcePolicy.PolicyDocument', 'resource'],
        ['Resources.Stream.Properties.ResourcePolicy', 'resource'],
        ['Resources.Topic.Properties.PolicyDocument', 'resource'],
        ['Resources.Queue.Properties.PolicyDocument', 'resource'],
        ['Resources.Global.Properties.Replicas[1].ResourcePolicy.PolicyDocument', 'resource'],
        ['Resources.Global.Properties.Replicas[1].ReplicaStreamSpecification.ResourcePolicy.PolicyDocument', 'resource'],
      ],
    );
    assert.deepEqual(ruleLines(text, 'stack.yaml'), ['resource-public-principal@10', 'confused-deputy@32']);
  });

  it('takes an intrinsic for an element that is there: never null, unlike a Terraform value', () => {
    const text = stack(
      'AWS::IAM::ManagedPolicy',
      'PolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      '      Action: !Ref Actions',
      '      NotAction: !Ref Excluded',
      "      Resource: '*'",
    );
    assert.deepEqual(ruleLines(text, 'stack.yaml'), ['conflicting-elements@11']);
  });

  it('finds every policy slot with its kind from the slot and its locator', () => {
    const text = lines(
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      Policies:',
      '        - PolicyName: read',
      '          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}',
      '  Bucket:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket: !Ref B',
      '      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: "arn:aws:s3:::b/*"}]}',
      '  Key:',
      '    Type: AWS::KMS::Key',
      '    Properties:',
      '      KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111122223333:root"}, Action: "kms:*", Resource: "*"}]}',
    );
    const analysis = analyzeFile(text, 'stack.yaml');
    assert.equal(analysis.format, 'cloudformation-yaml');
    assert.deepEqual(
      analysis.policies.map((p) => [p.locator, p.kind, p.host?.resource]),
      [
        ['Resources.Role.Properties.AssumeRolePolicyDocument', 'trust', 'Role'],
        ['Resources.Role.Properties.Policies[0].PolicyDocument', 'identity', 'Role'],
        ['Resources.Bucket.Properties.PolicyDocument', 'resource', 'Bucket'],
        ['Resources.Key.Properties.KeyPolicy', 'resource', 'Key'],
      ],
    );
    assert.deepEqual(ruleLines(text, 'stack.yaml'), [
      'missing-version@5',
      'missing-version@8',
      'missing-version@13',
      'resource-public-principal@13',
      'missing-version@17',
    ]);
  });

  it('reports on the exact token: an action in a YAML block list, long and short forms alike', () => {
    const text = stack(
      'AWS::IAM::ManagedPolicy',
      'PolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      '      Action:',
      '        - s3:GetObject',
      '        - "iam:PutRolePolicy"',
      "      Resource: '*'",
    );
    const [finding] = templateFindings(text, 't.yaml').filter((f) => f.rule === 'allow-iam-write');
    assert.equal(finding.text, '"iam:PutRolePolicy"');
    assert.equal(finding.line, 12);
    assert.equal(finding.policy, 'Resources.Res.Properties.PolicyDocument');
  });

  it('never reports a value known only at deploy time, short tags or long forms, but judges its known parts', () => {
    const text = stack(
      'AWS::IAM::ManagedPolicy',
      'PolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      '      Action: [!Ref ActionParam, !Sub "${Service}:GetObject", s3:ListBucket]',
      '      Resource:',
      '        - !GetAtt Bucket.Arn',
      '        - !Sub arn:${AWS::Partition}:s3:::${Bucket}/*',
      '        - Fn::Join: ["", ["arn:aws:s3:::", !Ref Bucket]]',
      '        - Fn::ImportValue: shared-bucket-arn',
      '        - !Select [0, !Ref Arns]',
      '    - Effect: Allow',
      '      Action: iam:CreateUser',
      '      Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*',
    );
    assert.deepEqual(ruleLines(text, 't.yaml'), ['missing-iam-write-deny@8', 'allow-iam-write@18']);
  });

  it('reads !Sub [template, {vars}] with literal variables as known text', () => {
    const trust = (principal: string) =>
      stack(
        'AWS::IAM::Role',
        'AssumeRolePolicyDocument:',
        VERSION,
        '  Statement:',
        '    - Effect: Allow',
        `      Principal: {AWS: ${principal}}`,
        '      Action: sts:AssumeRole',
      );
    const known = trust("!Sub ['arn:aws:iam::${Acct}:root', {Acct: '12345'}]");
    // The known account id is malformed: the literal variable made it known text.
    assert.ok(ruleLines(known, 't.yaml').includes('malformed-arn@10'), ruleLines(known, 't.yaml').join());
    const unknown = trust("!Sub ['arn:aws:iam::${Acct}:root', {Acct: !Ref TrustedAccount}]");
    assert.deepEqual(ruleLines(unknown, 't.yaml'), ['trust-missing-external-id@10']);
  });

  it('counts an sts:ExternalId bound to a parameter as required', () => {
    const text = stack(
      'AWS::IAM::Role',
      'AssumeRolePolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      "      Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${VendorAccount}:root'}",
      '      Action: sts:AssumeRole',
      '      Condition: {StringEquals: {sts:ExternalId: !Ref ExternalId}}',
    );
    assert.deepEqual(ruleLines(text, 't.yaml'), []);
  });

  it('judges each branch of Fn::If: a whole statement, and a condition that is AWS::NoValue on one branch', () => {
    const statementIf = stack(
      'AWS::IAM::ManagedPolicy',
      'PolicyDocument:',
      VERSION,
      '  Statement:',
      '    - !If',
      '      - IsProd',
      '      - {Effect: Allow, Action: iam:CreateUser, Resource: "*"}',
      '      - !Ref AWS::NoValue',
      '    - {Effect: Deny, Action: s3:DeleteBucket, Resource: "*"}',
    );
    assert.deepEqual(ruleLines(statementIf, 't.yaml'), ['missing-iam-write-deny@8', 'allow-iam-write@11']);
    const conditionIf = stack(
      'AWS::IAM::Role',
      'AssumeRolePolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      "      Principal: {AWS: 'arn:aws:iam::111122223333:root'}",
      '      Action: sts:AssumeRole',
      '      Condition:',
      '        Fn::If: [RequireId, {StringEquals: {sts:ExternalId: !Ref ExternalId}}, !Ref AWS::NoValue]',
    );
    assert.deepEqual(ruleLines(conditionIf, 't.yaml'), ['trust-missing-external-id@10', 'trust-broad-principal@10']);
  });

  it('reads SAM Policies: documents and bare statements are judged, policy templates and managed names are not errors', () => {
    const text = lines(
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Policies:',
      '        - AWSLambdaBasicExecutionRole',
      '        - S3ReadPolicy: {BucketName: !Ref Bucket}',
      '        - Statement: [{Effect: Allow, Action: iam:PassRole, Resource: "*"}]',
      '        - {Effect: Allow, Action: iam:AttachRolePolicy, Resource: "*"}',
    );
    const analysis = analyzeFile(text, 'template.yaml');
    assert.deepEqual(
      analysis.policies.map((p) => p.locator),
      ['Resources.Fn.Properties.Policies[2]', 'Resources.Fn.Properties.Policies[3]'],
    );
    assert.deepEqual(
      templateFindings(text, 'template.yaml')
        .filter((f) => f.rule === 'allow-iam-write')
        .map((f) => `${f.line}:${f.text}`),
      ['10:iam:PassRole', '11:iam:AttachRolePolicy'],
    );
  });

  it('names the CDK construct of a synthesized template in messages, and maps a policy written as a JSON string through its escapes', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] });
    const text = JSON.stringify(
      {
        Resources: {
          WriterPolicy1A2B: {
            Type: 'AWS::IAM::Policy',
            Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }] } },
            Metadata: { 'aws:cdk:path': 'AuditStack/Writer/Resource' },
          },
          Logs: { Type: 'AWS::Logs::ResourcePolicy', Properties: { PolicyName: 'p', PolicyDocument: policy } },
        },
      },
      null,
      2,
    );
    const findings = templateFindings(text, 'cdk.out/AuditStack.template.json');
    const write = findings.find((f) => f.rule === 'allow-iam-write' && f.text === '"iam:CreateUser"');
    assert.ok(write);
    assert.match(write.message, /\(construct AuditStack\/Writer\/Resource\)$/);
    // In a JSON template a policy written as a JSON string is mapped through its escapes: exact tokens.
    const inString = findings.filter((f) => f.policy === 'Resources.Logs.Properties.PolicyDocument');
    const escaped = JSON.stringify(policy);
    const at = text.indexOf(escaped);
    assert.deepEqual(
      inString.map((f) => [f.rule, f.text, f.offset - at]),
      [
        ['missing-version', '{', 1],
        ['missing-principal', '{', escaped.indexOf('[{') + 1],
      ],
    );
  });

  it('gives nothing, and costs no parse, for YAML that is no template', () => {
    const workflow = lines('name: ci', 'on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - run: npm test');
    const analysis = analyzeFile(workflow, '.github/workflows/ci.yml');
    assert.equal(analysis.format, 'policy');
    assert.deepEqual(analysis.policies, []);
    const k8s = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data: {Statement: "iam:*"}');
    assert.deepEqual(analyzeFile(k8s, 'k8s/config.yaml').findings, []);
  });

  it('quick fixes write YAML: the IAM-write Deny as a block statement, the ExternalId condition, did-you-mean', () => {
    const text = stack(
      'AWS::IAM::ManagedPolicy',
      'PolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      '      Action:',
      '        - iam:Get*',
      '        - iam:ListRolles',
      "      Resource: '*'",
    );
    const apply = (source: string, title: RegExp) => {
      const action = codeActionsAt(source, 0, source.length, {}, undefined, 'stack.yaml').find((a) => title.test(a.title));
      assert.ok(action, `no action ${title}`);
      return applyFixEdits(source, action.snippet ? action.edits.map((e) => ({ ...e, newText: snippetToPlain(e.newText) })) : action.edits);
    };
    const denied = apply(text, /^Add a "DenyIamWrite" statement/);
    assert.match(denied, /\n {10}- Sid: DenyIamWrite\n {12}Effect: Deny\n {12}Action:\n {14}- iam:AcceptDelegationRequest\n/);
    const renamed = apply(denied, /^Replace with "iam:ListRoles"/);
    assert.deepEqual(ruleLines(renamed, 'stack.yaml'), []);

    const trust = stack(
      'AWS::IAM::Role',
      'AssumeRolePolicyDocument:',
      VERSION,
      '  Statement:',
      '    - Effect: Allow',
      "      Principal: {AWS: 'arn:aws:iam::111122223333:root'}",
      '      Action: sts:AssumeRole',
    );
    const guarded = apply(trust, /^Require an sts:ExternalId/);
    assert.match(guarded, /\n {12}Condition: \{"StringEquals": \{"sts:ExternalId": "[^"]+"\}\}\n/);
    assert.ok(!ruleLines(guarded, 'stack.yaml').includes('trust-missing-external-id@10'));
  });

  it('quick fixes in a JSON template keep JSON', () => {
    const text = JSON.stringify(
      {
        Resources: {
          P: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] } },
          },
        },
      },
      null,
      2,
    );
    const action = codeActionsAt(text, 0, text.length, {}, undefined, 'stack.template.json').find((a) =>
      a.title.startsWith('Add a "DenyIamWrite"'),
    );
    assert.ok(action);
    const fixed = applyFixEdits(text, action.edits);
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.deepEqual(ruleLines(fixed, 'stack.template.json'), []);
  });
});
