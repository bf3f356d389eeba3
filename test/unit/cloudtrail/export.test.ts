import * as assert from 'node:assert/strict';
import { parseAssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import { csvField, eventsToCsv, eventsToJson, toEventSummary } from '../../../server/src/aws/cloudtrailExport';
import { fixture } from '../../support/cloudtrailFixtures';

describe('evidence export', () => {
  const ok = parseAssumeRoleEvent(fixture('success-external-id.json'));
  const owner = parseAssumeRoleEvent(fixture('role-owner-aws-account.json'));

  it('the CLI summary has every contract key, null when absent', () => {
    const s = toEventSummary(owner);
    assert.deepEqual(Object.keys(s), [
      'eventId',
      'eventTime',
      'region',
      'principalArn',
      'roleArn',
      'sessionName',
      'externalId',
      'sourceIp',
      'userAgent',
      'errorCode',
      'errorMessage',
    ]);
    assert.equal(s.principalArn, null);
    assert.equal(s.errorCode, null);
    assert.equal(toEventSummary(parseAssumeRoleEvent(fixture('success-no-external-id.json'))).externalId, null);
  });

  it('JSON evidence carries the query, the fields and the raw record', () => {
    const doc = JSON.parse(
      eventsToJson([ok], {
        exportedAt: new Date('2026-03-10T00:00:00Z'),
        regions: ['us-east-1'],
        window: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-10T00:00:00Z') },
        filter: { failedOnly: false },
      }),
    );
    assert.equal(doc.count, 1);
    assert.deepEqual(doc.regions, ['us-east-1']);
    assert.equal(doc.window.start, '2026-03-01T00:00:00.000Z');
    assert.equal(doc.events[0].externalId, 'ext-7f3a');
    assert.equal(doc.events[0].mfaAuthenticated, true);
    assert.equal(doc.events[0].cloudTrailEvent.eventID, ok.eventId);
  });

  it('CSV has a header, CRLF rows and quotes commas, quotes and newlines', () => {
    const tricky = { ...ok, userAgent: 'agent, "quoted"\nline' };
    const csv = eventsToCsv([tricky, owner]);
    const lines = csv.split('\r\n');
    assert.match(lines[0], /^eventTime,eventId,region,principalArn,/);
    assert.ok(csv.includes('"agent, ""quoted""\nline"'));
    assert.equal(csv.endsWith('\r\n'), true);
    const ownerRow = lines.find((l) => l.includes(owner.eventId))!;
    assert.ok(ownerRow.includes(',AWSAccount,444455556666,'), ownerRow);
  });

  it('neutralises spreadsheet formulas in attacker-chosen text', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(csvField(3600), '3600');
    assert.equal(csvField(null), '');
  });
});
