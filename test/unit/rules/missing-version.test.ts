import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'missing-version';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule missing-version', () => {
  it('fires on a policy without Version, and nothing else does', () => {
    assert.deepEqual(rulesOf(JSON.stringify({ Statement: [ok] })), ['missing-version']);
  });

  it('fires on the opening brace of the document and says what the 2008-10-17 language breaks', () => {
    const text = JSON.stringify({ Statement: [ok] }, null, 2);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.offset, 0);
    assert.equal(textAt(text, finding), '{');
    assert.match(finding.message, /^No Version: IAM then applies the 2008-10-17 policy language/);
    assert.match(finding.message, /Add "Version": "2012-10-17"\.$/);
  });

  it('stays silent when the policy has a Version, even one that other rules report', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok])), []);
    assert.deepEqual(findingsOf(RULE, policy([ok], { Version: '2008-10-17' })), []);
    assert.deepEqual(findingsOf(RULE, policy([ok], { Version: '2026-11-28' })), []);
  });
});
