import * as assert from 'node:assert/strict';
import { roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: invalid-condition-operator', () => {
  it('keeps IfExists and the set qualifier', () => {
    const text = policy({
      ...base,
      Condition: { 'ForAnyValue:StringEqual': { 'aws:TagKeys': 'x' }, StringEqualIfExists: { 'aws:RequestTag/a': 'b' } },
    });
    const first = roundTrip(text, 'invalid-condition-operator');
    assert.match(first.after, /"ForAnyValue:StringEquals"/);
    const second = roundTrip(first.after, 'invalid-condition-operator');
    assert.match(second.after, /"StringEqualsIfExists"/);
  });
});
