import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { MAX_STATEMENT_LENSES, statementLenses } from '../../../server/src/services/codeLens';
import { parsePolicy } from '../../../server/src/engine/parse';
import { ESCALATION_PATHS } from '../../../server/src/engine/escalationPaths';

const catalog = sharedCatalog();
const root = join(__dirname, '..', '..', '..', '..');
const iamWrites = catalog.iamWrite.count();
/** The paths of the table that need IAM actions only: what "iam:*" completes. */
const IAM_ONLY_PATHS = ESCALATION_PATHS.filter((p) => p.requires.every((group) => group.some((a) => a.startsWith('iam:')))).length;

function count(pattern: string): number {
  const match = catalog.match(pattern);
  assert.ok(match.kind === 'matched');
  return match.count;
}

const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;

describe('code lens', () => {
  it('gives a lens to each of as many statements as the editor shows lenses for, past that one lens saying why', () => {
    const statement = (i: number) => `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b${i}/*"}`;
    const statements = (n: number) => Array.from({ length: n }, (_, i) => statement(i));
    const atTheLimit = statementLenses(policy(...statements(MAX_STATEMENT_LENSES)));
    assert.equal(atTheLimit.length, MAX_STATEMENT_LENSES);
    assert.ok(atTheLimit.every((lens) => lens.title === 'grants 1 action: 0 write, 1 read/list'));

    const text = policy(...statements(MAX_STATEMENT_LENSES + 1));
    const past = statementLenses(text);
    assert.equal(past.length, 1);
    assert.equal(past[0].offset, text.indexOf('{"Effect"'));
    assert.equal(
      past[0].title,
      'no statement lenses in this file: its 1,001 statements are more than the editor shows lenses for without slowing down (1,000)',
    );
  });

  it('says how many privilege escalation paths a statement completes, alone or with its principal', () => {
    const pass = '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}';
    const run = '{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}';
    const [passLens, runLens] = statementLenses(policy(pass, run));
    assert.match(passLens.title, /; completes 1 privilege escalation path$/);
    assert.match(runLens.title, /; completes 1 privilege escalation path$/);
    assert.doesNotMatch(statementLenses(policy(pass))[0].title, /escalation/);
    const principals = [{ name: 'builder', others: [{ source: 'run.json', document: parsePolicy(policy(run)) }] }];
    assert.match(statementLenses(policy(pass), { principals })[0].title, /completes 1 privilege escalation path/);
  });

  it('does not count a path capped at a permissions boundary the role must carry', () => {
    const delegate = (condition: string) =>
      `{"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "arn:aws:iam::111122223333:role/app-*"${condition}}`;
    assert.match(statementLenses(policy(delegate('')))[0].title, /completes 1 privilege escalation path/);
    const capped = delegate(', "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/Boundary"}}');
    assert.doesNotMatch(statementLenses(policy(capped))[0].title, /escalation/);
  });

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
      `grants ${n} actions: ${iamWrites} write, ${n - iamWrites} read/list, all ${iamWrites} IAM writes; completes ${IAM_ONLY_PATHS} privilege escalation paths — when its Condition holds`,
    );
  });

  it('counts the IAM writes its Resource can name, as allow-iam-write does', () => {
    const [bucket] = statementLenses(policy('{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}'));
    assert.doesNotMatch(bucket.title, /IAM write/);
    const [roles] = statementLenses(policy('{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::111122223333:role/app-*"}'));
    const onRoles = Number(/, ([\d,]+) IAM writes/.exec(roles.title)?.[1]);
    assert.ok(onRoles > 0 && onRoles < iamWrites, roles.title);
  });

  it('a NotAction statement reaches everything else', () => {
    const [lens] = statementLenses(policy('{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}'));
    assert.equal(lens.actionCount, catalog.size - count('iam:*'));
    assert.match(
      lens.title,
      /^grants [\d,]+ actions: [\d,]+ write, [\d,]+ read\/list \(via NotAction\); completes \d+ privilege escalation paths$/,
    );
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
