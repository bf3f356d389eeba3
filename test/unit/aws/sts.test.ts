import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsFailure } from '../../../server/src/aws/errors';
import { assumeRole, assumeRoleSession, createStsClient, getCallerIdentity } from '../../../server/src/aws/sts';
import { CredentialSource } from '../../../server/src/aws/credentials';

const ROLE = 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor';
const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const ASSUMED = 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/alice-1';
const EXPIRATION = new Date('2030-01-01T01:00:00Z');
const TEMP = {
  AccessKeyId: 'ASIATEMPKEY000000001',
  SecretAccessKey: 'tempSecret0123456789abcdefghijklmnopQRST',
  SessionToken: 'IQoJtempToken'.padEnd(200, 'x9Y'),
  Expiration: EXPIRATION,
};

function deniedError(message: string): Error {
  return Object.assign(new Error(message), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

const staticSource: CredentialSource = {
  provider: async () => ({ accessKeyId: 'AKIASOURCE0000000001', secretAccessKey: 'sourceSecret' }),
  kind: 'env',
  description: 'environment variables',
};

describe('aws/sts (aws-sdk-client-mock)', () => {
  const sts = mockClient(STSClient);
  beforeEach(() => sts.reset());
  after(() => sts.restore());

  it('sends every AssumeRole parameter: ExternalId, duration, MFA, source identity, tags', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: TEMP,
      AssumedRoleUser: { Arn: ASSUMED, AssumedRoleId: 'AROAX:alice-1' },
      SourceIdentity: 'alice',
      PackedPolicySize: 6,
    });
    const client = createStsClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1' });
    const role = await assumeRole(client, {
      roleArn: ROLE,
      sessionName: 'alice-1',
      externalId: 'IDSentinel-Lab-2026',
      durationSeconds: 1800,
      mfaSerial: 'arn:aws:iam::111122223333:mfa/svc',
      mfaCode: '123456',
      sourceIdentity: 'alice',
      tags: { team: 'audit' },
    });
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0].args[0].input, {
      RoleArn: ROLE,
      RoleSessionName: 'alice-1',
      ExternalId: 'IDSentinel-Lab-2026',
      DurationSeconds: 1800,
      SerialNumber: 'arn:aws:iam::111122223333:mfa/svc',
      TokenCode: '123456',
      SourceIdentity: 'alice',
      Tags: [{ Key: 'team', Value: 'audit' }],
    });
    assert.deepEqual(role, {
      credentials: {
        accessKeyId: TEMP.AccessKeyId,
        secretAccessKey: TEMP.SecretAccessKey,
        sessionToken: TEMP.SessionToken,
        expiration: EXPIRATION,
      },
      roleArn: ROLE,
      assumedRoleArn: ASSUMED,
      assumedRoleId: 'AROAX:alice-1',
      sessionName: 'alice-1',
      sourceIdentity: 'alice',
      packedPolicySize: 6,
    });
  });

  it('omits the optional parameters that were not given', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: TEMP, AssumedRoleUser: { Arn: ASSUMED, AssumedRoleId: 'x' } });
    await assumeRole(createStsClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1' }), {
      roleArn: ROLE,
      sessionName: 'alice-1',
    });
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0].args[0].input, { RoleArn: ROLE, RoleSessionName: 'alice-1' });
  });

  it('does not call AWS for input it can reject itself', async () => {
    const client = createStsClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1' });
    await assert.rejects(
      assumeRole(client, { roleArn: 'not-an-arn', sessionName: 'alice-1' }),
      (err: unknown) => err instanceof AwsFailure && err.kind === 'validation',
    );
    assert.equal(sts.calls().length, 0);
  });

  it('turns AccessDenied into a sentence that never contains the ExternalId or MFA code', async () => {
    sts.on(AssumeRoleCommand).rejects(deniedError(`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`));
    const client = createStsClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1' });
    await assert.rejects(assumeRole(client, { roleArn: ROLE, sessionName: 'alice-1', externalId: 'wrong-external-id' }), (err: unknown) => {
      assert.ok(err instanceof AwsFailure);
      assert.equal(err.kind, 'access-denied');
      assert.match(err.message, /ExternalId matches/);
      assert.ok(!err.message.includes('wrong-external-id'));
      return true;
    });
  });

  it('runs GetCallerIdentity with the source credentials, AssumeRole, then GetCallerIdentity with the temporary credentials', async () => {
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      const creds = await (getClient() as STSClient).config.credentials();
      return creds.accessKeyId === TEMP.AccessKeyId
        ? { Account: '111122223333', Arn: ASSUMED, UserId: 'AROAX:alice-1' }
        : { Account: '111122223333', Arn: USER, UserId: 'AIDAX' };
    });
    sts.on(AssumeRoleCommand).resolves({ Credentials: TEMP, AssumedRoleUser: { Arn: ASSUMED, AssumedRoleId: 'AROAX:alice-1' } });
    const steps: string[] = [];
    const result = await assumeRoleSession({
      source: staticSource,
      region: 'eu-west-1',
      input: { roleArn: ROLE, sessionName: 'alice-1', externalId: 'IDSentinel-Lab-2026' },
      onStep: (s) => steps.push(s),
    });
    assert.deepEqual(steps, ['source-identity', 'assume-role', 'role-identity']);
    assert.equal(result.before?.Arn, USER);
    assert.equal(result.after?.Arn, ASSUMED);
    assert.deepEqual(
      sts.calls().map((c) => c.args[0].constructor.name),
      ['GetCallerIdentityCommand', 'AssumeRoleCommand', 'GetCallerIdentityCommand'],
    );
  });

  it('stops after a failing baseline GetCallerIdentity with an expired-token sentence', async () => {
    sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('The security token included in the request is expired'), {
        name: 'ExpiredToken',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await assert.rejects(
      assumeRoleSession({
        source: { ...staticSource, profile: 'reporter' },
        region: 'us-east-1',
        input: { roleArn: ROLE, sessionName: 'alice-1' },
      }),
      /GetCallerIdentity failed because the credentials \(profile "reporter"\) have expired/,
    );
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 0);
  });

  it('getCallerIdentity rejects an incomplete answer', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '1' });
    await assert.rejects(
      getCallerIdentity(createStsClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1' })),
      /incomplete identity/,
    );
  });
});
