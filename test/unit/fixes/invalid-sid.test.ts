import * as assert from 'node:assert/strict';
import { roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: invalid-sid', () => {
  it('strips the characters IAM rejects', () => {
    const { after } = roundTrip(policy({ Sid: 'read-only_access', ...base }), 'invalid-sid');
    assert.match(after, /"Sid": "readonlyaccess"/);
  });
});
