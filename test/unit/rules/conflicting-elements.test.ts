import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'conflicting-elements';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule conflicting-elements', () => {
  it('fires on Action with NotAction, on the NotAction key, and on Resource with NotResource', () => {
    const both = policy([{ ...ok, NotAction: 's3:PutObject' }]);
    const [conflict] = findingsOf('conflicting-elements', both);
    assert.equal(textAt(both, conflict), '"NotAction"');
    assert.equal(findingsOf('conflicting-elements', policy([{ ...ok, NotResource: '*' }])).length, 1);
  });

  it('fires as an error on Principal with NotPrincipal, naming both', () => {
    const text = policy([
      {
        ...ok,
        Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' },
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/intruder' },
      },
    ]);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"NotPrincipal"');
    assert.match(finding.message, /cannot have both Principal and NotPrincipal: IAM rejects the policy/);
  });

  it('stays silent when a statement uses one form of each element', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok])), []);
    const notForms = policy([
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
        NotAction: 's3:GetObject',
        NotResource: 'arn:aws:s3:::b/*',
      },
    ]);
    assert.deepEqual(findingsOf(RULE, notForms), []);
  });
});
