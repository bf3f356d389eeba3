import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'malformed-arn';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule malformed-arn', () => {
  it('fires on resources and AWS principals that are no ARN, on each value', () => {
    const text = policy([
      {
        ...ok,
        Resource: ['arn:aws:s3:::bucket/*', 'bucket/*', 'arn:aws:s3', 'arn:aws:iam::12345:role/x', 'arn:aws:s3:::b/${aws:username}/*'],
      },
    ]);
    assert.deepEqual(
      findingsOf('malformed-arn', text).map((f) => textAt(text, f)),
      ['"bucket/*"', '"arn:aws:s3"', '"arn:aws:iam::12345:role/x"'],
    );
    const principals = policy([
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:s3:::bucket', 'svc-user', '111122223333'] }, Action: 'sts:AssumeRole' },
    ]);
    assert.equal(findingsOf('malformed-arn', principals).length, 2);
  });

  it('fires as an error whose message names the value and what an ARN looks like', () => {
    const text = policy([{ ...ok, Resource: 'bucket/*' }]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"bucket/*"');
    assert.match(finding.message, /^Resource "bucket\/\*" is not an ARN \(arn:partition:service:region:account:resource\)/);
    const principal = policy([{ Effect: 'Allow', Principal: { AWS: 'svc-user' }, Action: 'sts:AssumeRole' }]);
    const [named] = findingsOf(RULE, principal);
    assert.equal(textAt(principal, named), '"svc-user"');
    assert.match(named.message, /^Principal "svc-user" /);
  });

  it('stays silent on "*", well-formed ARNs, policy variables and account ids as principals', () => {
    const text = policy([
      { ...ok, Resource: ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::b/${aws:username}/*', 'arn:aws:iam::111122223333:role/x'] },
    ]);
    assert.deepEqual(findingsOf(RULE, text), []);
    const principals = policy([
      { Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/x', '*'] }, Action: 'sts:AssumeRole' },
    ]);
    assert.deepEqual(findingsOf(RULE, principals), []);
  });
});

describe('malformed-arn accepts what AWS itself publishes', () => {
  it('an empty resource part, as in AmazonDevOpsGuruOrganizationsAccess', () => {
    assert.deepEqual(
      findingsOf(
        'malformed-arn',
        policy([{ Effect: 'Allow', Action: 'organizations:DescribeAccount', Resource: 'arn:aws:organizations::*:' }]),
      ),
      [],
    );
  });
});
