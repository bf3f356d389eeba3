import * as assert from 'node:assert/strict';
import { applyFixEdits } from '../../../server/src/engine/edits';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'malformed-principal';
const trust = (principal: unknown, action = 'sts:AssumeRole') => policy([{ Effect: 'Allow', Principal: principal, Action: action }]);

describe('rule malformed-principal', () => {
  it('fires on a bare service name with the service principal it means, and fixes it', () => {
    const text = trust({ Service: ['ec2.amazonaws.com', 'Lambda'] });
    const [finding] = findingsOf(RULE, text);
    assert.equal(textAt(text, finding), '"Lambda"');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /did you mean "lambda\.amazonaws\.com"\?/);
    const action = codeActionsAt(text, finding.offset, finding.offset, { language: 'jsonc' }).find(
      (a) => a.title === 'Change to "lambda.amazonaws.com"',
    );
    assert.ok(action);
    assert.deepEqual(findingsOf(RULE, applyFixEdits(text, action.edits)), []);
  });

  it('reports empty values, white space and ARNs under Service', () => {
    for (const [value, pattern] of [
      ['', /is empty/],
      ['ec2 .amazonaws.com', /white space/],
      ['arn:aws:iam::111122223333:role/ci', /is an ARN.*under "AWS"/],
    ] as const) {
      const found = findingsOf(RULE, trust({ Service: value }));
      assert.equal(found.length, 1, value);
      assert.match(found[0].message, pattern);
      assert.equal(found[0].data, undefined, 'no guess to offer');
    }
  });

  it('stays silent on every service principal form it cannot prove wrong', () => {
    for (const value of ['ec2.amazonaws.com', 'logs.us-east-1.amazonaws.com', 'ec2.amazonaws.com.cn', 'ec2.c2s.ic.gov', '*']) {
      assert.deepEqual(findingsOf(RULE, trust({ Service: value })), [], value);
    }
  });

  it('reports Federated values that are no identity provider', () => {
    for (const value of [
      '',
      'arn:aws:iam::111122223333:role/ci',
      'arn:aws:iam::prod:oidc-provider/token.actions.githubusercontent.com',
      'okta',
    ]) {
      assert.equal(findingsOf(RULE, trust({ Federated: value }, 'sts:AssumeRoleWithWebIdentity')).length, 1, value);
    }
  });

  it('accepts provider ARNs, the web identity domains, and NotPrincipal alike', () => {
    for (const value of [
      'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      'arn:aws-us-gov:iam::111122223333:saml-provider/Okta',
      'cognito-identity.amazonaws.com',
      'accounts.google.com',
      'Accounts.Google.com',
    ]) {
      assert.deepEqual(findingsOf(RULE, trust({ Federated: value }, 'sts:AssumeRoleWithWebIdentity')), [], value);
    }
    const notPrincipal = policy([
      { Effect: 'Deny', NotPrincipal: { Service: 's3' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
    assert.equal(findingsOf(RULE, notPrincipal).length, 1);
  });

  it('leaves AWS principals to malformed-arn', () => {
    assert.deepEqual(findingsOf(RULE, trust({ AWS: 'svc-user' })), []);
    assert.equal(findingsOf('malformed-arn', trust({ AWS: 'svc-user' })).length, 1);
  });
});
