import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'invalid-sid';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule invalid-sid', () => {
  it('fires on characters other than letters and digits; stays silent on an empty Sid and on bucket policies', () => {
    const bad = findingsOf('invalid-sid', policy([{ ...ok, Sid: 'read objects!' }]));
    assert.deepEqual(bad[0].data, { suggestion: 'readobjects' });
    assert.deepEqual(findingsOf('invalid-sid', policy([{ ...ok, Sid: '' }])), []);
    // Bucket policies accept other characters in Sids.
    const bucket = policy([{ ...ok, Sid: 'Allow CloudTrail', Principal: { Service: 'cloudtrail.amazonaws.com' } }]);
    assert.deepEqual(findingsOf('invalid-sid', bucket), []);
  });

  it('fires as an error on the Sid value, with the cleaned Sid', () => {
    const text = policy([{ ...ok, Sid: 'read objects!' }]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"read objects!"');
    assert.match(finding.message, /may contain only letters and digits \(A-Z, a-z, 0-9\) in an IAM policy: "readobjects"\.$/);
  });

  it('stays silent on letters and digits, in identity and trust policies', () => {
    assert.deepEqual(findingsOf(RULE, policy([{ ...ok, Sid: 'ReadObjects2026' }])), []);
    const trust = policy([{ Sid: 'Ec2Assumes', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.deepEqual(findingsOf(RULE, trust), []);
  });
});
