import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { applyFixEdits, snippetToPlain } from '../../../server/src/engine/edits';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { REPO_ROOT } from '../../support/scenarioPaths';

const read = (rel: string) => readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'config-project', rel), 'utf8');

describe('fix: suppression-missing-reason', () => {
  it('a missing reason gets a quick fix that opens one', () => {
    const text = read('policies/typo.jsonc');
    const at = text.indexOf('/* iamlp');
    const action = codeActionsAt(text, at, at, { language: 'jsonc' }, ['quickfix']).find(
      (a) => a.title === 'Add a reason to the suppression',
    );
    assert.ok(action && action.snippet);
    const after = applyFixEdits(
      text,
      action.edits.map((e) => ({ ...e, newText: snippetToPlain(e.newText) })),
    );
    assert.match(after, /\/\* iamlp-ignore-next-statement unknown-action -- why this finding is accepted \*\//);
    assert.ok(!analyzePolicy(after, { language: 'jsonc' }).findings.some((f) => f.rule === 'suppression-missing-reason'));
  });

  it('opens the reason after the dashes a line comment already has', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [\n  // iamlp-ignore-next-statement allow-iam-write --\n  {"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"}\n]}';
    const at = text.indexOf('// iamlp');
    const action = codeActionsAt(text, at, at, { language: 'jsonc' }, ['quickfix']).find(
      (a) => a.title === 'Add a reason to the suppression',
    );
    assert.ok(action);
    assert.equal(action.edits[0].newText, ' ${1:why this finding is accepted}');
    const after = applyFixEdits(
      text,
      action.edits.map((e) => ({ ...e, newText: snippetToPlain(e.newText) })),
    );
    assert.match(after, /\/\/ iamlp-ignore-next-statement allow-iam-write -- why this finding is accepted\n/);
    assert.deepEqual(
      analyzePolicy(after, { language: 'jsonc' }).findings.filter((f) => f.rule === 'suppression-missing-reason'),
      [],
    );
  });
});
