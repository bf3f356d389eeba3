import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'missing-principal';
const assumeByEc2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
const cloudTrailWrites = {
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::b/*',
};

describe('rule missing-principal', () => {
  it('fires as an error on the opening brace of a trust statement without Principal', () => {
    const text = policy([assumeByEc2, { Effect: 'Allow', Action: 'sts:TagSession' }]);
    assert.equal(analyze(text).kind, 'trust');
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '{');
    assert.equal(finding.offset, text.lastIndexOf('{', text.indexOf('sts:TagSession')));
    assert.match(finding.message, /has no Principal, but the other statements of this trust or resource policy do/);
  });

  it('fires on a resource policy statement without Principal', () => {
    const text = policy([cloudTrailWrites, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }]);
    assert.equal(analyze(text).kind, 'resource');
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.offset, text.lastIndexOf('{', text.indexOf('"s3:*"')));
  });

  it('stays silent when every statement has Principal or NotPrincipal, and on identity policies', () => {
    const notPrincipal = {
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:*',
      Resource: 'arn:aws:s3:::b/*',
    };
    assert.deepEqual(findingsOf(RULE, policy([cloudTrailWrites, notPrincipal])), []);
    assert.deepEqual(findingsOf(RULE, policy([assumeByEc2])), []);
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])), []);
  });
});
