import * as assert from 'node:assert/strict';
import { AwsFailure, classifyAwsError, describeAwsError, redactSecrets, toAwsFailure } from '../../../server/src/aws/errors';

function awsError(name: string, message: string, status = 400, attempts = 1): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status, attempts } });
}

const ROLE = 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor';
const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';

describe('aws/errors', () => {
  it('classifies the failures of the identity baseline', () => {
    assert.equal(
      classifyAwsError(awsError('AccessDenied', `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`, 403)),
      'access-denied',
    );
    assert.equal(
      classifyAwsError(awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403)),
      'mfa-failed',
    );
    assert.equal(classifyAwsError(awsError('ExpiredToken', 'The security token included in the request is expired')), 'expired-token');
    assert.equal(classifyAwsError(awsError('ExpiredTokenException', 'expired')), 'expired-token');
    assert.equal(
      classifyAwsError(awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)),
      'invalid-token',
    );
    assert.equal(
      classifyAwsError(awsError('SignatureDoesNotMatch', 'The request signature we calculated does not match', 403)),
      'signature-mismatch',
    );
    assert.equal(classifyAwsError(awsError('Throttling', 'Rate exceeded')), 'throttled');
    assert.equal(
      classifyAwsError(awsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')),
      'validation',
    );
    assert.equal(
      classifyAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })),
      'no-credentials',
    );
    assert.equal(classifyAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })), 'network');
    assert.equal(
      classifyAwsError(Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) })),
      'network',
    );
    assert.equal(classifyAwsError(new Error('something else')), 'unknown');
  });

  it('says what to check when AssumeRole is denied: principal, ExternalId, trust policy', () => {
    const text = describeAwsError(
      awsError('AccessDenied', `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`, 403),
      {
        operation: 'AssumeRole',
        roleArn: ROLE,
        externalIdSent: true,
      },
    );
    assert.match(text, /^AssumeRole of arn:aws:iam::111122223333:role\/Role-IDSentinel-Auditor was denied: /);
    assert.match(text, /trust policy allows arn:aws:iam::111122223333:user\/svc-idsentinel-reporter/);
    assert.match(text, /ExternalId matches/);
    assert.doesNotMatch(text, /\n/);
  });

  it('points at a missing ExternalId when none was sent', () => {
    const text = describeAwsError(awsError('AccessDenied', 'denied', 403), {
      operation: 'AssumeRole',
      roleArn: ROLE,
      externalIdSent: false,
    });
    assert.match(text, /none was sent/);
  });

  it('gives one sentence per kind, without stack traces or new lines', () => {
    const cases: [unknown, RegExp][] = [
      [awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403), /MFA code was wrong/],
      [awsError('ExpiredToken', 'The security token included in the request is expired'), /have expired/],
      [awsError('InvalidClientTokenId', 'invalid', 403), /does not recognise the access key/],
      [awsError('Throttling', 'Rate exceeded', 400, 3), /throttled by AWS STS after 3 attempts/],
      [
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
        /could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
      ],
      [
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
        /^No AWS credentials found: /,
      ],
    ];
    for (const [err, pattern] of cases) {
      const text = describeAwsError(err, { operation: 'GetCallerIdentity', endpoint: 'http://127.0.0.1:9' });
      assert.match(text, pattern);
      assert.doesNotMatch(text, /\n| {4}at /);
      assert.match(text, /\.$/);
    }
  });

  it("keeps AWS's error code and request id next to the sentence, only for AWS's answers", () => {
    const denied = Object.assign(awsError('AccessDenied', 'User: arn:aws:iam::111122223333:user/x is not authorized', 403), {
      $metadata: { httpStatusCode: 403, requestId: 'c0ffee00-1111-2222-3333-444455556666' },
    });
    const text = describeAwsError(denied, { operation: 'AssumeRole', roleArn: ROLE, externalIdSent: true });
    assert.match(text, /^AssumeRole of .* was denied: .* \(AccessDenied, request id c0ffee00-1111-2222-3333-444455556666\)\.$/);
    const failure = toAwsFailure(denied, { operation: 'AssumeRole' });
    assert.equal(failure.code, 'AccessDenied');
    assert.equal(failure.requestId, 'c0ffee00-1111-2222-3333-444455556666');
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    assert.doesNotMatch(describeAwsError(network, { operation: 'GetCallerIdentity' }), /request id/);
  });

  it("names AWS's own endpoint of the region when no override is set", () => {
    const network = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    assert.match(
      describeAwsError(network, { operation: 'LookupEvents', service: 'cloudtrail', region: 'eu-west-1' }),
      /could not reach https:\/\/cloudtrail\.eu-west-1\.amazonaws\.com \(ENOTFOUND\)/,
    );
    assert.match(describeAwsError(network, { operation: 'SimulatePrincipalPolicy', service: 'iam' }), /https:\/\/iam\.amazonaws\.com/);
  });

  it('names the profile when no credentials are found for it', () => {
    const text = describeAwsError(Object.assign(new Error('Profile dev could not be found'), { name: 'CredentialsProviderError' }), {
      operation: 'GetCallerIdentity',
      profile: 'dev',
    });
    assert.match(text, /^No AWS credentials found for profile "dev"/);
  });

  it('redacts given secrets and anything shaped like a secret key or session token', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'IQoJb3JpZ2luX2VjE' + 'Ab9'.repeat(40);
    const out = redactSecrets(`key ${secret} token ${token} external IDSentinel-Lab-2026 role ${ROLE}`, ['IDSentinel-Lab-2026']);
    assert.ok(!out.includes(secret));
    assert.ok(!out.includes(token));
    assert.ok(!out.includes('IDSentinel-Lab-2026'));
    assert.ok(out.includes(ROLE), 'ARNs stay readable');
    const sentence = describeAwsError(awsError('SomethingOdd', `bad token ${token}`), { operation: 'AssumeRole', secrets: [] });
    assert.ok(!sentence.includes(token));
  });

  it('toAwsFailure keeps kind and code and passes AwsFailure through', () => {
    const failure = toAwsFailure(awsError('ExpiredToken', 'expired'), { operation: 'GetCallerIdentity' });
    assert.ok(failure instanceof AwsFailure);
    assert.equal(failure.kind, 'expired-token');
    assert.equal(failure.code, 'ExpiredToken');
    assert.equal(toAwsFailure(failure, { operation: 'other' }), failure);
  });
});
