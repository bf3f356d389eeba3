import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const trust = (statement: Record<string, unknown>) =>
  policy([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', ...statement }]);
const externalId = (operator: string, value: unknown) => ({ Condition: { [operator]: { 'sts:ExternalId': value } } });
/** A CloudFormation role whose one trust statement allows sts:AssumeRole; `lines` (YAML) complete the statement. */
const trustTemplate = (lines: string[]) =>
  [
    'Resources:',
    '  R:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Action: sts:AssumeRole',
    ...lines.map((line) => `            ${line}`),
  ].join('\n');

describe('rule trust-missing-external-id', () => {
  const RULE = 'trust-missing-external-id';

  it('fires on an AWS principal allowed sts:AssumeRole without an ExternalId condition', () => {
    const text = trust({});
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.match(textAt(text, finding), /svc-idsentinel-reporter/);
    assert.match(finding.message, /ExternalId/);
  });

  it('fires when sts:AssumeRole is reached by wildcard, and when other conditions exist', () => {
    assert.equal(findingsOf(RULE, trust({ Action: 'sts:Assume*' })).length, 1);
    assert.equal(findingsOf(RULE, trust({ Action: ['sts:*'] })).length, 1);
    assert.equal(findingsOf(RULE, trust({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })).length, 1);
    assert.equal(findingsOf(RULE, policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }])).length, 1);
  });

  it('is satisfied by a condition on the key in any case', () => {
    assert.deepEqual(findingsOf(RULE, trust(externalId('StringEquals', 'IDSentinel-Lab-2026'))), []);
    assert.deepEqual(findingsOf(RULE, trust({ Condition: { StringEquals: { 'STS:EXTERNALID': 'IDSentinel-Lab-2026' } } })), []);
  });

  it('stays silent on Service and Federated principals, Deny statements and other actions', () => {
    const service = policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.deepEqual(findingsOf(RULE, service), []);
    const oidc = policy([
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      },
    ]);
    assert.deepEqual(findingsOf(RULE, oidc), []);
    assert.deepEqual(findingsOf(RULE, trust({ Effect: 'Deny' })), []);
    assert.deepEqual(findingsOf(RULE, trust({ Action: 'sts:TagSession' })), []);
  });
});

describe('rule trust-missing-external-id: who "*" is', () => {
  const RULE = 'trust-missing-external-id';
  const star = (condition?: Record<string, unknown>) => {
    const findings = findingsOf(
      RULE,
      policy([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: condition }]),
    );
    assert.equal(findings.length, 1, JSON.stringify(condition));
    return findings[0].message;
  };

  it('"*" alone is every AWS principal', () => {
    assert.match(star(), /^Every AWS principal \("\*"\) can assume this role without an ExternalId\./);
  });

  it('"*" narrowed to known callers is named by the keys and values that narrow it', () => {
    const role = 'arn:aws:iam::111122223333:role/ScannerInstanceRole';
    assert.equal(
      star({ ArnLike: { 'aws:PrincipalArn': role }, StringEquals: { 'aws:PrincipalTag/Scanner': 'true' } }).split('. ')[0],
      `The principals its Condition lets in ("*" with aws:PrincipalArn "${role}") can assume this role without an ExternalId`,
    );
    assert.match(
      star({ StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:PrincipalOrgID': ['o-a1', 'o-b2', 'o-c3', 'o-d4'] } }),
      /^The principals its Condition lets in \("\*" with aws:PrincipalAccount "111122223333" and aws:PrincipalOrgID "o-a1", "o-b2" and 2 more\) can assume/,
    );
  });

  it('a test that lets any caller through narrows nothing: the message says every AWS principal', () => {
    for (const condition of [
      { StringLike: { 'aws:PrincipalArn': '*' } },
      { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } },
      { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } },
      { StringEquals: { 'aws:PrincipalTag/Team': 'ops' } },
    ]) {
      assert.match(star(condition), /^Every AWS principal \("\*"\) can assume/, JSON.stringify(condition));
    }
  });

  it('a named principal is named, whatever narrows it', () => {
    const text = trust({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } });
    assert.match(findingsOf(RULE, text)[0].message, /^arn:aws:iam::111122223333:user\/svc-idsentinel-reporter can assume/);
  });

  it('a value known only at deploy time reads as the template writes it', () => {
    const template = trustTemplate(["Principal: { AWS: '*' }", 'Condition:', '  ArnEquals:', '    aws:PrincipalArn: !Ref ScannerRoleArn']);
    const messages = analyzeFile(template, 'stack.yaml', {})
      .findings.filter((f) => f.rule === RULE)
      .map((f) => f.message);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(
      messages[0],
      /^The principals its Condition lets in \("\*" with aws:PrincipalArn !Ref ScannerRoleArn \(known at deploy time\)\) can assume/,
    );
  });
});

describe('rule trust-missing-external-id: ExternalId enforced by a Deny for every other value', () => {
  const allow = { Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' };
  const guard = (operator: string, value: string, principal: unknown = '*') => ({
    Effect: 'Deny',
    Principal: principal,
    Action: 'sts:AssumeRole',
    Condition: { [operator]: { 'sts:ExternalId': value } },
  });

  it('a sound guard satisfies trust-missing-external-id and trust-weak-external-id', () => {
    const text = policy([allow, guard('StringNotEquals', 'IDSentinel-Lab-2026')]);
    assert.deepEqual(findingsOf('trust-missing-external-id', text), []);
    assert.deepEqual(findingsOf('trust-weak-external-id', text), []);
    const named = policy([allow, guard('StringNotEquals', 'IDSentinel-Lab-2026', { AWS: USER })]);
    assert.deepEqual(findingsOf('trust-missing-external-id', named), []);
  });

  it('a guard that does not cover the principal, uses IfExists or has other conditions does not count', () => {
    assert.equal(
      findingsOf(
        'trust-missing-external-id',
        policy([allow, guard('StringNotEquals', 'IDSentinel-Lab-2026', { AWS: 'arn:aws:iam::111122223333:user/other' })]),
      ).length,
      1,
    );
    assert.equal(
      findingsOf('trust-missing-external-id', policy([allow, guard('StringNotEqualsIfExists', 'IDSentinel-Lab-2026')])).length,
      1,
    );
    const narrowed = {
      ...guard('StringNotEquals', 'IDSentinel-Lab-2026'),
      Condition: { StringNotEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    };
    assert.equal(findingsOf('trust-missing-external-id', policy([allow, narrowed])).length, 1);
  });
});

describe('rule trust-missing-external-id: this account or another one', () => {
  const RULE = 'trust-missing-external-id';
  const OWN = '111122223333';
  const messageFor = (principal: unknown, account?: string) => {
    const text = policy([{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }]);
    const findings = findingsOf(RULE, text, account ? { account } : {});
    assert.equal(findings.length, 1, JSON.stringify(principal));
    return findings[0].message;
  };
  const cloudFormation = (principal: string) =>
    [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Sub '${principal}'}, Action: sts:AssumeRole}]}`,
    ].join('\n');
  const templateMessage = (template: string, path: string, account?: string) => {
    const findings = analyzeFile(template, path, account ? { account } : {}).findings.filter((f) => f.rule === RULE);
    assert.equal(findings.length, 1);
    return findings[0].message;
  };

  it('fires saying "in this account" when the project\'s account is the principal\'s (ARN, root ARN, bare id)', () => {
    for (const principal of [`arn:aws:iam::${OWN}:role/ops`, `arn:aws:iam::${OWN}:root`, OWN, `arn:aws:sts::${OWN}:assumed-role/ops/s`]) {
      assert.match(
        messageFor(principal, OWN),
        new RegExp(`${principal.replace(/[/]/g, '\\/')}, in this account, can assume this role without an ExternalId`),
      );
    }
  });

  it('fires saying "in another account" with its id, or both when a statement names principals of each', () => {
    assert.match(
      messageFor('arn:aws:iam::444455556666:role/VendorIntegration', OWN),
      /VendorIntegration, in another account \(444455556666\), can assume/,
    );
    assert.match(
      messageFor(['arn:aws:iam::444455556666:role/a', 'arn:aws:iam::777788889999:role/b'], OWN),
      /, in other accounts \(444455556666, 777788889999\), can assume/,
    );
    assert.match(
      messageFor([`arn:aws:iam::${OWN}:role/ops`, '444455556666'], OWN),
      /, in this account and in another \(444455556666\), can assume/,
    );
  });

  it('says neither when the account is not known: no project account, "*", or a principal it cannot place', () => {
    const silentOnAccount = (message: string) => assert.ok(!/this account|another account|other accounts/.test(message), message);
    silentOnAccount(messageFor('arn:aws:iam::444455556666:role/VendorIntegration'));
    silentOnAccount(messageFor('*', OWN));
    silentOnAccount(messageFor(['arn:aws:iam::444455556666:role/a', '*'], OWN));
  });

  it("a template's own-account reference is this account, with or without a project account; its literal ids need one", () => {
    const own = cloudFormation('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/ops');
    assert.match(templateMessage(own, 'stack.yaml'), /user\/ops, in this account, can assume this role without an ExternalId/);
    assert.match(templateMessage(own, 'stack.yaml', '999999999999'), /user\/ops, in this account, can assume/);
    const literal = cloudFormation('arn:${AWS::Partition}:iam::444455556666:user/ops');
    assert.ok(!/this account|another account/.test(templateMessage(literal, 'stack.yaml')));
    assert.match(templateMessage(literal, 'stack.yaml', OWN), /user\/ops, in another account \(444455556666\), can assume/);
    assert.match(templateMessage(literal, 'stack.yaml', '444455556666'), /user\/ops, in this account, can assume/);
  });

  it('names a principal known only at deploy time as the template writes it, not as its stand-in', () => {
    const role = (principal: string[]) => trustTemplate(['Principal:', ...principal.map((line) => `  ${line}`)]);
    const split = templateMessage(role(['AWS: !Split', "  - ','", '  - !Ref PeerOwnerIds']), 'stack.yaml');
    assert.match(split, /^!Split - ',' - !Ref PeerOwnerIds \(known at deploy time\) can assume this role without an ExternalId/);
    assert.ok(!split.includes('${'), split);
    const ref = templateMessage(role(['AWS: !Ref TrustedAccount']), 'stack.yaml');
    assert.match(ref, /^!Ref TrustedAccount \(known at deploy time\) can assume/);
    // Partly known: its known parts say more than the template's spelling would.
    const sub = templateMessage(role(["AWS: !Sub 'arn:${AWS::Partition}:iam::${Peer}:root'"]), 'stack.yaml');
    assert.match(sub, /^arn:\$\{AWS::Partition\}:iam::\$\{Peer\}:root can assume/);
  });

  describe('Terraform', () => {
    before(() => loadTerraformParser());

    it('data.aws_caller_identity is this account', () => {
      const tf = [
        'data "aws_caller_identity" "current" {}',
        'resource "aws_iam_role" "ops" {',
        '  name = "ops"',
        '  assume_role_policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Allow"',
        '      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/deployer" }',
        '      Action    = "sts:AssumeRole"',
        '    }]',
        '  })',
        '}',
      ].join('\n');
      assert.match(templateMessage(tf, 'main.tf'), /role\/deployer, in this account, can assume/);
      const vendor = tf.replace('${data.aws_caller_identity.current.account_id}', '444455556666');
      assert.match(templateMessage(vendor, 'main.tf', OWN), /role\/deployer, in another account \(444455556666\), can assume/);
    });

    it('a variable principal reads as the configuration writes it', () => {
      const tf = [
        'variable "vendor_account" {}',
        'resource "aws_iam_role" "vendor" {',
        '  assume_role_policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{ Effect = "Allow", Principal = { AWS = var.vendor_account }, Action = "sts:AssumeRole" }]',
        '  })',
        '}',
      ].join('\n');
      assert.match(templateMessage(tf, 'main.tf'), /^var\.vendor_account \(known at deploy time\) can assume/);
    });
  });
});
