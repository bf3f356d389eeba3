import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'missing-resource';
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule missing-resource', () => {
  it('fires on an identity policy statement without Resource, and nothing else does', () => {
    assert.deepEqual(rulesOf(policy([{ Effect: 'Allow', Action: 's3:GetObject' }])), ['missing-resource']);
  });

  it('fires as an error on the statement’s opening brace, in a resource policy too', () => {
    const text = policy([
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl' },
    ]);
    assert.equal(analyze(text).kind, 'resource');
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '{');
    // The second statement: its brace is the last one before its first key.
    assert.equal(finding.offset, text.lastIndexOf('{', text.indexOf('"Effect"', text.indexOf('s3:PutObject'))));
    assert.match(finding.message, /has no Resource: IAM rejects it/);
  });

  it('stays silent on Resource or NotResource, and on trust policies, which have none', () => {
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])), []);
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::b/*' }])), []);
    const trust = policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.equal(analyze(trust).kind, 'trust');
    assert.deepEqual(findingsOf(RULE, trust), []);
  });
});
