import * as assert from 'node:assert/strict';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { analyze, findingsOf, textAt } from '../../support/policyText';

const RULE = 'invalid-json';
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule invalid-json', () => {
  it('fires on a truncated policy, which still gets every other finding', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},\n    {"Effect": "Allow", "Action": "s3:Get';
    const rules = rulesOf(text);
    assert.ok(rules.includes('invalid-json'));
    assert.ok(rules.includes('allow-iam-write'));
    assert.ok(rules.includes('missing-iam-write-deny'));
    // The cut-off statement is not blamed for elements it has not reached yet.
    assert.ok(!rules.includes('missing-resource'));
    const json = analyze(text).findings.find((f) => f.rule === 'invalid-json')!;
    assert.equal(json.severity, 'error');
  });

  it('fires on a comment in a .json policy, on the comment, and says AWS rejects it', () => {
    const text =
      '{\n  // reviewed\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}';
    const [finding, ...rest] = findingsOf(RULE, text, { language: 'json' });
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '// reviewed');
    assert.match(finding.message, /^Comments are not allowed in a \.json policy \(AWS rejects them/);
  });

  it('fires on a trailing comma in a .json policy, on what follows it', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}';
    const found = findingsOf(RULE, text, { language: 'json' });
    assert.ok(found.length > 0);
    for (const finding of found) {
      assert.equal(finding.offset, text.indexOf(',}') + 1);
      assert.equal(finding.message, 'Trailing comma: AWS rejects it in a .json policy.');
    }
  });

  it('fires at the end of a document that stops early, and says so', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}';
    const found = findingsOf(RULE, text, { language: 'json' });
    assert.ok(found.length > 0);
    assert.ok(
      found.every(
        (f) => f.offset === text.length && /\(the document ends too early: \d+ brackets and braces are not closed\)\.$/.test(f.message),
      ),
    );
  });

  it('stays silent on well-formed JSON, and on comments and trailing commas in .jsonc', () => {
    const json = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
    assert.deepEqual(findingsOf(RULE, json, { language: 'json' }), []);
    const jsonc =
      '{\n  // reviewed\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",},],\n}';
    assert.deepEqual(findingsOf(RULE, jsonc, { language: 'jsonc' }), []);
  });

  it('fires once per place, however many errors the parser has there', () => {
    const cut = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",';
    const truncated = analyzePolicy(cut).findings.filter((f) => f.rule === RULE);
    assert.equal(truncated.length, 1);
    assert.equal(truncated[0].offset, cut.length);
    assert.match(truncated[0].message, /ends too early: 3 brackets and braces are not closed/);
    const comma = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}';
    const trailing = analyzePolicy(comma).findings.filter((f) => f.rule === RULE);
    assert.deepEqual(
      trailing.map((f) => f.message),
      ['Trailing comma: AWS rejects it in a .json policy.'],
    );
    // Errors at different places are still each reported.
    assert.equal(analyzePolicy('{"Version": "2012-10-17" "Statement": [], }').findings.filter((f) => f.rule === RULE).length, 2);
  });
});
