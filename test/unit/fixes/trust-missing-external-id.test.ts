import * as assert from 'node:assert/strict';
import { snippetToPlain } from '../../../server/src/engine/edits';
import { EXTERNAL_ID_PLACEHOLDER } from '../../../server/src/rules/utils/externalId';
import { fixesOf, roundTrip } from './support';

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
