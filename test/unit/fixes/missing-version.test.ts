import * as assert from 'node:assert/strict';
import { roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: missing-version', () => {
  it('inserts Version first, in the document layout', () => {
    const { after } = roundTrip(policy(base, null), 'missing-version');
    assert.ok(after.startsWith('{\n  "Version": "2012-10-17",\n  "Statement"'));
    const oneLine = roundTrip(JSON.stringify({ Statement: [base] }), 'missing-version');
    assert.equal(oneLine.after, `{"Version": "2012-10-17", ${JSON.stringify({ Statement: [base] }).slice(1)}`);
  });
});
