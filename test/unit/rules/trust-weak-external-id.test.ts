import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const trust = (statement: Record<string, unknown>) =>
  policy([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', ...statement }]);
const externalId = (operator: string, value: unknown) => ({ Condition: { [operator]: { 'sts:ExternalId': value } } });

describe('rule trust-weak-external-id', () => {
  const RULE = 'trust-weak-external-id';
  const weak = (condition: Record<string, unknown>) => findingsOf(RULE, trust(condition));

  it('is silent on StringEquals with a sound literal', () => {
    assert.deepEqual(weak(externalId('StringEquals', 'IDSentinel-Lab-2026')), []);
    assert.deepEqual(weak(externalId('StringEquals', ['IDSentinel-Lab-2026', '3f8a1c2e9b7d4e6fa0c5b2d1e4f7a9c8'])), []);
    assert.deepEqual(weak(externalId('StringLike', 'IDSentinel-Lab-2026')), []);
  });

  // A condition any caller satisfies, by leaving the key out or by sending anything, is an error like
  // a missing ExternalId; a guessable value stays a warning.
  for (const [label, condition, reason, severity] of [
    ['an IfExists operator', externalId('StringEqualsIfExists', 'IDSentinel-Lab-2026'), /no ExternalId at all/, 'error'],
    ['StringLike with only wildcards', externalId('StringLike', '*'), /matches every ExternalId/, 'error'],
    [
      'StringLike with only wildcards among values',
      externalId('StringLike', ['IDSentinel-Lab-2026', '?*']),
      /matches every ExternalId/,
      'error',
    ],
    ['a Null check alone', externalId('Null', 'false'), /Null check/, 'error'],
    ['a negated operator', externalId('StringNotEquals', 'IDSentinel-Lab-2026'), /every other/, 'error'],
    ['ForAllValues', externalId('ForAllValues:StringEquals', 'IDSentinel-Lab-2026'), /ForAllValues/, 'error'],
    ['StringLike with a wildcard', externalId('StringLike', 'IDSentinel-*'), /wildcard/, 'warning'],
    ['StringLike with ?', externalId('StringLike', 'IDSentinel-Lab-202?'), /wildcard/, 'warning'],
    ['an empty value', externalId('StringEquals', ''), /empty/, 'warning'],
    ['a short value', externalId('StringEquals', 'abc123'), /guessed/, 'warning'],
    ['an account id', externalId('StringEquals', '111122223333'), /account id/, 'warning'],
    ['a policy variable', externalId('StringEquals', '${aws:PrincipalAccount}'), /policy variable/, 'warning'],
    ['"*" compared with StringEquals (a literal star)', externalId('StringEquals', '*'), /guessed/, 'warning'],
    ['a non-string operator', externalId('NumericEquals', '12345678901'), /not a string comparison/, 'warning'],
  ] as const) {
    it(`fires on ${label}, as ${severity === 'error' ? 'an error' : 'a warning'}`, () => {
      const found = weak(condition);
      assert.equal(found.length, 1, JSON.stringify(condition));
      assert.match(found[0].message, reason);
      assert.equal(found[0].severity, severity);
      if (severity === 'error') assert.match(found[0].message, /any caller satisfies/);
    });
  }

  it('fires on what makes the condition weak: the value, or the operator', () => {
    const wildcard = trust(externalId('StringLike', 'IDSentinel-*'));
    const [onValue] = weak(externalId('StringLike', 'IDSentinel-*'));
    assert.equal(textAt(wildcard, onValue), '"IDSentinel-*"');
    assert.match(onValue.message, /^Weak ExternalId condition: "IDSentinel-\*" is a wildcard pattern/);
    const ifExists = trust(externalId('StringEqualsIfExists', 'IDSentinel-Lab-2026'));
    const [onOperator] = weak(externalId('StringEqualsIfExists', 'IDSentinel-Lab-2026'));
    assert.equal(textAt(ifExists, onOperator), '"StringEqualsIfExists"');
    assert.match(onOperator.message, /Require "StringEquals": \{"sts:ExternalId": "<unique value>"\}\.$/);
  });

  it('is silent when one sound condition is ANDed with a weak one', () => {
    const both = { Condition: { StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' }, Null: { 'sts:ExternalId': 'false' } } };
    assert.deepEqual(weak(both), []);
  });

  it('leaves the missing case to trust-missing-external-id', () => {
    assert.deepEqual(weak({}), []);
  });
});

describe('rule trust-weak-external-id: ExternalId enforced by a Deny for every other value', () => {
  const allow = { Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' };
  const guard = (operator: string, value: string, principal: unknown = '*') => ({
    Effect: 'Deny',
    Principal: principal,
    Action: 'sts:AssumeRole',
    Condition: { [operator]: { 'sts:ExternalId': value } },
  });

  it('a guard accepting a guessable or wildcard value is weak, and offers no inverting fix', () => {
    const text = policy([allow, guard('StringNotLike', 'IDSentinel-*')]);
    assert.deepEqual(findingsOf('trust-missing-external-id', text), []);
    const [weak] = findingsOf('trust-weak-external-id', text);
    assert.match(weak.message, /wildcard/);
    assert.equal(weak.data?.guard, true);
    assert.equal(weak.severity, 'warning');
    // A guard that spares every ExternalId denies nothing: as open as no ExternalId at all.
    const [open] = findingsOf('trust-weak-external-id', policy([allow, guard('StringNotLike', '*')]));
    assert.equal(open.severity, 'error');
  });

  it('ForAnyValue holds like the plain operator; Null "true" is described as requiring absence', () => {
    assert.deepEqual(findingsOf('trust-weak-external-id', trust(externalId('ForAnyValue:StringEquals', 'IDSentinel-Lab-2026'))), []);
    const [nullTrue] = findingsOf('trust-weak-external-id', trust(externalId('Null', 'true')));
    assert.match(nullTrue.message, /requires that NO ExternalId is sent/);
  });
});

describe('rule trust-weak-external-id: the quick fix placeholder', () => {
  it('is reported as weak until replaced, so it cannot ship by accident', () => {
    const text = trust(externalId('StringEquals', 'external-id-agreed-with-the-third-party'));
    const [finding] = findingsOf('trust-weak-external-id', text);
    assert.match(finding.message, /placeholder/);
  });
});
