import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { PARTITIONS, resourceArnProblem, splitArn } from '../../../server/src/engine/arn';
import { LineIndex } from '../../../server/src/engine/lineIndex';
import { parsePolicy } from '../../../server/src/engine/parse';
import { parseProjectConfig } from '../../../server/src/config/projectConfig';
import { analyze, findingsOf } from '../../support/policyText';

/** resourceArnProblem as first written, on split parts only: the shortcut must agree with it. */
function referenceProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  if (!value.startsWith('arn:')) return 'not an arn';
  const arn = splitArn(value);
  if (!arn) return 'too few parts';
  const wild = /[*?]|\$\{/;
  if (!PARTITIONS.includes(arn.partition) && !wild.test(arn.partition)) return 'partition';
  if (arn.service === '') return 'service';
  if (arn.account !== '' && !/^\d{12}$/.test(arn.account) && arn.account !== 'aws' && !wild.test(arn.account)) return 'account';
  return undefined;
}

describe('the paths that keep a 1 MB policy fast give the same answers', () => {
  it('resourceArnProblem judges ARNs as the split-based reference does', () => {
    const part = fc.oneof(
      fc.constantFrom('', 'aws', 'aws-cn', 'awsx', 's3', '*', '111122223333', '11112222333a', '${aws:username}', 'a:b', 'bucket/*'),
      fc.string({ maxLength: 14 }),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), fc.boolean(), (parts, prefixed) => {
        const value = (prefixed ? 'arn:' : '') + parts.join(':');
        assert.equal(resourceArnProblem(value) === undefined, referenceProblem(value) === undefined, value);
      }),
      { numRuns: 2000 },
    );
  });

  it('LineIndex counts \\n, \\r\\n and lone \\r as line ends', () => {
    const lf = new LineIndex('ab\ncd\n\nef');
    assert.deepEqual(lf.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(lf.positionAt(7), { line: 3, character: 0 });
    assert.equal(lf.offsetAt({ line: 3, character: 1 }), 8);
    const mixed = new LineIndex('ab\r\ncd\ref\ngh');
    assert.deepEqual(mixed.positionAt(5), { line: 1, character: 1 });
    assert.deepEqual(mixed.positionAt(8), { line: 2, character: 1 });
    assert.deepEqual(mixed.positionAt(11), { line: 3, character: 1 });
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
  });

  it('statements with only known, distinct keys are marked regular; others are not', () => {
    const doc = parsePolicy(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},' +
        '{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"},' +
        '{"Effect":"Allow","Actions":"s3:GetObject","Resource":"*"}]}',
    );
    assert.deepEqual(
      doc.statements.map((s) => s.keysRegular),
      [true, false, false],
    );
  });

  it('unknown and duplicate keys are still found among thousands of regular statements', () => {
    const statements: object[] = [];
    for (let i = 0; i < 2000; i++)
      statements.push({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` });
    const base = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const text = base
      .replace('"Sid": "S1500"', '"Sid": "S1500", "Resources": "*"')
      .replace('"Sid": "S1700"', '"Sid": "S1700", "Sid": "T1700"');
    assert.deepEqual(
      findingsOf('unknown-element', text).map((f) => f.data?.suggestion),
      ['Resource'],
    );
    assert.equal(findingsOf('duplicate-element', text).length, 1);
    // Clean but for its size: far over the managed-policy quota.
    assert.deepEqual(
      analyze(base).findings.map((f) => f.rule),
      ['policy-size-limit'],
    );
  });
});

describe('deeply nested text is a finding, never a crash', () => {
  it('a policy file nested thousands of levels deep', () => {
    const text = '['.repeat(100000);
    assert.deepEqual(analyze(text).findings, [], 'not a policy by its content: nothing to say');
    const forced = analyze(text, { forcePolicy: true });
    assert.deepEqual(
      forced.findings.map((f) => f.rule),
      ['invalid-json'],
    );
    assert.match(forced.findings[0].message, /nests too deeply/);
    // Unreadable, so nothing shows it is a policy: silent, unless the user's globs say it is one.
    const deepStatement = `{"Version":"2012-10-17","Statement":${'{"a":'.repeat(60000)}`;
    assert.deepEqual(analyze(deepStatement).findings, []);
    assert.deepEqual(
      analyze(deepStatement, { forcePolicy: true }).findings.map((f) => f.rule),
      ['invalid-json'],
    );
  });

  it('past 1,000 levels even when the parser could read it (the stack a thread has decides that)', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const deep = analyze(nested(1500), { forcePolicy: true });
    assert.deepEqual(
      deep.findings.map((f) => f.rule),
      ['invalid-json'],
    );
    assert.match(deep.findings[0].message, /nests too deeply/);
    // Within the limit it is read: an array is no policy, and says so.
    assert.doesNotMatch(analyze(nested(900), { forcePolicy: true }).findings[0]?.message ?? '', /nests too deeply/);
  });

  it('the project configuration', () => {
    const config = parseProjectConfig('{"rules":'.repeat(80000), '/p/.iamlp.json');
    assert.ok(config.unusable);
    assert.match(config.problems[0].message, /nests too deeply/);
  });
});
