import * as assert from 'node:assert/strict';
import { roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: invalid-effect', () => {
  it('fixes the case, safely', () => {
    const { after, fix } = roundTrip(policy({ ...base, Effect: 'allow' }), 'invalid-effect');
    assert.ok(fix.safe);
    assert.match(after, /"Effect": "Allow"/);
  });
});
