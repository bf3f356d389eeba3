import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'missing-statement';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule missing-statement', () => {
  it('fires on a missing or empty Statement, but not while the document is still being typed', () => {
    assert.deepEqual(rulesOf('{"Version": "2012-10-17"}'), ['missing-statement']);
    assert.deepEqual(rulesOf('{"Version": "2012-10-17", "Statement": []}'), ['missing-statement']);
    assert.ok(!rulesOf('{"Version": "2012-10-17", ').includes('missing-statement'));
  });

  it('fires on the opening brace when there is no Statement, and on the empty list', () => {
    const missing = '{"Version": "2012-10-17"}';
    const [none] = findingsOf(RULE, missing);
    assert.equal(none.severity, 'error');
    assert.equal(none.offset, 0);
    assert.equal(textAt(missing, none), '{');
    assert.match(none.message, /has no Statement: it grants and denies nothing/);
    const empty = '{"Version": "2012-10-17", "Statement": []}';
    const [list] = findingsOf(RULE, empty);
    assert.equal(textAt(empty, list), '[]');
    assert.match(list.message, /^Statement is empty/);
  });

  it('stays silent on a Statement list or a single Statement object', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok])), []);
    assert.deepEqual(findingsOf(RULE, policy(ok)), []);
  });
});
