import * as assert from 'node:assert/strict';
import { EXTERNAL_ID_PLACEHOLDER } from '../../../server/src/rules/utils/externalId';
import { analyze, roundTrip } from './support';

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
