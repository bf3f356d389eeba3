import * as assert from 'node:assert/strict';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { findingsOf, textAt } from '../../support/policyText';

const RULE = 'suppression-missing-reason';
const withComment = (comment: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    ${comment}
    { "Sid": "BreakGlass", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*" }
  ]
}
`;

describe('rule suppression-missing-reason', () => {
  it('fires as an error on a line comment without a reason, which still suppresses', () => {
    const comment = '// iamlp-ignore-next-statement allow-iam-write';
    const text = withComment(comment);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), comment);
    assert.match(finding.message, /^This iamlp-ignore-next-statement comment gives no reason\./);
    assert.match(finding.message, /add `-- <reason>` to the comment/);
    // The suppression was meant: it applies, and this finding takes the place of what it hid.
    assert.deepEqual(findingsOf('allow-iam-write', text), []);
  });

  it('fires on a block comment, and on a comment whose reason after -- is empty', () => {
    for (const comment of ['/* iamlp-ignore-next-statement allow-iam-write */', '// iamlp-ignore-next-statement allow-iam-write --']) {
      const text = withComment(comment);
      const [finding] = findingsOf(RULE, text);
      assert.equal(textAt(text, finding), comment, comment);
    }
  });

  it('stays silent on a directive with a reason, and on comments that are not directives', () => {
    for (const comment of [
      '// iamlp-ignore-next-statement allow-iam-write -- reviewed in SEC-123',
      '/* iamlp-ignore-next-statement -- every rule, reviewed */',
      '// a note mentioning iamlp-ignore-next-statement',
      '// break-glass: reviewed in SEC-123',
    ]) {
      assert.deepEqual(findingsOf(RULE, withComment(comment)), [], comment);
    }
  });

  it('never suppresses suppression-missing-reason itself', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [\n// iamlp-ignore-next-statement\n{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
    const result = analyzePolicy(text, { language: 'jsonc', suppressions: [{ rules: [], reason: 'all', source: 'test' }] });
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['suppression-missing-reason'],
    );
  });
});
