import * as assert from 'node:assert/strict';
import { MAX_DOCUMENT_LENGTH } from '../../../server/src/engine/limits';
import { analyze, findingsOf, policy } from '../../support/policyText';

const RULE = 'file-too-large';

describe('rule file-too-large', () => {
  it('fires on a huge document with one finding, not an analysis', () => {
    const huge = ' '.repeat(5 * 1024 * 1024 + 10);
    const result = analyze(huge);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['file-too-large'],
    );
    assert.deepEqual(analyze(huge, { rules: { 'file-too-large': 'off' } }).findings, []);
  });

  it('fires as a warning at the start of a policy one character over the limit, giving its size', () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]);
    const over = text + ' '.repeat(MAX_DOCUMENT_LENGTH + 1 - text.length);
    const [finding, ...rest] = analyze(over).findings;
    assert.deepEqual(rest, [], 'the policy itself is not analysed');
    assert.equal(finding.rule, RULE);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.offset, 0);
    assert.match(finding.message, /^This document has 5\.0 MB; documents over 5 MB are not analysed/);
  });

  it('stays silent on a policy of exactly the limit, which is analysed', () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]);
    const atLimit = text + ' '.repeat(MAX_DOCUMENT_LENGTH - text.length);
    assert.deepEqual(findingsOf(RULE, atLimit), []);
    assert.ok(findingsOf('allow-iam-write', atLimit).length > 0);
  });
});
