import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'unknown-action';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule unknown-action', () => {
  it('fires on unknown actions, patterns and service prefixes, with suggestions', () => {
    const typo = findingsOf(
      'unknown-action',
      policy([{ ...ok, Action: ['iam:ListUser', 'iamm:GetUser', 'iam:Nothing*', 'retiredsvc:Get'] }]),
    );
    assert.equal(typo.length, 4);
    assert.deepEqual(typo[0].data?.suggestions, ['iam:ListUsers']);
    assert.match(typo[0].message, /did you mean iam:ListUsers/i);
    assert.deepEqual(typo[1].data?.suggestions, ['iam:GetUser']);
    assert.match(typo[2].message, /matches no action/);
    assert.match(typo[3].message, /not in the IAM action catalog/);
  });

  it('fires as a warning on the entry, naming the service it looked in', () => {
    const text = policy([{ ...ok, Action: ['s3:GetObject', 'iam:ListUser'] }]);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding), '"iam:ListUser"');
    assert.match(finding.message, /^"iam:ListUser" matches no action of AWS Identity and Access Management \(IAM\) \(iam\)\./);
  });

  it('stays silent on catalog names in any case, wildcards that match, "*", and in NotAction', () => {
    assert.deepEqual(
      findingsOf(RULE, policy([{ ...ok, Action: ['*', 's3:*', 'S3:getobject', 'iam:Get*', 'iam:?etUser', 'ec2:Describe*'] }])),
      [],
    );
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: '*' }])), []);
  });
});
