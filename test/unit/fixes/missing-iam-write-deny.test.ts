import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { compactPatterns, verifyPatterns, wordBoundaries } from '../../../server/src/catalog/compact';
import { analyze, applyFix, assertFormattingKept, assertNoNewFindings, fixesOf, roundTrip } from './support';

const RULE = 'missing-iam-write-deny';

function policy(statements: unknown[], indent: string | number = 2, eol = '\n'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, indent).split('\n').join(eol) + eol;
}

const allowIamRead = { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' };

describe('compact wildcard patterns', () => {
  const catalog = sharedCatalog();
  const reads = catalog.levelSet('iam', ['Read', 'List']);

  it('splits action names at word boundaries', () => {
    assert.deepEqual(wordBoundaries('CreateSAMLProvider'), [6, 10]);
    assert.deepEqual(wordBoundaries('AddClientIDToOpenIDConnectProvider'), [3, 9, 11, 13, 17, 19, 26]);
    assert.deepEqual(wordBoundaries('Get'), []);
  });

  it('covers every IAM write with patterns that match only writes, far fewer than the names', () => {
    const patterns = compactPatterns(catalog, catalog.iamWrite, catalog.iamWrite);
    verifyPatterns(catalog, patterns, catalog.iamWrite, catalog.iamWrite);
    assert.ok(patterns.includes('iam:Create*') && patterns.includes('iam:Delete*') && patterns.includes('iam:PassRole'));
    assert.ok(patterns.length < catalog.iamWrite.count() / 3, `${patterns.length} patterns`);
    for (const p of patterns) {
      const m = catalog.match(p);
      assert.ok(m.kind === 'matched' && !m.set.intersects(reads), `${p} matches a read`);
    }
  });

  it('writes the IAM read/list actions as Get*, List* and the other read prefixes', () => {
    assert.deepEqual(compactPatterns(catalog, reads, reads), ['iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*']);
  });

  it('covers any subset of the IAM writes and matches nothing but writes (property)', () => {
    const writes = catalog.names(catalog.iamWrite);
    fc.assert(
      fc.property(fc.subarray(writes, { minLength: 1 }), (subset) => {
        const target = catalog.emptySet();
        for (const n of subset) target.add(catalog.action(n)!.index);
        const patterns = compactPatterns(catalog, target, catalog.iamWrite);
        verifyPatterns(catalog, patterns, target, catalog.iamWrite);
        assert.ok(patterns.length <= subset.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe(`fix: ${RULE}`, () => {
  const cases: Array<[string, string]> = [
    ['2-space array', policy([allowIamRead])],
    ['4-space array', policy([allowIamRead], 4)],
    ['tab-indented', policy([allowIamRead], '\t')],
    ['CRLF line endings', policy([allowIamRead], 2, '\r\n')],
    ['one line', JSON.stringify({ Version: '2012-10-17', Statement: [allowIamRead] })],
    ['a single Statement object', JSON.stringify({ Version: '2012-10-17', Statement: allowIamRead }, null, 2)],
    ['a single Statement object on one line', JSON.stringify({ Version: '2012-10-17', Statement: allowIamRead })],
    ['iam:* grant', policy([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }])],
    [
      'a conditional Deny named DenyIamWrite',
      policy([
        allowIamRead,
        {
          Sid: 'DenyIamWrite',
          Effect: 'Deny',
          Action: 'iam:*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ]),
    ],
    ['a Deny with NotAction', policy([allowIamRead, { Effect: 'Deny', NotAction: ['iam:Get*', 'iam:Create*'], Resource: '*' }])],
    [
      'a Deny scoped to a resource',
      policy([allowIamRead, { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/x' }]),
    ],
  ];
  for (const [label, text] of cases) {
    it(`adds a DenyIamWrite statement (${label}) and the rule falls silent`, () => {
      const { after, fix } = roundTrip(text, RULE);
      assert.ok(fix.safe && fix.isPreferred);
      assert.equal(analyze(after).findings.filter((f) => f.rule === RULE).length, 0);
      assert.match(after, /"Sid": "DenyIamWrite2?"/);
      assert.match(after, /"iam:Create\*"/);
    });
  }

  it('takes a fresh Sid when DenyIamWrite is taken', () => {
    const { after } = roundTrip(cases[8][1], RULE);
    assert.match(after, /"Sid": "DenyIamWrite2"/);
  });

  const partial: Array<[string, unknown]> = [
    ['an array Action', ['iam:Create*', 'iam:Delete*']],
    ['a string Action', 'iam:Create*'],
    ['explicit names', ['iam:PassRole', 'iam:CreateUser', 'iam:AttachRolePolicy']],
  ];
  for (const [label, action] of partial) {
    it(`extends the unconditional Deny with exactly the uncovered writes (${label})`, () => {
      const deny = { Sid: 'NoIamChanges', Effect: 'Deny', Action: action, Resource: '*' };
      const text = policy([allowIamRead, deny], 4);
      const { after, fix } = roundTrip(text, RULE);
      assert.match(fix.title, /uncovered .*"NoIamChanges"/);
      const parsed = JSON.parse(after) as { Statement: Array<{ Action: string[] }> };
      assert.equal(parsed.Statement.length, 2, 'no statement added');
      const original = Array.isArray(action) ? action : [action];
      assert.deepEqual(parsed.Statement[1].Action.slice(0, original.length), original, 'the existing entries stay first');
      // Each added pattern matches only writes, and at least one uncovered action.
      const catalog = sharedCatalog();
      for (const p of parsed.Statement[1].Action.slice(original.length)) {
        const m = catalog.match(p);
        assert.ok(m.kind === 'matched' && catalog.iamWrite.containsAll(m.set), p);
      }
    });
  }

  it('prefers the Deny whose Sid is DenyIamWrite', () => {
    const text = policy([
      allowIamRead,
      { Sid: 'Other', Effect: 'Deny', Action: ['s3:DeleteBucket'], Resource: '*' },
      { Sid: 'DenyIamWrite', Effect: 'Deny', Action: ['iam:Create*'], Resource: '*' },
    ]);
    const { after } = roundTrip(text, RULE);
    assert.deepEqual((JSON.parse(after) as { Statement: Array<{ Action: string[] }> }).Statement[1].Action, ['s3:DeleteBucket']);
  });

  it('keeps comments and trailing commas of a jsonc policy', () => {
    const text =
      '{\n  // read-only IAM\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "iam:Get*", // lookups\n      "Resource": "*",\n    },\n  ],\n}\n';
    const { after } = roundTrip(text, RULE);
    assert.ok(after.includes('// read-only IAM') && after.includes('// lookups'));
  });

  // Property: for random identity policies that grant IAM and deny some writes in random ways, the
  // fix leaves the rule silent, adds no finding and keeps the layout.
  it('always leaves the rule silent (property, random policies)', () => {
    const catalog = sharedCatalog();
    const iamNames = catalog.names(catalog.iamAll);
    const writes = catalog.names(catalog.iamWrite);
    const grant = fc.oneof(fc.constantFrom('iam:*', 'iam:Get*', 'iam:List*', 'iam:*User*', 's3:GetObject'), fc.constantFrom(...iamNames));
    const denyItem = fc.oneof(fc.constantFrom(...writes), fc.constantFrom('iam:Create*', 'iam:Delete*', 'iam:*Policy', 'iam:Tag*', 's3:*'));
    const actionValue = <T>(items: fc.Arbitrary<T>) => fc.oneof(items, fc.array(items, { minLength: 1, maxLength: 6 }));
    const allow = fc.record({ Effect: fc.constant('Allow'), Action: actionValue(grant), Resource: fc.constant('*') });
    const deny = fc.record(
      {
        Sid: fc.constantFrom('DenyIamWrite', 'Guard', 'Deny1'),
        Effect: fc.constant('Deny'),
        Action: actionValue(denyItem),
        Resource: fc.constantFrom('*', 'arn:aws:iam::*:role/x'),
        Condition: fc.constant({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
      },
      { requiredKeys: ['Effect', 'Action', 'Resource'] },
    );
    const statements = fc
      .tuple(fc.array(allow, { minLength: 1, maxLength: 3 }), fc.array(deny, { maxLength: 3 }))
      .map(([a, d]) => [...a, ...d]);
    const layout = fc.constantFrom<string | number | undefined>(undefined, 2, 4, '\t');
    const single = fc.boolean();
    fc.assert(
      fc.property(statements, layout, single, (stmts, indent, asObject) => {
        // Sids must stay unique for the document to be clean of duplicate-sid.
        const seen = new Set<string>();
        for (const s of stmts as Array<{ Sid?: string }>) {
          if (s.Sid && seen.has(s.Sid)) delete s.Sid;
          else if (s.Sid) seen.add(s.Sid);
        }
        const doc = { Version: '2012-10-17', Statement: asObject && stmts.length === 1 ? stmts[0] : stmts };
        const text = JSON.stringify(doc, null, indent);
        const before = analyze(text);
        const entries = fixesOf(text, RULE);
        if (entries.length === 0) return; // already covered
        const fix = entries[0].fixes.find((f) => f.isPreferred);
        assert.ok(fix, 'no preferred fix');
        const after = applyFix(text, fix);
        const result = analyze(after);
        assert.equal(result.findings.filter((f) => f.rule === RULE).length, 0, `still reported:\n${after}`);
        assertNoNewFindings(before.findings, result.findings);
        assertFormattingKept(text, after);
      }),
      { numRuns: 300 },
    );
  });
});
