import * as assert from 'node:assert/strict';
import { LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleEvent, parseAssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import { applyFilter, defaultRegions, lookupAssumeRoleEvents, matchesRole, mergeEvents } from '../../../server/src/aws/cloudtrailLookup';
import { RateLimiter } from '../../../server/src/aws/cloudtrailRateLimit';
import { fixture } from '../../support/cloudtrailFixtures';

function ev(id: string, time: string, extra: Partial<AssumeRoleEvent> = {}): AssumeRoleEvent {
  return { eventId: id, eventTime: time, raw: {}, ...extra };
}

const noWait = () => new RateLimiter(0);

describe('mergeEvents', () => {
  it('deduplicates by event id and sorts newest first, stable on ties', () => {
    const merged = mergeEvents(
      [ev('b', '2026-03-01T10:00:00Z'), ev('a', '2026-03-01T12:00:00Z')],
      [
        ev('a', '2026-03-01T12:00:00Z', { region: 'us-east-1' }),
        ev('c', '2026-03-01T10:00:00Z'),
        ev('', '2026-03-01T09:00:00Z'),
        ev('', '2026-03-01T09:00:00Z'),
      ],
    );
    assert.deepEqual(
      merged.map((e) => e.eventId),
      ['a', 'b', 'c', '', ''],
    );
    assert.equal(merged[0].region, undefined, 'the first copy wins');
  });
});

describe('filters', () => {
  const events = [
    parseAssumeRoleEvent(fixture('success-external-id.json')),
    parseAssumeRoleEvent(fixture('success-no-external-id.json')),
    parseAssumeRoleEvent(fixture('failure-access-denied.json')),
  ];
  it('matches a role by ARN or by name', () => {
    assert.equal(matchesRole(events[0], 'arn:aws:iam::111122223333:role/Deploy'), true);
    assert.equal(matchesRole(events[0], 'Deploy'), true);
    assert.equal(matchesRole(events[0], 'arn:aws:iam::999999999999:role/Deploy'), false);
    assert.equal(matchesRole(events[1], 'Deploy'), false);
  });
  it('combines role, failures-only and without-ExternalId', () => {
    assert.deepEqual(
      applyFilter(events, { role: 'Deploy' }).map((e) => e.sessionName),
      ['alice-deploy', 'mallory-try'],
    );
    assert.deepEqual(
      applyFilter(events, { failedOnly: true }).map((e) => e.sessionName),
      ['mallory-try'],
    );
    assert.deepEqual(
      applyFilter(events, { withoutExternalIdOnly: true }).map((e) => e.sessionName),
      ['bob-readonly'],
    );
    assert.deepEqual(applyFilter(events, { role: 'Deploy', failedOnly: true, withoutExternalIdOnly: true }), []);
  });
  it('defaults to the active region plus us-east-1, once each', () => {
    assert.deepEqual(defaultRegions('eu-west-1'), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(defaultRegions('us-east-1'), ['us-east-1']);
    assert.deepEqual(defaultRegions(undefined), ['us-east-1']);
  });
});

describe('lookupAssumeRoleEvents with a fake sender', () => {
  const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') };

  it('sends EventName=AssumeRole, the window and MaxResults 50, and stops at maxPagesPerRegion with a resume token', async () => {
    const inputs: LookupEventsCommand['input'][] = [];
    const sender = {
      async send(command: LookupEventsCommand): Promise<LookupEventsCommandOutput> {
        inputs.push(command.input);
        const n = inputs.length;
        return {
          $metadata: {},
          Events: [{ EventId: `e${n}`, EventTime: new Date(Date.UTC(2026, 2, 1, n)), CloudTrailEvent: '{}' }],
          NextToken: `t${n}`,
        };
      },
    };
    const result = await lookupAssumeRoleEvents({
      regions: ['us-east-1'],
      window,
      clientFor: () => sender,
      limiterFor: noWait,
      maxPagesPerRegion: 2,
    });
    assert.equal(inputs.length, 2);
    assert.deepEqual(inputs[0].LookupAttributes, [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }]);
    assert.equal(inputs[0].MaxResults, 50);
    assert.equal(inputs[0].StartTime?.toISOString(), window.start.toISOString());
    assert.equal(inputs[0].NextToken, undefined);
    assert.equal(inputs[1].NextToken, 't1');
    assert.deepEqual(result.nextTokens, { 'us-east-1': 't2' });
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['e2', 'e1'],
    );
    assert.equal(result.events[0].region, 'us-east-1', 'region from the envelope when the record has none');

    const more = await lookupAssumeRoleEvents({
      regions: ['us-east-1', 'eu-west-1'],
      window,
      clientFor: () => sender,
      limiterFor: noWait,
      maxPagesPerRegion: 1,
      resumeTokens: result.nextTokens,
    });
    assert.equal(inputs[2].NextToken, 't2', 'load more continues from the token');
    assert.equal(inputs.length, 3, 'regions without a token are not queried again');
    assert.deepEqual(
      more.events.map((e) => e.eventId),
      ['e3'],
    );
  });

  it('reports a failing region next to the events of the others', async () => {
    const denied = Object.assign(
      new Error('User: arn:aws:sts::111122223333:assumed-role/Auditor/alice is not authorized to perform: cloudtrail:LookupEvents'),
      { name: 'AccessDeniedException' },
    );
    const result = await lookupAssumeRoleEvents({
      regions: ['us-east-1', 'eu-west-1'],
      window,
      limiterFor: noWait,
      clientFor: (region) => ({
        async send(): Promise<LookupEventsCommandOutput> {
          if (region === 'eu-west-1') throw denied;
          return { $metadata: {}, Events: [{ EventId: 'ok', CloudTrailEvent: '{"eventTime":"2026-03-01T01:00:00Z"}' }] };
        },
      }),
    });
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['ok'],
    );
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0].region, 'eu-west-1');
    assert.equal(result.failures[0].kind, 'access-denied');
    assert.match(result.failures[0].message, /eu-west-1.*Auditor\/alice is not allowed to call cloudtrail:LookupEvents/);
  });
});
