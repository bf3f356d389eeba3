import * as assert from 'node:assert/strict';
import { fixesOf, roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}

describe('fix: unknown-element', () => {
  it('renames to the suggestion; a case-only rename is safe', () => {
    const text = policy({ Effect: 'Allow', action: 's3:GetObject', Resource: '*' });
    const { after, fix } = roundTrip(text, 'unknown-element', { allowed: [] });
    assert.ok(fix.safe);
    assert.match(after, /"Action": "s3:GetObject"/);
    const typo = fixesOf(policy({ Effect: 'Allow', Actoin: 's3:GetObject', Resource: '*' }), 'unknown-element')[0].fixes[0];
    assert.ok(!typo.safe && typo.isPreferred);
  });

  it('renaming onto an existing key is not preferred', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "action": "s3:PutObject", "Resource": "*"}]}';
    const fix = fixesOf(text, 'unknown-element')[0].fixes[0];
    assert.ok(!fix.safe && !fix.isPreferred);
  });
});
