import * as assert from 'node:assert/strict';
import { fixesOf, roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: legacy-version', () => {
  it('safe unless the policy uses variables', () => {
    const plain = roundTrip(policy(base, '2008-10-17'), 'legacy-version');
    assert.ok(plain.fix.safe);
    const vars = fixesOf(policy({ ...base, Resource: 'arn:aws:s3:::b/${aws:username}/*' }, '2008-10-17'), 'legacy-version')[0].fixes[0];
    assert.ok(!vars.safe);
  });
});
