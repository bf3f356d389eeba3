import * as assert from 'node:assert/strict';
import { parseAssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import { wildcardMatch } from '../../../server/src/engine/trustConditions';
import { explainAssumeRoleFailure } from '../../../server/src/engine/trustEvaluation';
import { TrustPolicyError } from '../../../server/src/engine/trustPolicyText';
import { fixture } from '../../support/cloudtrailFixtures';

const mallory = parseAssumeRoleEvent(fixture('failure-access-denied.json')); // user/mallory, ExternalId "guess"
const alice = parseAssumeRoleEvent(fixture('success-external-id.json')); // user/alice, ExternalId "ext-7f3a", MFA
const bob = parseAssumeRoleEvent(fixture('success-no-external-id.json')); // assumed-role/Engineer/bob, no ExternalId
const carol = parseAssumeRoleEvent(fixture('failure-null-parameters.json')); // requestParameters null
const owner = parseAssumeRoleEvent(fixture('role-owner-aws-account.json')); // AWSAccount 444455556666

function policy(statement: object | object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statement });
}

const externalIdPolicy = `// trust policy of Deploy (comments are fine)
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PartnerWithExternalId",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "sts:ExternalId": "ext-7f3a" } },
    },
  ],
}`;

describe('explainAssumeRoleFailure', () => {
  it('names the failed sts:ExternalId condition with the value the call had', () => {
    const x = explainAssumeRoleFailure(externalIdPolicy, mallory);
    assert.equal(x.decision, 'implicitDeny');
    assert.equal(x.failedConditions.length, 1);
    assert.equal(x.failedConditions[0].key, 'sts:ExternalId');
    assert.equal(x.failedConditions[0].operator, 'StringEquals');
    assert.match(x.summary, /names arn:aws:iam::444455556666:user\/mallory, but a condition failed/);
    assert.match(x.summary, /statement "PartnerWithExternalId".*sts:ExternalId must match "ext-7f3a"; the call had sts:ExternalId "guess"/);
  });

  it('gives the source range of the failed condition and of each statement', () => {
    const x = explainAssumeRoleFailure(externalIdPolicy, mallory);
    const { offset, length } = x.failedConditions[0].range!;
    assert.equal(externalIdPolicy.slice(offset, offset + length), '"sts:ExternalId": "ext-7f3a"');
    const statement = x.statements[0].range!;
    assert.match(
      externalIdPolicy.slice(statement.offset, statement.offset + statement.length),
      /^\{\s*"Sid": "PartnerWithExternalId"[\s\S]*\}$/,
    );
  });

  it('says the ExternalId was missing when the call carried none', () => {
    const x = explainAssumeRoleFailure(externalIdPolicy, bob);
    // bob is account 444455556666 too, so the account principal matches; the condition fails on absence.
    assert.equal(x.decision, 'implicitDeny');
    assert.match(x.failedConditions[0].detail, /requires sts:ExternalId, but the call had no sts:ExternalId/);
  });

  it('allows the matching call and points elsewhere for the denial', () => {
    const x = explainAssumeRoleFailure(externalIdPolicy, alice);
    assert.equal(x.decision, 'allowed');
    assert.match(x.summary, /allows arn:aws:iam::444455556666:user\/alice.*denial came from elsewhere/);
  });

  it('reports a principal that is not named', () => {
    const text = policy({
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::444455556666:user/alice', '999988887777'] },
      Action: 'sts:AssumeRole',
    });
    const x = explainAssumeRoleFailure(text, mallory);
    assert.equal(x.decision, 'implicitDeny');
    assert.equal(x.statements[0].principal, 'no');
    assert.match(
      x.summary,
      /Principal \(arn:aws:iam::444455556666:user\/alice, 999988887777\) does not name arn:aws:iam::444455556666:user\/mallory/,
    );
  });

  it('reports an Action that does not include sts:AssumeRole, and matches wildcards case-insensitively', () => {
    const text = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRoleWithWebIdentity' });
    assert.match(explainAssumeRoleFailure(text, mallory).summary, /Action does not include sts:AssumeRole/);
    const wild = policy({ Effect: 'Allow', Principal: '*', Action: 'STS:Assume*' });
    assert.equal(explainAssumeRoleFailure(wild, mallory).decision, 'allowed');
  });

  it('finds an explicit Deny first', () => {
    const text = policy([
      { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' },
      { Sid: 'NoMallory', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::444455556666:user/mallory' }, Action: 'sts:*' },
    ]);
    const x = explainAssumeRoleFailure(text, mallory);
    assert.equal(x.decision, 'explicitDeny');
    assert.match(x.summary, /statement "NoMallory" is a Deny/);
  });

  it('matches a role principal against the caller’s role session, path included', () => {
    const text = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/teams/Engineer' }, Action: 'sts:AssumeRole' });
    assert.equal(explainAssumeRoleFailure(text, bob).decision, 'allowed');
    const other = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/Engineer' }, Action: 'sts:AssumeRole' });
    assert.equal(
      explainAssumeRoleFailure(other, bob).decision,
      'implicitDeny',
      'the issuer ARN has a path, so role/Engineer is another role',
    );
  });

  it('handles StringLike, IfExists, StringNotEquals and Null on sts:ExternalId', () => {
    const like = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { StringLike: { 'sts:ExternalId': 'ext-*' } },
    });
    assert.equal(explainAssumeRoleFailure(like, alice).decision, 'allowed');
    assert.equal(explainAssumeRoleFailure(like, mallory).decision, 'implicitDeny');

    const ifExists = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { StringEqualsIfExists: { 'sts:ExternalId': 'ext-7f3a' } },
    });
    assert.equal(explainAssumeRoleFailure(ifExists, bob).decision, 'allowed', 'IfExists passes when absent');
    assert.equal(explainAssumeRoleFailure(ifExists, mallory).decision, 'implicitDeny', 'but still compares when present');

    const notEquals = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { StringNotEquals: { 'sts:ExternalId': ['guess', 'test'] } },
    });
    assert.equal(explainAssumeRoleFailure(notEquals, mallory).decision, 'implicitDeny');
    assert.match(explainAssumeRoleFailure(notEquals, mallory).failedConditions[0].detail, /must not match "guess" or "test"/);

    const mustExist = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { Null: { 'sts:ExternalId': 'false' } },
    });
    assert.equal(explainAssumeRoleFailure(mustExist, alice).decision, 'allowed');
    const x = explainAssumeRoleFailure(mustExist, bob);
    assert.equal(x.decision, 'implicitDeny');
    assert.match(x.failedConditions[0].detail, /requires sts:ExternalId to be present; the call had no sts:ExternalId/);
  });

  it('evaluates aws:MultiFactorAuthPresent from the record', () => {
    const mfa = policy({
      Effect: 'Allow',
      Principal: { AWS: '444455556666' },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    assert.equal(explainAssumeRoleFailure(mfa, alice).decision, 'allowed');
    assert.equal(explainAssumeRoleFailure(mfa, bob).decision, 'implicitDeny');
  });

  it('is undecided, not wrong, when the record lacks what a condition needs', () => {
    const x = explainAssumeRoleFailure(externalIdPolicy, carol); // requestParameters null: ExternalId unknown
    assert.equal(x.decision, 'undecided');
    assert.match(x.summary, /the record does not show sts:ExternalId/);
    const ip = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    });
    assert.match(explainAssumeRoleFailure(ip, alice).summary, /aws:SourceIp is not in the CloudTrail record/);
  });

  it('on the role-owner side, an account principal decides but a user principal cannot be told apart', () => {
    const account = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'other' } },
    });
    const x = explainAssumeRoleFailure(account, owner);
    assert.equal(x.decision, 'implicitDeny');
    assert.match(x.summary, /a principal of account 444455556666/);
    const user = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:user/alice' }, Action: 'sts:AssumeRole' });
    assert.equal(explainAssumeRoleFailure(user, owner).decision, 'undecided');
    const elsewhere = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:user/alice' }, Action: 'sts:AssumeRole' });
    assert.equal(explainAssumeRoleFailure(elsewhere, owner).decision, 'implicitDeny');
  });

  it('accepts the get-role output wrapper', () => {
    const wrapped = JSON.stringify({
      Role: {
        AssumeRolePolicyDocument: JSON.parse(
          policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        ),
      },
    });
    const x = explainAssumeRoleFailure(wrapped, mallory);
    assert.equal(x.decision, 'implicitDeny');
  });

  it('rejects text that is not a trust policy with a sentence', () => {
    assert.throws(() => explainAssumeRoleFailure('{ "Statement": [ }', mallory), TrustPolicyError);
    assert.throws(() => explainAssumeRoleFailure('[]', mallory), /must be a JSON object/);
    assert.throws(() => explainAssumeRoleFailure('{"Version":"2012-10-17"}', mallory), /no Statement/);
  });

  it('wildcardMatch follows IAM * and ?', () => {
    assert.equal(wildcardMatch('ext-??', 'ext-12'), true);
    assert.equal(wildcardMatch('ext-??', 'ext-123'), false);
    assert.equal(wildcardMatch('a.b*', 'a.bcd'), true);
    assert.equal(wildcardMatch('a.b*', 'aXbcd'), false);
  });
});
