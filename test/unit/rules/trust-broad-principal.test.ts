import * as assert from 'node:assert/strict';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { findingsOf, policy, textAt } from '../../support/policyText';

const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const trust = (statement: Record<string, unknown>) =>
  policy([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', ...statement }]);
const externalId = (operator: string, value: unknown) => ({ Condition: { [operator]: { 'sts:ExternalId': value } } });

describe('rule trust-broad-principal', () => {
  const RULE = 'trust-broad-principal';
  const ext = externalId('StringEquals', 'IDSentinel-Lab-2026');

  it('"*" is an error, or a warning when conditions narrow the callers', () => {
    const star = findingsOf(RULE, policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', ...ext }]));
    assert.equal(star.length, 1);
    assert.equal(star[0].severity, 'error');
    const awsStar = findingsOf(RULE, policy([{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:AssumeRole', ...ext }]));
    assert.equal(awsStar[0].severity, 'error');
    const narrowed = findingsOf(
      RULE,
      policy([
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/scanner-*' } },
        },
      ]),
    );
    assert.equal(narrowed[0].severity, 'warning');
    assert.match(narrowed[0].message, /^The principal "\*" trusts every AWS identity, narrowed only by its Condition on aws:PrincipalArn;/);
  });

  it('names every key that narrows "*", once, as written', () => {
    const [finding] = findingsOf(
      RULE,
      policy([
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalTag/Team': 'ops' },
            StringLike: { 'aws:PrincipalOrgID': 'o-*', 'AWS:PrincipalArn': 'arn:aws:iam::*:role/scanner' },
          },
        },
      ]),
    );
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /narrowed only by its Condition on aws:PrincipalOrgID, AWS:PrincipalArn;/);
  });

  it('a whole account (root ARN or bare id) is a warning', () => {
    for (const principal of ['arn:aws:iam::111122223333:root', '111122223333']) {
      const found = findingsOf(RULE, trust({ Principal: { AWS: principal }, ...ext }));
      assert.equal(found.length, 1, principal);
      assert.equal(found[0].severity, 'warning');
      assert.match(found[0].message, /111122223333/);
    }
  });

  it('a wildcard inside a principal ARN and Allow with NotPrincipal are errors', () => {
    const wildcard = findingsOf(RULE, trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' }, ...ext }));
    assert.equal(wildcard[0].severity, 'error');
    const notPrincipal = findingsOf(RULE, policy([{ Effect: 'Allow', NotPrincipal: { AWS: USER }, Action: 'sts:AssumeRole', ...ext }]));
    assert.equal(notPrincipal.length, 1);
    assert.match(notPrincipal[0].message, /NotPrincipal/);
  });

  it('fires on the principal value, saying whom it trusts', () => {
    const account = trust({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, ...ext });
    const [whole] = findingsOf(RULE, account);
    assert.equal(textAt(account, whole), '"arn:aws:iam::111122223333:root"');
    assert.match(whole.message, /trusts every user and role of account 111122223333 that/);
    const [own] = findingsOf(RULE, account, { account: '111122223333' });
    assert.match(own.message, /trusts every user and role of account 111122223333 \(this account\) that/);
    const [other] = findingsOf(RULE, account, { account: '444455556666' });
    assert.match(other.message, /trusts every user and role of account 111122223333 \(another account\) that/);
    const anyone = policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', ...ext }]);
    const [star] = findingsOf(RULE, anyone);
    assert.equal(textAt(anyone, star), '"*"');
    assert.match(star.message, /lets any AWS identity in any account assume this role/);
  });

  it('a whole account written by a template (a partition variable, the account it deploys into) is the same warning', async () => {
    await loadTerraformParser();
    const role = (principal: string) =>
      `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: ${principal}}\n            Action: sts:AssumeRole\n            Condition: {StringEquals: {sts:ExternalId: IDSentinel-Lab-2026}}\n`;
    const messages = (text: string, file: string) =>
      analyzeFile(text, file)
        .findings.filter((f) => f.rule === RULE)
        .map((f) => f.message);
    assert.deepEqual(messages(role("!Sub 'arn:${AWS::Partition}:iam::111122223333:root'"), 'a.yaml'), [
      '"arn:${AWS::Partition}:iam::111122223333:root" trusts every user and role of account 111122223333 that its own policies allow to assume roles. Name the principal (e.g. arn:${AWS::Partition}:iam::111122223333:user/NAME) instead.',
    ]);
    assert.deepEqual(messages(role("!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'"), 'b.yaml'), [
      '"arn:${AWS::Partition}:iam::${AWS::AccountId}:root" trusts every user and role of the account the template deploys into that its own policies allow to assume roles. Name the principal (e.g. arn:${AWS::Partition}:iam::${AWS::AccountId}:user/NAME) instead.',
    ]);
    const terraform =
      'data "aws_caller_identity" "current" {}\nresource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Condition = { StringEquals = { "sts:ExternalId" = "IDSentinel-Lab-2026" } } }] })\n}\n';
    assert.match(messages(terraform, 'main.tf').join(), /trusts every user and role of the account the template deploys into/);
    assert.deepEqual(messages(role("!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer'"), 'c.yaml'), []);
  });

  it('is silent on a named user or role, and on service principals', () => {
    assert.deepEqual(findingsOf(RULE, trust(ext)), []);
    assert.deepEqual(
      findingsOf(RULE, policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }])),
      [],
    );
  });
});

describe('rule trust-broad-principal: conditions that only look narrowing', () => {
  const RULE = 'trust-broad-principal';
  const ext = { 'sts:ExternalId': 'IDSentinel-Lab-2026' };

  it('a wildcard-only or negated condition does not narrow "*" or a whole account', () => {
    const wildcardOnly = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: ext, StringLike: { 'aws:PrincipalArn': '*' } },
      },
    ]);
    assert.equal(findingsOf(RULE, wildcardOnly)[0]?.severity, 'warning');
    const negated = policy([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: ext, StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } },
      },
    ]);
    assert.equal(findingsOf(RULE, negated)[0]?.severity, 'error');
    const ifExists = policy([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: ext, StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ]);
    assert.equal(findingsOf(RULE, ifExists)[0]?.severity, 'error');
  });

  it('a positive comparison against a real value narrows', () => {
    const org = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { ...ext, 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ]);
    assert.deepEqual(findingsOf(RULE, org), []);
  });
});

describe('rule trust-broad-principal: OIDC providers', () => {
  const RULE = 'trust-broad-principal';
  const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
  const web = (condition?: Record<string, unknown>, federated = github) =>
    policy([
      {
        Effect: 'Allow',
        Principal: { Federated: federated },
        Action: 'sts:AssumeRoleWithWebIdentity',
        ...(condition ? { Condition: condition } : {}),
      },
    ]);

  it('a multi-tenant provider without claim conditions is an error', () => {
    const [finding] = findingsOf(RULE, web());
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /token\.actions\.githubusercontent\.com:sub/);
    assert.equal(findingsOf(RULE, web({ StringLike: { 'token.actions.githubusercontent.com:sub': '*' } }))[0]?.severity, 'error');
  });

  it('a cluster-specific provider without claims is a warning', () => {
    const eks = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC';
    assert.equal(findingsOf(RULE, web(undefined, eks))[0]?.severity, 'warning');
  });

  it('is silent when a claim is pinned, and on SAML providers', () => {
    assert.deepEqual(
      findingsOf(RULE, web({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/app:ref:refs/heads/main' } })),
      [],
    );
    assert.deepEqual(findingsOf(RULE, web(undefined, 'arn:aws:iam::111122223333:saml-provider/okta')), []);
  });
});
