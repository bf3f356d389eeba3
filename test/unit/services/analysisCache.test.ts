import * as assert from 'node:assert/strict';
import { analysisSettled, analyzeFileInSlices, cachedAnalysis, cachedFileAnalysis } from '../../../server/src/services/analysisCache';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { parsedPolicy } from '../../../server/src/services/parseCache';
import { policy } from '../../support/policyText';

const text = policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]);

describe('one analysis per version of a document', () => {
  it('the same text under the same options is analysed once', () => {
    const first = cachedAnalysis(text, { rules: { 'missing-iam-write-deny': 'off' } });
    assert.equal(cachedAnalysis(text, { rules: { 'missing-iam-write-deny': 'off' } }), first);
    assert.deepEqual(
      first.findings.map((f) => f.rule),
      ['allow-iam-write'],
    );
  });

  it('other text, other settings or another language is a new analysis', () => {
    const first = cachedAnalysis(text, {});
    assert.notEqual(cachedAnalysis(`${text}\n`, {}), first);
    const withoutRule = cachedAnalysis(text, { rules: { 'allow-iam-write': 'off' } });
    assert.ok(!withoutRule.findings.some((f) => f.rule === 'allow-iam-write'), 'settings are not taken from the cached analysis');
    assert.notEqual(cachedAnalysis(text, { language: 'jsonc' }), cachedAnalysis(text, {}));
    const suppressed = cachedAnalysis(text, { suppressions: [{ rules: ['allow-iam-write'], reason: 'lab', source: 'test' }] });
    assert.equal(suppressed.suppressed.length, 1);
  });

  it('code actions and the parse cache reuse the analysis the diagnostics made', () => {
    const analysis = cachedAnalysis(text, {});
    assert.equal(parsedPolicy(text, 'json'), analysis.document);
    const actions = codeActionsAt(text, 0, text.length, {});
    const fix = actions.find((a) => a.findings.some((f) => f.rule === 'missing-iam-write-deny'));
    assert.ok(fix, 'the missing Deny has its fix');
    assert.ok(analysis.findings.includes(fix.findings[0]), 'code actions used the cached analysis, not one of their own');
  });

  it('a code lens on a large file waits for the analysis scheduled or under way, and not for one that is not coming', async () => {
    const statements = Array.from({ length: 700 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::b-${i}/*`,
    }));
    const text = policy(statements);
    assert.ok(text.length >= 64 * 1024);
    const started = performance.now();
    // Nothing scheduled nor under way: at once.
    await analysisSettled(text, 'settled.json');
    assert.ok(performance.now() - started < 1000);
    // Scheduled: the wait lasts until the analysis is cached.
    let scheduled = true;
    const waiting = analysisSettled(text, 'settled.json', { pending: () => scheduled });
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(settled, false, 'still waiting for the scheduled analysis');
    scheduled = false;
    const analysis = await analyzeFileInSlices(text, 'settled.json', {}, () => true);
    await waiting;
    assert.equal(cachedFileAnalysis(text, 'settled.json', {}), analysis, 'the waiter reads the cached analysis');
    // A small file is analysed at once by whoever needs it.
    const small = policy([statements[0]]);
    const smallStarted = performance.now();
    await analysisSettled(small, 'small.json', { pending: () => true });
    assert.ok(performance.now() - smallStarted < 1000, 'a small file does not wait (the patience is 10 s)');
  });
});
