import * as assert from 'node:assert/strict';
import { fixesOf, roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: unknown-action', () => {
  it('one fix per suggestion, each removing the finding', () => {
    const text = policy({ ...base, Action: ['s3:GetObjct'] });
    const [entry] = fixesOf(text, 'unknown-action');
    assert.ok(entry.fixes.length >= 1);
    assert.ok(entry.fixes.some((f) => f.title === 'Replace with "s3:GetObject"'));
    for (let i = 0; i < entry.fixes.length; i++)
      roundTrip(text, 'unknown-action', { title: new RegExp(entry.fixes[i].title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    assert.ok(entry.fixes.every((f) => !f.safe));
  });

  it('a mistyped service prefix', () => {
    const { after } = roundTrip(policy({ ...base, Action: 's3x:GetObject' }), 'unknown-action', { title: /"s3:GetObject"/ });
    assert.match(after, /"Action": "s3:GetObject"/);
  });
});
