import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'invalid-element-type';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule invalid-element-type', () => {
  it('fires on every element of a wrong JSON type', () => {
    const found = findingsOf('invalid-element-type', policy([{ ...ok, Action: 42, Resource: ['*', true], Condition: 'no' }]));
    assert.equal(found.length, 3);
    assert.equal(findingsOf('invalid-element-type', JSON.stringify({ Version: '2012-10-17', Statement: 'x' })).length, 1);
  });

  it('fires as an error on the value, saying which type the element takes', () => {
    const text = policy([{ ...ok, Action: 42 }], { Id: 7 });
    const found = findingsOf(RULE, text);
    assert.deepEqual(
      found.map((f) => [textAt(text, f), f.severity]),
      [
        ['7', 'error'],
        ['42', 'error'],
      ],
    );
    assert.equal(found[0].message, 'Id must be a string.');
    assert.match(found[1].message, /^Action must be a string or an array of strings/);
  });

  it('stays silent on strings, lists of strings, a single Statement object and a Condition object', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok, { ...ok, Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['*'] }])), []);
    assert.deepEqual(findingsOf(RULE, policy({ ...ok, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, { Id: 'p1' })), []);
  });
});
