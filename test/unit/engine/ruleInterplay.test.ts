// Tests about several rules at once: what one document gets from all of them, how settings change
// them, and which rule speaks for an element that two rules could both claim. Each rule's own
// behaviour is tested in test/unit/rules/<id>.test.ts.
import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy } from '../../support/policyText';

const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('several rules on one document', () => {
  it('a clean policy has no findings', () => {
    assert.deepEqual(analyze(policy([ok])).findings, []);
  });

  it('a trust policy gets resource-in-trust-policy and missing-principal, and nothing else', () => {
    const trust = policy([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' },
      { Effect: 'Allow', Action: 'sts:TagSession' },
    ]);
    assert.deepEqual(rulesOf(trust).sort(), ['missing-principal', 'resource-in-trust-policy']);
  });

  it('settings change severities and turn rules off', () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]);
    const findings = analyze(text, { rules: { 'allow-iam-write': 'warning', 'missing-iam-write-deny': 'off' } }).findings;
    assert.deepEqual(
      findings.map((f) => `${f.rule}:${f.severity}`),
      ['allow-iam-write:warning'],
    );
  });

  it('settings of one document do not carry over to the next, with or without settings of its own', () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]);
    const severities = (options: Parameters<typeof analyze>[1]) =>
      analyze(text, options)
        .findings.map((f) => `${f.rule}:${f.severity}`)
        .sort();
    const defaults = ['allow-iam-write:error', 'missing-iam-write-deny:warning'];
    assert.deepEqual(severities({}), defaults);
    assert.deepEqual(severities({ rules: { 'allow-iam-write': 'off' } }), ['missing-iam-write-deny:warning']);
    assert.deepEqual(severities({ rules: {} }), defaults);
    assert.deepEqual(severities({ rules: { 'missing-iam-write-deny': 'info' } }), ['allow-iam-write:error', 'missing-iam-write-deny:info']);
    assert.deepEqual(severities(undefined), defaults);
    // Frozen settings (a project configuration's) are read once and kept: each frozen object its own.
    const off = Object.freeze({ 'allow-iam-write': 'off' as const });
    const info = Object.freeze({ 'missing-iam-write-deny': 'info' as const });
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(severities({ rules: off }), ['missing-iam-write-deny:warning']);
      assert.deepEqual(severities({ rules: info }), ['allow-iam-write:error', 'missing-iam-write-deny:info']);
      assert.deepEqual(severities({}), defaults);
    }
  });
});

describe('duplicate keys: the last value counts, as JSON readers keep it', () => {
  it('judges the Action and Effect AWS would read', () => {
    const action = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Action":"iam:*"}]}';
    assert.equal(findingsOf('allow-iam-write', action).length, 1);
    assert.equal(findingsOf('duplicate-element', action).length, 1);
    const effect = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*","Effect":"Allow"}]}';
    assert.equal(findingsOf('allow-iam-write', effect).length, 1);
  });
});
