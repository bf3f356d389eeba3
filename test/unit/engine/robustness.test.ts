import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { analyze, policy } from '../../support/policyText';

const ELEMENTS = [
  'Version',
  'Statement',
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
  'AWS',
  'Service',
  'StringEquals',
  'sts:ExternalId',
];
const VALUES = [
  'Allow',
  'Deny',
  '*',
  'iam:*',
  'iam:Get*',
  'sts:AssumeRole',
  '2012-10-17',
  'arn:aws:iam::111122223333:root',
  'iam:Get(*',
  'iam:?',
  '${aws:username}',
  '',
];

/** JSON values shaped like policies: element names and values drawn from the real vocabulary. */
const policyish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...VALUES),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...ELEMENTS), fc.string()), tie('value'), { maxKeys: 5 }),
  ),
})).value;

function assertAnalyses(text: string): void {
  for (const language of ['json', 'jsonc'] as const) {
    const result = analyze(text, { language });
    assert.deepEqual(result.ruleErrors, [], `a rule failed on ${JSON.stringify(text)}`);
    for (const f of result.findings) {
      assert.ok(f.offset >= 0 && f.offset + f.length <= Math.max(text.length, 1), `range inside the text: ${f.rule}`);
    }
  }
}

describe('robustness: random and mutated documents never throw', () => {
  it('random policy-shaped documents', () => {
    fc.assert(
      fc.property(policyish, (value) => {
        assertAnalyses(JSON.stringify({ Version: '2012-10-17', Statement: value }));
        assertAnalyses(JSON.stringify(value));
      }),
      { numRuns: 400 },
    );
  });

  it('a real policy cut, spliced and corrupted at random places (half-typed input)', () => {
    const base = policy([
      { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
      { Sid: 'DenyIamWrite', Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: '*' },
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:user/u' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' } },
      },
    ]);
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 8 }), (a, b, insert) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        assertAnalyses(base.slice(0, from));
        assertAnalyses(base.slice(0, from) + insert + base.slice(to));
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary text, including control characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        assertAnalyses(text);
        assertAnalyses(`{"Version":"2012-10-17","Statement":${text}`);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary action strings never throw in the matcher', () => {
    const catalog = sharedCatalog();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (action) => {
        const m = catalog.match(action);
        assert.ok(['malformed', 'unknown-service', 'matched'].includes(m.kind));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a 1 MB policy', () => {
  it('is analysed completely', () => {
    const statements = [];
    for (let i = 0; statements.length < 4000; i++) {
      statements.push({
        Sid: `S${i}`,
        Effect: i % 10 === 0 ? 'Deny' : 'Allow',
        Action: [`s3:Get*`, `ec2:Describe*`, i === 3999 ? 'iam:CreateUser' : 'iam:List*', 'dynamodb:Query'],
        Resource: [
          `arn:aws:s3:::bucket-${i}/*`,
          `arn:aws:dynamodb:us-east-1:111122223333:table/t${i}`,
          `arn:aws:iam::111122223333:user/u${i}`,
        ],
      });
    }
    const text = policy(statements);
    assert.ok(text.length > 1024 * 1024, `${text.length} bytes`);
    const result = analyze(text);
    assert.deepEqual(result.ruleErrors, []);
    const write = result.findings.filter((f) => f.rule === 'allow-iam-write');
    assert.equal(write.length, 1);
    assert.deepEqual(write[0].actions, ['iam:CreateUser']);
    assert.equal(write[0].range.start.line > 50000, true);
    assert.equal(result.findings.filter((f) => f.rule === 'missing-iam-write-deny').length, 1);
  });
});
