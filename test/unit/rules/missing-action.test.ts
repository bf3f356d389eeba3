import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'missing-action';
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('rule missing-action', () => {
  it('fires on a statement with neither Action nor NotAction, and nothing else does', () => {
    assert.deepEqual(rulesOf(policy([{ Effect: 'Allow', Resource: '*' }])), ['missing-action']);
  });

  it('fires as an error on the statement’s opening brace', () => {
    const text = policy([{ Effect: 'Allow', Resource: '*' }]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.offset, text.indexOf('{', text.indexOf('"Statement"')));
    assert.equal(textAt(text, finding), '{');
    assert.match(finding.message, /neither Action nor NotAction, so IAM rejects the policy/);
  });

  it('stays silent on Action or NotAction, and on a statement cut off before its Action', () => {
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])), []);
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }])), []);
    assert.deepEqual(findingsOf(RULE, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", '), []);
  });
});
