import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'duplicate-element';

describe('rule duplicate-element', () => {
  it('fires once on a key written twice in a statement', () => {
    const dup = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}';
    assert.equal(findingsOf('duplicate-element', dup).length, 1);
  });

  it('fires as an error on the second key, saying only the last one takes effect', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}';
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"Effect"');
    assert.equal(finding.offset, text.lastIndexOf('"Effect"'));
    assert.match(finding.message, /^"Effect" appears more than once in a statement; only the last one takes effect/);
  });

  it('fires on a repeated key at the top level and inside a Condition', () => {
    const top = '{"Version":"2012-10-17","Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    assert.equal(textAt(top, findingsOf(RULE, top)[0]), '"Version"');
    const condition =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"},"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}';
    assert.equal(textAt(condition, findingsOf(RULE, condition)[0]), '"StringEquals"');
  });

  it('stays silent on distinct keys, and on the same key in different objects', () => {
    const text = policy([
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Sid: 'Guard', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    ]);
    assert.deepEqual(findingsOf(RULE, text), []);
  });
});
