import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'invalid-condition-operator';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule invalid-condition-operator', () => {
  it('fires with did-you-mean; stays silent on a set qualifier with IfExists', () => {
    const found = findingsOf(
      'invalid-condition-operator',
      policy([{ ...ok, Condition: { StringEqual: { 'aws:SourceIp': 'x' }, NullIfExists: { 'aws:TokenIssueTime': 'true' } } }]),
    );
    assert.equal(found.length, 2);
    assert.equal(found[0].data?.suggestion, 'StringEquals');
    assert.deepEqual(
      findingsOf(
        'invalid-condition-operator',
        policy([{ ...ok, Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'a*' } } }]),
      ),
      [],
    );
  });

  it('fires as an error on the operator key', () => {
    const text = policy([{ ...ok, Condition: { StringEqual: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }]);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"StringEqual"');
    assert.equal(finding.message, '"StringEqual" is not an IAM condition operator: did you mean "StringEquals"?');
  });

  it('stays silent on IAM’s operators, with and without IfExists and set qualifiers', () => {
    const condition = {
      StringEquals: { 'aws:PrincipalTag/team': 'audit' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/*' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
      Bool: { 'aws:SecureTransport': 'true' },
      NumericLessThanIfExists: { 's3:max-keys': '10' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': 'team' },
      Null: { 'aws:TokenIssueTime': 'false' },
    };
    assert.deepEqual(findingsOf(RULE, policy([{ ...ok, Condition: condition }])), []);
  });
});
