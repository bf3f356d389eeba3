import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'invalid-effect';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule invalid-effect', () => {
  it('fires on an Effect that is missing, misspelt or wrongly cased', () => {
    const { Effect: _e, ...noEffect } = ok;
    assert.deepEqual(rulesOf(policy([noEffect])), ['invalid-effect']);
    const cased = findingsOf('invalid-effect', policy([{ ...ok, Effect: 'allow' }]));
    assert.match(cased[0].message, /exactly "Allow"/);
    assert.deepEqual(cased[0].data, { suggestion: 'Allow' });
    assert.match(findingsOf('invalid-effect', policy([{ ...ok, Effect: 'Permit' }]))[0].message, /neither/);
  });

  it('fires on the Effect value, or on the statement’s opening brace when there is no Effect', () => {
    const permit = policy([{ ...ok, Effect: 'Permit' }]);
    const [wrong] = findingsOf(RULE, permit);
    assert.equal(wrong.severity, 'error');
    assert.equal(textAt(permit, wrong), '"Permit"');
    assert.match(wrong.message, /^Effect "Permit" is neither "Allow" nor "Deny"/);
    const { Effect: _e, ...noEffect } = ok;
    const missing = policy([noEffect]);
    const [none] = findingsOf(RULE, missing);
    assert.equal(none.offset, missing.indexOf('{', missing.indexOf('"Statement"')));
    assert.match(none.message, /has no Effect: add "Effect": "Allow" or "Effect": "Deny"/);
  });

  it('stays silent on Allow and Deny, and on a statement cut off before its Effect', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok, { ...ok, Effect: 'Deny' }])), []);
    assert.deepEqual(findingsOf(RULE, '{"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", '), []);
  });
});
