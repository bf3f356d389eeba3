import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'unknown-element';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule unknown-element', () => {
  it('fires on names IAM does not define, with did-you-mean, in statements and principals', () => {
    const text = policy([{ ...ok, effect: 'Allow', dAction: 's3:PutObject' }]);
    const found = findingsOf('unknown-element', text);
    assert.deepEqual(
      found.map((f) => f.data?.suggestion),
      ['Effect', 'Action'],
    );
    const principal = findingsOf('unknown-element', policy([{ ...ok, Principal: { aws: '111122223333' } }]));
    assert.equal(principal[0].data?.suggestion, 'AWS');
  });

  it('fires as an error on the key, and lists the allowed names when none is close', () => {
    const text = policy([{ ...ok, Principle: { AWS: '111122223333' } }]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"Principle"');
    assert.match(finding.message, /^"Principle" is not an element of a statement: did you mean "Principal"\?$/);
    const far = policy([{ ...ok, Comment: 'why' }]);
    const [unknown] = findingsOf(RULE, far);
    assert.equal(textAt(far, unknown), '"Comment"');
    assert.match(unknown.message, /^"Comment" is not an element of a statement \(allowed: .*Effect.*\)\.$/);
  });

  it('stays silent on every element IAM defines, written in its exact case', () => {
    const text = policy(
      [
        {
          Sid: 'Everything',
          Effect: 'Allow',
          Principal: { AWS: '111122223333', Service: 'ec2.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::bucket/*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'audit' } },
        },
        { Effect: 'Deny', NotPrincipal: { CanonicalUser: '79a59df900b949e5' }, NotAction: 's3:GetObject', NotResource: '*' },
      ],
      { Id: 'bucket-policy-1' },
    );
    assert.deepEqual(findingsOf(RULE, text), []);
  });

  it('stays the one finding of a misspelt element (with its fix), with no "missing" finding besides', () => {
    const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);
    const text = policy([{ Effect: 'Allow', Actions: 's3:GetObject', Resources: '*' }]);
    assert.deepEqual(rulesOf(text), ['unknown-element', 'unknown-element']);
    assert.deepEqual(
      findingsOf('unknown-element', text).map((f) => f.data?.suggestion),
      ['Action', 'Resource'],
    );
    // Without anything like it, the element is missing.
    assert.deepEqual(rulesOf(policy([{ Effect: 'Allow', Resource: '*' }])), ['missing-action']);
  });
});
