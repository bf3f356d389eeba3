import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const trust = (statement: Record<string, unknown>) =>
  policy([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', ...statement }]);
const externalId = (operator: string, value: unknown) => ({ Condition: { [operator]: { 'sts:ExternalId': value } } });

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

  it("fires naming the role's own account when a template says the principal is in it", () => {
    const template = [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/ops'}, Action: sts:AssumeRole}]}",
    ].join('\n');
    const [own] = analyzeFile(template, 'stack.yaml').findings.filter((f) => f.rule === 'trust-missing-external-id');
    assert.match(own.message, /user\/ops, of the role's own account, can assume this role without an ExternalId/);
    const literal = template.replace('${AWS::AccountId}', '444455556666');
    const [other] = analyzeFile(literal, 'stack.yaml').findings.filter((f) => f.rule === 'trust-missing-external-id');
    assert.ok(!other.message.includes('own account'), other.message);
  });
});
