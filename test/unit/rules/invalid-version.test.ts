import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'invalid-version';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule invalid-version', () => {
  it('fires on a date that is no policy language version, and on a number, on the Version value', () => {
    const invalid = JSON.stringify({ Version: '2026-11-28', Statement: [ok] });
    assert.deepEqual(rulesOf(invalid), ['invalid-version']);
    assert.equal(textAt(invalid, findingsOf('invalid-version', invalid)[0]), '"2026-11-28"');
    assert.deepEqual(rulesOf(JSON.stringify({ Version: 20121017, Statement: [ok] })), ['invalid-version']);
  });

  it('fires as an error that names the version to use', () => {
    const text = policy([ok], { Version: '2026-11-28' });
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"2026-11-28"');
    assert.match(finding.message, /^Version "2026-11-28" is not a policy language version: use "2012-10-17"/);
    const number = JSON.stringify({ Version: 20121017, Statement: [ok] });
    assert.equal(textAt(number, findingsOf(RULE, number)[0]), '20121017');
  });

  it('stays silent on both policy language versions, and when there is no Version', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok])), []);
    assert.deepEqual(findingsOf(RULE, policy([ok], { Version: '2008-10-17' })), []);
    assert.deepEqual(findingsOf(RULE, JSON.stringify({ Statement: [ok] })), []);
  });
});
