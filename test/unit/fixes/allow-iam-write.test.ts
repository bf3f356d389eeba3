import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { analyze, applyFix, assertFormattingKept, assertNoNewFindings, fixesOf, roundTrip } from './support';

const RULE = 'allow-iam-write';

function policy(statements: unknown[], indent: string | number = 2): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, indent) + '\n';
}

function statements(text: string): Array<Record<string, unknown>> {
  return (JSON.parse(text) as { Statement: Array<Record<string, unknown>> }).Statement;
}

// The deny keeps missing-iam-write-deny out of the way; the fixes below must not need it.
const deny = { Sid: 'Guard', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' };

describe(`fix: ${RULE}`, () => {
  it('removes explicit write actions and keeps the rest of the list and its layout', () => {
    const text = policy(
      [{ Effect: 'Allow', Action: ['s3:GetObject', 'iam:CreateUser', 'iam:GetUser', 'iam:PassRole'], Resource: '*' }, deny],
      4,
    );
    const { after, fix } = roundTrip(text, RULE);
    assert.match(fix.title, /Remove the IAM write actions/);
    assert.deepEqual(statements(after)[0].Action, ['s3:GetObject', 'iam:GetUser']);
  });

  it('replaces iam:* with the read-only prefixes verified against the catalog', () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, deny]);
    const { after } = roundTrip(text, RULE);
    assert.deepEqual(statements(after)[0].Action, ['iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*']);
  });

  it('narrows a mixed IAM pattern without granting anything it did not', () => {
    const catalog = sharedCatalog();
    const text = policy([{ Effect: 'Allow', Action: ['iam:*User'], Resource: '*' }, deny]);
    const { after } = roundTrip(text, RULE);
    const original = catalog.match('iam:*User');
    assert.ok(original.kind === 'matched');
    for (const p of statements(after)[0].Action as string[]) {
      const m = catalog.match(p);
      assert.ok(m.kind === 'matched' && original.set.containsAll(m.set) && !m.set.intersects(catalog.iamWrite), p);
    }
  });

  it('keeps a one-line policy on one line', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:CreateRole', 'iam:GetRole'], Resource: '*' }, deny],
    });
    const { after } = roundTrip(text, RULE);
    assert.equal(after, text.replace('"iam:CreateRole",', ''));
  });

  it('moves the writes to a separate statement for review, with the same Resource and Condition', () => {
    const condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const text = policy([{ Effect: 'Allow', Action: ['iam:*', 's3:ListBucket'], Resource: '*', Condition: condition }, deny]);
    // The escalation the writes open moves with them, reported on the review statement's entries.
    const { after } = roundTrip(text, RULE, { title: /separate statement/, keepsRule: true, allowed: ['privilege-escalation'] });
    const s = statements(after);
    assert.deepEqual(s[0].Action, ['iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*', 's3:ListBucket']);
    assert.equal(s[2].Sid, 'ReviewIamWrite');
    assert.deepEqual(s[2].Condition, condition);
    assert.ok((s[2].Action as string[]).includes('iam:Create*'));
    // Only the review statement is still reported.
    const left = analyze(after).findings.filter((f) => f.rule === RULE);
    assert.equal(left.length, 1);
    assert.ok(left[0].offset > after.indexOf('ReviewIamWrite'));
  });

  it('gives the review statement the Resource IAM applies when the key is duplicated: the last', () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["iam:CreateUser", "iam:GetUser"], "Resource": "arn:aws:iam::111122223333:user/old", "Resource": "arn:aws:iam::111122223333:user/applied" },
    { "Sid": "Guard", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*" }
  ]
}
`;
    const [{ fixes }] = fixesOf(text, RULE);
    const move = fixes.find((f) => /separate statement/.test(f.title));
    assert.ok(move);
    const review = statements(applyFix(text, move)).find((s) => s.Sid === 'ReviewIamWrite');
    assert.equal(review?.Resource, 'arn:aws:iam::111122223333:user/applied');
  });

  it('moves into an array when the policy has a single Statement object', () => {
    const text = JSON.stringify(
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:GetUser'], Resource: '*' } },
      null,
      2,
    );
    const { after } = roundTrip(text, RULE, { title: /separate statement/, keepsRule: true, allowed: ['missing-iam-write-deny'] });
    assert.equal(statements(after).length, 2);
  });

  it('removes a statement that grants only IAM writes', () => {
    const text = policy([{ Effect: 'Allow', Action: ['iam:CreateUser', 'iam:Tag*'], Resource: '*' }, deny]);
    const { after, fix } = roundTrip(text, RULE);
    assert.match(fix.title, /Remove this statement/);
    assert.deepEqual(statements(after), [deny]);
  });

  it('lists the writes in NotAction for an Allow with NotAction', () => {
    const text = policy([{ Effect: 'Allow', NotAction: ['s3:*'], Resource: '*' }, deny]);
    const { after } = roundTrip(text, RULE);
    assert.ok((statements(after)[0].NotAction as string[]).includes('iam:Create*'));
  });

  it('offers NotAction and read-only replacements for Action "*"', () => {
    const text = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }, deny]);
    const entry = fixesOf(text, RULE)[0];
    assert.equal(entry.fixes.length, 2);
    const notAction = roundTrip(text, RULE, { title: /NotAction/ });
    assert.ok(Array.isArray(statements(notAction.after)[0].NotAction));
    const readOnly = roundTrip(text, RULE, { title: /read-only/ });
    assert.deepEqual(statements(readOnly.after)[0].Action, ['iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*']);
  });

  it('offers no fix for a cross-service pattern it cannot narrow', () => {
    const text = policy([{ Effect: 'Allow', Action: '*:Create*', Resource: '*' }, deny]);
    assert.deepEqual(fixesOf(text, RULE)[0].fixes, []);
  });

  it('never marks a permission-removing fix as safe for fixAll', () => {
    const text = policy([{ Effect: 'Allow', Action: ['iam:*'], Resource: '*' }, deny]);
    assert.ok(fixesOf(text, RULE)[0].fixes.every((f) => !f.safe));
  });

  it('the preferred fix always silences the statement (property)', () => {
    const catalog = sharedCatalog();
    const iamNames = catalog.names(catalog.iamAll);
    const item = fc.oneof(
      fc.constantFrom(...iamNames),
      fc.constantFrom('iam:*', 'iam:*User', 'iam:Get*', 'iam:*Policy*', 'iam:Create*', 's3:GetObject', 'ec2:Describe*'),
    );
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 6 }),
        fc.constantFrom<number | string | undefined>(undefined, 2, 4, '\t'),
        (actions, indent) => {
          const text = JSON.stringify(
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }, deny] },
            null,
            indent,
          );
          const entries = fixesOf(text, RULE);
          if (entries.length === 0) return;
          const fix = entries[0].fixes.find((f) => f.isPreferred);
          assert.ok(fix, `no preferred fix for ${JSON.stringify(actions)}`);
          const after = applyFix(text, fix);
          const result = analyze(after);
          assert.equal(result.findings.filter((f) => f.rule === RULE).length, 0, after);
          assertNoNewFindings(analyze(text).findings, result.findings);
          assertFormattingKept(text, after);
        },
      ),
      { numRuns: 200 },
    );
  });
});
