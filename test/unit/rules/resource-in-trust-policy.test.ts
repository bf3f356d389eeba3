import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'resource-in-trust-policy';
const assumeByEc2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };

describe('rule resource-in-trust-policy', () => {
  it('fires as an error on the Resource key of a trust statement', () => {
    const text = policy([{ ...assumeByEc2, Resource: '*' }]);
    assert.equal(analyze(text).kind, 'trust');
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"Resource"');
    assert.match(finding.message, /A trust policy has no Resource \(its resource is the role itself\)/);
    assert.match(finding.message, /Remove this element\.$/);
  });

  it('fires on NotResource as well', () => {
    const text = policy([{ ...assumeByEc2, NotResource: 'arn:aws:iam::111122223333:role/other' }]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(textAt(text, finding), '"NotResource"');
  });

  it('stays silent on a trust policy without Resource, and on identity and resource policies', () => {
    assert.deepEqual(findingsOf(RULE, policy([assumeByEc2])), []);
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])), []);
    const bucket = policy([
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
    assert.equal(analyze(bucket).kind, 'resource');
    assert.deepEqual(findingsOf(RULE, bucket), []);
  });
});
