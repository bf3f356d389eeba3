import * as assert from 'node:assert/strict';
import { snippetToPlain } from '../../../server/src/engine/edits';
import { EXTERNAL_ID_PLACEHOLDER } from '../../../server/src/rules/utils/externalId';
import { analyze, fixesOf, roundTrip } from './support';

const principal = { AWS: 'arn:aws:iam::111122223333:role/vendor' };

function trust(extra: Record<string, unknown>, indent: number | string = 2): string {
  return (
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] },
      null,
      indent,
    ) + '\n'
  );
}

function condition(text: string): unknown {
  return (JSON.parse(text) as { Statement: Array<{ Condition?: unknown }> }).Statement[0].Condition;
}

describe('fix: trust-missing-external-id', () => {
  const RULE = 'trust-missing-external-id';

  it('adds Condition StringEquals sts:ExternalId as a snippet with the value as placeholder', () => {
    const text = trust({});
    const { after, fix } = roundTrip(text, RULE);
    assert.ok(fix.snippet);
    assert.ok(fix.edits[0].newText.includes(`"\${1:${EXTERNAL_ID_PLACEHOLDER}}"`));
    assert.deepEqual(condition(after), { StringEquals: { 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER } });
    assert.ok(!fix.safe, 'a placeholder is never applied by fixAll');
  });

  it('merges into an existing Condition', () => {
    const { after } = roundTrip(trust({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }, 4), RULE);
    assert.deepEqual(condition(after), {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      StringEquals: { 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER },
    });
  });

  it('merges into an existing StringEquals block', () => {
    const { after } = roundTrip(trust({ Condition: { StringEquals: { 'aws:PrincipalTag/team': 'audit' } } }, '\t'), RULE);
    assert.deepEqual(condition(after), { StringEquals: { 'aws:PrincipalTag/team': 'audit', 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER } });
  });

  it('fills an empty Condition object', () => {
    const { after } = roundTrip(trust({ Condition: {} }), RULE);
    assert.deepEqual(condition(after), { StringEquals: { 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER } });
  });

  it('keeps a one-line trust policy on one line', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
    });
    const { after } = roundTrip(text, RULE);
    assert.ok(!after.includes('\n'));
  });

  it('escapes nothing the user did not write: the plain text equals the snippet without placeholders', () => {
    const fix = fixesOf(trust({}), RULE)[0].fixes[0];
    assert.equal(snippetToPlain('a\\$b\\}c${1:def}'), 'a$b}cdef');
    assert.ok(!snippetToPlain(fix.edits[0].newText).includes('$'));
  });
});

describe('fix: trust-weak-external-id', () => {
  const RULE = 'trust-weak-external-id';
  const strong = 'b7c1f0e2-vendor-external-id';

  it('turns StringEqualsIfExists on a sound literal into StringEquals, safely', () => {
    const { after, fix } = roundTrip(trust({ Condition: { StringEqualsIfExists: { 'sts:ExternalId': strong } } }), RULE);
    assert.ok(fix.safe && !fix.snippet);
    assert.deepEqual(condition(after), { StringEquals: { 'sts:ExternalId': strong } });
  });

  it('replaces a wildcard StringLike with StringEquals on a placeholder, keeping the other keys', () => {
    const text = trust(
      { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' }, StringLike: { 'sts:ExternalId': 'abc*', 'aws:userid': 'AID*' } } },
      4,
    );
    const { after, fix } = roundTrip(text, RULE);
    assert.ok(fix.snippet);
    assert.deepEqual(condition(after), {
      StringEquals: { 'aws:PrincipalTag/team': 'x', 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER },
      StringLike: { 'aws:userid': 'AID*' },
    });
  });

  it('replaces a Null check by StringEquals', () => {
    const { after } = roundTrip(trust({ Condition: { Null: { 'sts:ExternalId': 'false' } } }), RULE);
    assert.deepEqual(condition(after), { StringEquals: { 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER } });
  });

  it('replaces a guessable value', () => {
    const { after } = roundTrip(trust({ Condition: { StringEquals: { 'sts:ExternalId': '123' } } }), RULE);
    assert.deepEqual(condition(after), { StringEquals: { 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER } });
  });

  it('moves a ForAllValues test with other keys into a new StringEquals', () => {
    const text = trust({ Condition: { 'ForAllValues:StringEquals': { 'sts:ExternalId': strong, 'aws:TagKeys': 'x' } } });
    const { after } = roundTrip(text, RULE);
    assert.deepEqual(condition(after), { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'x' }, StringEquals: { 'sts:ExternalId': strong } });
  });

  it('merges a StringNotEquals test into an existing StringEquals and drops the emptied operator', () => {
    const text = trust({ Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' }, StringNotEquals: { 'sts:ExternalId': 'nope' } } });
    const { after } = roundTrip(text, RULE);
    assert.deepEqual(condition(after), { StringEquals: { 'aws:PrincipalTag/team': 'x', 'sts:ExternalId': EXTERNAL_ID_PLACEHOLDER } });
    // Only the placeholder the fix inserted is left, flagged until the user fills it in.
    const trustFindings = analyze(after).findings.filter((f) => f.rule.startsWith('trust-') && f.rule !== 'trust-broad-principal');
    assert.deepEqual(
      trustFindings.map((f) => after.slice(f.offset, f.offset + f.length)),
      [`"${EXTERNAL_ID_PLACEHOLDER}"`],
    );
  });
});
