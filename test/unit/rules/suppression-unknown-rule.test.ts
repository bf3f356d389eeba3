import * as assert from 'node:assert/strict';
import { applyFixEdits } from '../../../server/src/engine/edits';
import { parseProjectConfig } from '../../../server/src/config/projectConfig';
import { codeActionsAt, fixAll } from '../../../server/src/services/codeActions';
import { analyze, findingsOf, textAt } from '../../support/policyText';

const withComment = (comment: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    ${comment}
    { "Sid": "BreakGlass", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*" }
  ]
}
`;

describe('suppression-unknown-rule', () => {
  it('fires on a mistyped id, on the id itself, with the closest rule', () => {
    const text = withComment('// iamlp-ignore-next-statement allow-iam-writes -- reviewed in SEC-123');
    const [finding] = findingsOf('suppression-unknown-rule', text);
    assert.equal(textAt(text, finding), 'allow-iam-writes');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.data?.suggestion, 'allow-iam-write');
    assert.match(finding.message, /suppresses nothing for it: did you mean "allow-iam-write"\?/);
    // The comment hid nothing: the finding it was meant for is still there.
    assert.equal(findingsOf('allow-iam-write', text).length, 1);
  });

  it('judges each id of a list, in line and block comments, and leaves the valid ones working', () => {
    const text = withComment('/* iamlp-ignore-next-statement missing-iam-write-deny,allow-iam-write, nonsense-id -- lab */');
    const found = findingsOf('suppression-unknown-rule', text);
    assert.deepEqual(
      found.map((f) => textAt(text, f)),
      ['nonsense-id'],
    );
    assert.equal(found[0].data, undefined, 'nothing close enough to suggest');
    assert.match(found[0].message, /is not a rule/);
    assert.deepEqual(findingsOf('allow-iam-write', text), [], 'the valid id still suppresses');
  });

  it('stays silent on real ids, on *, and on comments that are not directives', () => {
    for (const comment of [
      '// iamlp-ignore-next-statement allow-iam-write -- reviewed',
      '// iamlp-ignore-next-statement * -- everything, reviewed',
      '// iamlp-ignore-next-statement -- every rule, reviewed',
      '// iamlp-ignore-next-statementx nonsense',
      '// a note mentioning iamlp-ignore-next-statement nonsense',
    ]) {
      assert.deepEqual(findingsOf('suppression-unknown-rule', withComment(comment)), [], comment);
    }
  });

  it('cannot itself be suppressed', () => {
    const text = withComment('// iamlp-ignore-next-statement * -- all\n    // iamlp-ignore-next-statement allow-iam-writes -- reviewed');
    assert.equal(findingsOf('suppression-unknown-rule', text).length, 1);
    const everything = analyze(text, { suppressions: [{ rules: ['*'], reason: 'lab', source: 'test' }] });
    assert.ok(everything.findings.some((f) => f.rule === 'suppression-unknown-rule'));
  });

  it('offers the closest id as a quick fix that fix-all never applies', () => {
    const text = withComment('// iamlp-ignore-next-statement alow-iam-write -- reviewed in SEC-123');
    const [finding] = findingsOf('suppression-unknown-rule', text);
    const action = codeActionsAt(text, finding.offset, finding.offset, { language: 'jsonc' }).find(
      (a) => a.title === 'Change to "allow-iam-write"',
    );
    assert.ok(action);
    const fixed = applyFixEdits(text, action.edits);
    assert.match(fixed, /iamlp-ignore-next-statement allow-iam-write -- reviewed/);
    assert.deepEqual(findingsOf('allow-iam-write', fixed), []);
    assert.equal(fixAll(text, { language: 'jsonc' }).text.includes('alow-iam-write'), true);
  });

  it('.iamlp.json names the closest rule for an unknown id', () => {
    const config = parseProjectConfig(
      '{"rules": {"allow-iam-writes": "off"}, "suppressions": [{"rules": ["trust-missing-externalid"], "reason": "x"}]}',
      '/p/.iamlp.json',
    );
    const messages = config.problems.map((p) => p.message);
    assert.ok(messages.includes('unknown rule "allow-iam-writes" (did you mean "allow-iam-write"?)'), messages.join('\n'));
    assert.ok(
      messages.includes('unknown rule "trust-missing-externalid" (did you mean "trust-missing-external-id"?)'),
      messages.join('\n'),
    );
  });
});
