import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyFixEdits } from '../../../server/src/engine/edits';
import { FIX_ALL_KIND, codeActionsAt, fixAll } from '../../../server/src/services/codeActions';
import { analyze, assertFormattingKept, assertNoNewFindings, languageOf } from './support';

const root = join(__dirname, '..', '..', '..', '..');
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'fixes', name), 'utf8');

describe('source.fixAll and fix-all-of-this-kind', () => {
  it('applies every safe fix, round after round, to a fixed point', () => {
    const text = fixture('many-problems.json');
    const result = fixAll(text, { language: 'json' });
    assert.ok(result.rounds >= 2, 'the missing IAM Deny only shows once the Effect is fixed');
    const after = analyze(result.text).findings.map((f) => f.rule);
    assert.deepEqual(after, [], `left: ${after.join(', ')}\n${result.text}`);
    assert.ok(result.edit);
    assert.equal(applyFixEdits(text, [result.edit]), result.text);
    // More than one round: each later round's edits are on the text the one before made.
    assert.deepEqual(result.edits, [result.edit]);
    assertFormattingKept(text, result.text);
    // A fixed point: nothing more to do.
    assert.equal(fixAll(result.text, { language: 'json' }).edit, undefined);
  });

  it('keeps tabs, CRLF and a single Statement object usable', () => {
    const text = fixture('tabs-crlf-single-statement.json');
    const result = fixAll(text, { language: 'json' });
    assertFormattingKept(text, result.text);
    const rules = analyze(result.text).findings.map((f) => f.rule);
    // allow-iam-write needs a human: fixAll applies only safe fixes.
    assert.deepEqual(rules, ['allow-iam-write']);
    assert.match(result.text, /"Version": "2012-10-17"/);
  });

  it('works on jsonc with comments and trailing commas', () => {
    const text = fixture('commented.jsonc');
    const result = fixAll(text, { language: 'jsonc' });
    assert.deepEqual(analyze(result.text).findings, []);
    assert.ok(result.text.includes('// lookups only'));
    assertFormattingKept(text, result.text);
  });

  it('never applies unsafe or snippet fixes', () => {
    const trust = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'sts:AssumeRole' }],
      },
      null,
      2,
    );
    assert.equal(fixAll(trust).edit, undefined);
    const typo = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjct', Resource: '*' }] });
    assert.equal(fixAll(typo).edit, undefined);
  });

  it('adds no finding to the seed policies', () => {
    const dir = join(root, 'policies');
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      const result = fixAll(text, { language: languageOf(text) });
      assertNoNewFindings(analyze(text).findings, analyze(result.text).findings);
      assertFormattingKept(text, result.text);
    }
  });

  it("one round's fixes come as their own edits, in order and apart, as an editor applies them", () => {
    const statement = (i: number) => ({ Effect: 'allow', Action: `s3:GetObject${i % 2 === 0 ? '' : 'Version'}`, Resource: '*' });
    const text = JSON.stringify({ Statement: Array.from({ length: 40 }, (_, i) => statement(i)) }, null, 2);
    const result = fixAll(text, { language: 'json' });
    assert.equal(result.rounds, 1);
    assert.equal(result.edits.length, result.applied);
    assert.ok(result.edits.length > 40, `${result.edits.length} edits: the 40 Effects and the Version`);
    for (let i = 1; i < result.edits.length; i++) {
      const before = result.edits[i - 1];
      assert.ok(before.offset + before.length < result.edits[i].offset, 'no two edits touch');
    }
    assert.equal(applyFixEdits(text, result.edits), result.text);
    assert.match(result.text, /"Version": "2012-10-17"/);
    assert.doesNotMatch(result.text, /"allow"/);
  });

  it('fix all of this kind: every finding of one rule with its preferred fix', () => {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObjct', 'ec2:DescribeInstancs', 'iam:GetUsr'], Resource: '*' }],
      },
      null,
      2,
    );
    const at = text.indexOf('s3:GetObjct');
    const actions = codeActionsAt(text, at, at);
    const all = actions.find((a) => a.title === 'Fix all unknown-action problems in this file');
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    const after = applyFixEdits(text, all.edits);
    assert.deepEqual(
      analyze(after).findings.filter((f) => f.rule === 'unknown-action'),
      [],
    );
  });

  it('offers quick fixes where the cursor is, and source.fixAll only when asked (or beside them)', () => {
    const text = fixture('many-problems.json');
    const at = text.indexOf('"allow"');
    const quick = codeActionsAt(text, at, at, { language: 'json' }, ['quickfix']);
    assert.deepEqual(
      quick.map((a) => a.title),
      ['Write "Allow"'],
    );
    assert.equal(quick[0].findings[0].rule, 'invalid-effect');
    const source = codeActionsAt(text, 0, 0, { language: 'json' }, ['source.fixAll']);
    assert.deepEqual(
      source.map((a) => a.kind),
      [FIX_ALL_KIND],
    );
    const nowhere = text.indexOf('arn:aws:s3');
    assert.deepEqual(codeActionsAt(text, nowhere, nowhere, { language: 'json' }), []);
    const beside = codeActionsAt(text, at, at, { language: 'json' });
    assert.ok(beside.some((a) => a.kind === FIX_ALL_KIND));
  });

  it('respects rule settings: a rule turned off gets no fix', () => {
    const text = fixture('many-problems.json');
    const result = fixAll(text, { language: 'json', rules: { 'missing-version': 'off' } });
    assert.ok(!result.text.includes('"Version"'));
  });
});
