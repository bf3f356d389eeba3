import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'malformed-action';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule malformed-action', () => {
  it('fires on an action that is not service:action', () => {
    assert.match(findingsOf('malformed-action', policy([{ ...ok, Action: 's3GetObject' }]))[0].message, /service:action/);
  });

  it('fires as an error on the entry, in Action and NotAction lists', () => {
    const text = policy([{ ...ok, Action: ['s3:GetObject', 's3GetObject'] }]);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"s3GetObject"');
    assert.match(finding.message, /^"s3GetObject": an action must be of the form service:action/);
    const not = policy([{ Effect: 'Deny', NotAction: ['iam:Get*', 'iamList*'], Resource: '*' }]);
    assert.equal(textAt(not, findingsOf(RULE, not)[0]), '"iamList*"');
  });

  it('stays silent on "*", names and wildcard patterns, even unknown ones (unknown-action’s)', () => {
    assert.deepEqual(findingsOf(RULE, policy([{ ...ok, Action: ['*', 's3:*', 's3:Get*', 'iam:?etUser', 's3:GetObjct'] }])), []);
  });
});
