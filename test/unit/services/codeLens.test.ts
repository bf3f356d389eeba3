import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { statementLenses } from '../../../server/src/services/codeLens';

const catalog = sharedCatalog();
const root = join(__dirname, '..', '..', '..', '..');
const iamWrites = catalog.iamWrite.count();

function count(pattern: string): number {
  const match = catalog.match(pattern);
  assert.ok(match.kind === 'matched');
  return match.count;
}

const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;

describe('code lens', () => {
  it('"grants N actions: 0 write, N read/list" for a read-only Allow', () => {
    const text = policy('{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}');
    const [lens] = statementLenses(text);
    const n = count('iam:Get*') + count('iam:List*');
    assert.equal(lens.title, `grants ${n} actions: 0 write, ${n} read/list`);
    assert.equal(lens.offset, text.indexOf('{"Effect"'));
    assert.equal(lens.actionCount, n);
  });

  it('"denies 113 IAM writes (all)" for a Deny of every IAM write', () => {
    const text = policy('{"Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*"], "Resource": "*"}');
    const n = count('iam:Create*') + count('iam:Delete*');
    assert.equal(statementLenses(text)[0].title, `denies ${n} IAM writes of ${iamWrites}`);
  });

  it('counts IAM writes in a broad grant, and says when a Condition limits it', () => {
    const [lens] = statementLenses(
      policy('{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}'),
    );
    const n = count('iam:*');
    assert.equal(
      lens.title,
      `grants ${n} actions: ${iamWrites} write, ${n - iamWrites} read/list, all ${iamWrites} IAM writes — when its Condition holds`,
    );
  });

  it('a NotAction statement reaches everything else', () => {
    const [lens] = statementLenses(policy('{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}'));
    assert.equal(lens.actionCount, catalog.size - count('iam:*'));
    assert.match(lens.title, /^grants [\d,]+ actions: [\d,]+ write, [\d,]+ read\/list \(via NotAction\)$/);
  });

  it('the seed policy: its Deny of IAM writes is complete', () => {
    const text = readFileSync(join(root, 'policies', 'IDSentinel-ReadOnly-Policy.json'), 'utf8');
    const lenses = statementLenses(text);
    assert.ok(
      lenses.some((l) => l.title === `denies ${iamWrites} IAM writes (all)`),
      lenses.map((l) => l.title).join('\n'),
    );
  });

  it('a Statement object; nothing for statements without actions or JSON that is not a policy', () => {
    assert.equal(statementLenses('{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}').length, 1);
    assert.deepEqual(statementLenses(policy('{"Effect": "Allow", "Resource": "*"}')), []);
    assert.deepEqual(statementLenses('{"name": "x", "Action": "s3:GetObject"}'), []);
  });
});
