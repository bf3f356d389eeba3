import * as assert from 'node:assert/strict';
import { fixesOf, roundTrip } from './support';

function policy(statement: Record<string, unknown>, version: string | null = '2012-10-17'): string {
  return JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [statement] }, null, 2) + '\n';
}
const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('fix: unknown-action, grammar fixes', () => {
  it('unknown-action: one fix per suggestion, each removing the finding', () => {
    const text = policy({ ...base, Action: ['s3:GetObjct'] });
    const [entry] = fixesOf(text, 'unknown-action');
    assert.ok(entry.fixes.length >= 1);
    assert.ok(entry.fixes.some((f) => f.title === 'Replace with "s3:GetObject"'));
    for (let i = 0; i < entry.fixes.length; i++)
      roundTrip(text, 'unknown-action', { title: new RegExp(entry.fixes[i].title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    assert.ok(entry.fixes.every((f) => !f.safe));
  });

  it('unknown-action: a mistyped service prefix', () => {
    const { after } = roundTrip(policy({ ...base, Action: 's3x:GetObject' }), 'unknown-action', { title: /"s3:GetObject"/ });
    assert.match(after, /"Action": "s3:GetObject"/);
  });

  it('invalid-effect: fixes the case, safely', () => {
    const { after, fix } = roundTrip(policy({ ...base, Effect: 'allow' }), 'invalid-effect');
    assert.ok(fix.safe);
    assert.match(after, /"Effect": "Allow"/);
  });

  it('unknown-element: renames to the suggestion; a case-only rename is safe', () => {
    const text = policy({ Effect: 'Allow', action: 's3:GetObject', Resource: '*' });
    const { after, fix } = roundTrip(text, 'unknown-element', { allowed: [] });
    assert.ok(fix.safe);
    assert.match(after, /"Action": "s3:GetObject"/);
    const typo = fixesOf(policy({ Effect: 'Allow', Actoin: 's3:GetObject', Resource: '*' }), 'unknown-element')[0].fixes[0];
    assert.ok(!typo.safe && typo.isPreferred);
  });

  it('unknown-element: renaming onto an existing key is not preferred', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "action": "s3:PutObject", "Resource": "*"}]}';
    const fix = fixesOf(text, 'unknown-element')[0].fixes[0];
    assert.ok(!fix.safe && !fix.isPreferred);
  });

  it('invalid-sid: strips the characters IAM rejects', () => {
    const { after } = roundTrip(policy({ Sid: 'read-only_access', ...base }), 'invalid-sid');
    assert.match(after, /"Sid": "readonlyaccess"/);
  });

  it('invalid-condition-operator: keeps IfExists and the set qualifier', () => {
    const text = policy({
      ...base,
      Condition: { 'ForAnyValue:StringEqual': { 'aws:TagKeys': 'x' }, StringEqualIfExists: { 'aws:RequestTag/a': 'b' } },
    });
    const first = roundTrip(text, 'invalid-condition-operator');
    assert.match(first.after, /"ForAnyValue:StringEquals"/);
    const second = roundTrip(first.after, 'invalid-condition-operator');
    assert.match(second.after, /"StringEqualsIfExists"/);
  });

  it('missing-version: inserts Version first, in the document layout', () => {
    const { after } = roundTrip(policy(base, null), 'missing-version');
    assert.ok(after.startsWith('{\n  "Version": "2012-10-17",\n  "Statement"'));
    const oneLine = roundTrip(JSON.stringify({ Statement: [base] }), 'missing-version');
    assert.equal(oneLine.after, `{"Version": "2012-10-17", ${JSON.stringify({ Statement: [base] }).slice(1)}`);
  });

  it('legacy-version: safe unless the policy uses variables', () => {
    const plain = roundTrip(policy(base, '2008-10-17'), 'legacy-version');
    assert.ok(plain.fix.safe);
    const vars = fixesOf(policy({ ...base, Resource: 'arn:aws:s3:::b/${aws:username}/*' }, '2008-10-17'), 'legacy-version')[0].fixes[0];
    assert.ok(!vars.safe);
  });
});
