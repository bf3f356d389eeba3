import * as assert from 'node:assert/strict';
import {
  countWithoutExternalId,
  isFailure,
  lacksExternalId,
  normaliseEventTime,
  parseAssumeRoleEvent,
  principalLabel,
} from '../../../server/src/aws/assumeRoleEvent';
import { fixture, fixtureText } from '../../support/cloudtrailFixtures';
import { EventsModel, GroupNode } from '../../../client/src/events/eventsModel';
import { parseWindow } from '../../../server/src/aws/cloudtrailWindow';

describe('parseAssumeRoleEvent', () => {
  it('reads every field of a successful call with ExternalId and MFA', () => {
    const e = parseAssumeRoleEvent(fixtureText('success-external-id.json'));
    assert.equal(e.eventId, 'a1f0c9e2-0001-4e7b-8d6c-5f4e3d2c1b01');
    assert.equal(e.eventTime, '2026-03-02T09:15:04Z');
    assert.equal(e.region, 'us-east-1');
    assert.equal(e.principalArn, 'arn:aws:iam::444455556666:user/alice');
    assert.equal(e.principalType, 'IAMUser');
    assert.equal(e.principalAccountId, '444455556666');
    assert.equal(e.roleArn, 'arn:aws:iam::111122223333:role/Deploy');
    assert.equal(e.sessionName, 'alice-deploy');
    assert.equal(e.externalId, 'ext-7f3a');
    assert.equal(e.durationSeconds, 3600);
    assert.equal(e.sourceIp, '198.51.100.7');
    assert.match(e.userAgent ?? '', /^aws-cli\/2\.15\.0/);
    assert.equal(e.mfaAuthenticated, true);
    assert.equal(e.mfaSerialNumber, 'arn:aws:iam::444455556666:mfa/alice');
    assert.equal(e.issuedAccessKeyId, 'ASIAFIXTUREISSUED001');
    assert.equal(e.assumedRoleArn, 'arn:aws:sts::111122223333:assumed-role/Deploy/alice-deploy');
    assert.equal(e.errorCode, undefined);
    assert.equal(isFailure(e), false);
    assert.equal(lacksExternalId(e), false);
  });

  it('marks a call without ExternalId as a finding, not an error, and reads the session issuer', () => {
    const e = parseAssumeRoleEvent(fixture('success-no-external-id.json'));
    assert.equal(e.externalId, undefined);
    assert.equal(lacksExternalId(e), true);
    assert.equal(isFailure(e), false);
    assert.equal(e.principalType, 'AssumedRole');
    assert.equal(e.principalArn, 'arn:aws:sts::444455556666:assumed-role/Engineer/bob');
    assert.equal(e.sessionIssuerArn, 'arn:aws:iam::444455556666:role/teams/Engineer');
    assert.equal(e.mfaAuthenticated, false, 'the caller session says mfaAuthenticated "false"');
    assert.equal(e.durationSeconds, undefined);
    assert.equal(e.region, 'eu-west-1');
  });

  it('reads an AccessDenied failure with its message and no issued credentials', () => {
    const e = parseAssumeRoleEvent(fixtureText('failure-access-denied.json'));
    assert.equal(e.errorCode, 'AccessDenied');
    assert.match(e.errorMessage ?? '', /mallory is not authorized to perform: sts:AssumeRole/);
    assert.equal(e.issuedAccessKeyId, undefined);
    assert.equal(e.assumedRoleArn, undefined);
    assert.equal(e.externalId, 'guess');
    assert.equal(isFailure(e), true);
  });

  it('keeps a failure whose requestParameters are null: role and session unknown', () => {
    const e = parseAssumeRoleEvent(fixtureText('failure-null-parameters.json'));
    assert.equal(e.errorCode, 'AccessDenied');
    assert.equal(e.roleArn, undefined);
    assert.equal(e.sessionName, undefined);
    assert.equal(e.externalId, undefined);
    assert.equal(e.principalArn, 'arn:aws:iam::444455556666:user/carol');
    assert.equal(e.region, 'us-west-2');
  });

  it('reads the role-owner side of a cross-account call (AWSAccount, no caller ARN)', () => {
    const e = parseAssumeRoleEvent(fixtureText('role-owner-aws-account.json'));
    assert.equal(e.principalType, 'AWSAccount');
    assert.equal(e.principalArn, undefined);
    assert.equal(e.principalAccountId, '444455556666');
    assert.equal(e.principalId, 'AIDAFIXTUREUSER00001');
    assert.equal(e.recipientAccountId, '111122223333');
    assert.equal(e.externalId, 'ext-7f3a');
    assert.equal(principalLabel(e), 'account 444455556666');
  });

  it('labels service callers by the service', () => {
    const e = parseAssumeRoleEvent(fixtureText('aws-service.json'));
    assert.equal(e.principalType, 'AWSService');
    assert.equal(e.invokedBy, 'lambda.amazonaws.com');
    assert.equal(principalLabel(e), 'lambda.amazonaws.com');
    assert.equal(e.roleArn, 'arn:aws:iam::111122223333:role/service-role/ingest-fn');
  });

  it('parses partial records with string numbers, unknown identity types and export-style times', () => {
    const e = parseAssumeRoleEvent(fixtureText('partial-export-shape.json'));
    assert.equal(e.eventTime, '2026-02-27T16:04:32Z');
    assert.equal(e.durationSeconds, 900);
    assert.equal(e.principalType, 'SomeFutureIdentityType');
    assert.equal(e.principalArn, undefined);
    assert.equal(e.region, undefined);
    assert.equal(principalLabel(e), 'SomeFutureIdentityType');
  });

  it('survives wrong types and falls back to the LookupEvents envelope', () => {
    const e = parseAssumeRoleEvent(fixtureText('unknown-minimal.json'), {
      eventId: 'from-envelope',
      eventTime: new Date('2026-03-01T00:00:00Z'),
      region: 'ap-southeast-2',
    });
    assert.equal(e.eventId, 'from-envelope');
    assert.equal(e.eventTime, '2026-03-01T00:00:00Z');
    assert.equal(e.region, 'ap-southeast-2');
    assert.equal(e.roleArn, 'arn:aws:iam::111122223333:role/FromResources', 'role taken from resources');
    assert.equal(e.principalType, undefined);
    assert.equal(principalLabel(e), 'unknown principal');
  });

  it('does not throw on text that is not JSON, and keeps it as raw', () => {
    const e = parseAssumeRoleEvent('{not json', { eventId: 'x' });
    assert.equal(e.eventId, 'x');
    assert.equal(e.eventTime, '');
    assert.equal(e.raw, '{not json');
  });

  it('keeps the record itself as raw and leaves no undefined keys', () => {
    const record = fixture('success-external-id.json');
    const e = parseAssumeRoleEvent(record);
    assert.deepEqual(e.raw, record);
    assert.ok(Object.values(e).every((v) => v !== undefined));
  });
});

describe('normaliseEventTime', () => {
  it('accepts ISO, space-separated nanoseconds, epoch seconds/ms and Dates', () => {
    assert.equal(normaliseEventTime('2026-03-02T09:15:04Z'), '2026-03-02T09:15:04Z');
    assert.equal(normaliseEventTime('2024-12-12 16:04:32.000000000'), '2024-12-12T16:04:32Z');
    assert.equal(normaliseEventTime('2024-12-12T16:04:32.250+01:00'), '2024-12-12T15:04:32.250Z');
    assert.equal(normaliseEventTime(1767225600), '2026-01-01T00:00:00Z');
    assert.equal(normaliseEventTime(1767225600000), '2026-01-01T00:00:00Z');
    assert.equal(normaliseEventTime(new Date('2026-01-01T00:00:00Z')), '2026-01-01T00:00:00Z');
    assert.equal(normaliseEventTime('yesterday'), undefined);
    assert.equal(normaliseEventTime(null), undefined);
  });
});

describe('the "without ExternalId" flag', () => {
  /** The no-ExternalId call with its caller rewritten. */
  function calledBy(identity: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const record = fixture('success-no-external-id.json');
    return parseAssumeRoleEvent({ ...record, ...extra, userIdentity: identity });
  }

  it('applies to calls by IAM principals: IAMUser, AssumedRole, Root, FederatedUser', () => {
    for (const type of ['IAMUser', 'AssumedRole', 'Root', 'FederatedUser']) {
      assert.equal(lacksExternalId(calledBy({ type, arn: 'arn:aws:iam::444455556666:user/x', accountId: '444455556666' })), true, type);
    }
  });

  it('does not apply to AWS services, whether typed AWSService or with invokedBy set', () => {
    assert.equal(lacksExternalId(parseAssumeRoleEvent(fixture('aws-service.json'))), false);
    assert.equal(lacksExternalId(calledBy({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' })), false);
    assert.equal(
      lacksExternalId(calledBy({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/r/s', invokedBy: 'lambda.amazonaws.com' })),
      false,
    );
  });

  it('the events tree and iamlp events count the same events: successful calls by IAM principals', () => {
    const bob = parseAssumeRoleEvent(fixture('success-no-external-id.json'));
    const failedWithout = calledBy(
      { type: 'IAMUser', arn: 'arn:aws:iam::444455556666:user/eve' },
      { errorCode: 'AccessDenied', eventID: 'x-failed' },
    );
    const service = calledBy({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, { eventID: 'x-service' });
    const events = [bob, failedWithout, service];
    assert.equal(countWithoutExternalId(events), 1);
    const model = new EventsModel();
    model.begin(['eu-west-1'], parseWindow('7d', new Date('2026-03-03T00:00:00Z')), 'profile "auditor"');
    model.applyResult({ events, nextTokens: {}, failures: [], pages: { 'eu-west-1': 1 } });
    const [day] = model.roots() as GroupNode[];
    assert.match(day.description ?? '', /, 1 without ExternalId$/);
  });
});
