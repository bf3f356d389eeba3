import * as assert from 'node:assert/strict';
import { cachedAnalysis } from '../../../server/src/services/analysisCache';
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
});
