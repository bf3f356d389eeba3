import * as assert from 'node:assert/strict';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { applyFixEdits, snippetToPlain } from '../../../server/src/engine/edits';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { SUPPRESSION_REASON_PLACEHOLDER } from '../../../server/src/services/suppressAction';

function suppressAction(text: string, rule: string, language: 'json' | 'jsonc') {
  const finding = analyzePolicy(text, { language }).findings.find((f) => f.rule === rule)!;
  assert.ok(finding, `no ${rule} in ${text}`);
  return codeActionsAt(text, finding.offset, finding.offset, { language }).find((a) => a.title.startsWith(`Suppress ${rule}`));
}

const INDENTED = `{
  // reporter policy, reviewed
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Admin", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*" },
    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }
  ]
}
`;

describe('quick fix: suppress a finding for its statement (.jsonc)', () => {
  it('inserts the directive above the statement, indented like it, with the reason as a snippet placeholder', () => {
    const action = suppressAction(INDENTED, 'allow-iam-write', 'jsonc')!;
    assert.ok(action.snippet);
    assert.match(action.edits[0].newText, /^ {4}\/\/ iamlp-ignore-next-statement allow-iam-write -- \$\{1:why this is accepted\}\n$/);
    const after = applyFixEdits(
      INDENTED,
      action.edits.map((e) => ({ ...e, newText: snippetToPlain(e.newText) })),
    );
    const result = analyzePolicy(after, { language: 'jsonc' });
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'allow-iam-write'),
      [],
    );
    assert.deepEqual(
      result.suppressed.map((s) => [s.finding.rule, s.reason]),
      [['allow-iam-write', SUPPRESSION_REASON_PLACEHOLDER]],
    );
    // Only that statement: the other one's finding stays.
    assert.deepEqual(
      result.findings.map((f) => f.rule).filter((r) => r !== 'missing-iam-write-deny'),
      ['unknown-action'],
    );
  });

  it('uses a block comment before a statement that shares its line', () => {
    const oneLine = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    const action = suppressAction(oneLine, 'unknown-action', 'jsonc')!;
    const after = applyFixEdits(
      oneLine,
      action.edits.map((e) => ({ ...e, newText: snippetToPlain(e.newText) })),
    );
    assert.match(after, /\[\/\* iamlp-ignore-next-statement unknown-action -- why this is accepted \*\/ \{/);
    const result = analyzePolicy(after, { language: 'jsonc' });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressed.length, 1);
  });

  it('is not offered in .json policies (AWS rejects comments) nor for document-wide findings', () => {
    assert.equal(suppressAction(INDENTED.replace('  // reporter policy, reviewed\n', ''), 'allow-iam-write', 'json'), undefined);
    assert.equal(suppressAction(INDENTED, 'missing-iam-write-deny', 'jsonc'), undefined);
  });
});
