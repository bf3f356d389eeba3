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

  it('fires on bytes of UTF-8, as on disk, not on UTF-16 code units', () => {
    // 3 M characters of "é": 3 M code units, 6 MB of UTF-8.
    const accents = `{"Sid": "${'é'.repeat(3 * 1024 * 1024)}"}`;
    assert.ok(accents.length < MAX_DOCUMENT_LENGTH);
    assert.match(findingsOf(RULE, accents)[0].message, /^This document has 6\.0 MB;/);
  });

  it('fires with the real size a caller read from disk, whatever part of the text it passed', () => {
    const [finding] = analyze('', { sizeBytes: 100 * 1024 * 1024 }).findings;
    assert.equal(finding.rule, RULE);
    assert.match(finding.message, /^This document has 100\.0 MB;/);
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), { sizeBytes: 2048 }), []);
  });
});
