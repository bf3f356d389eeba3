import * as assert from 'node:assert/strict';
import { parseDuration, renderSessionName, roleNameFromArn, validateAssumeRoleInput } from '../../../server/src/aws/roleInput';

const ROLE = 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor';
const NOW = new Date('2026-03-04T05:06:07Z');

describe('aws/roleInput', () => {
  it('renders the default session name from the user and the time', () => {
    assert.equal(renderSessionName(undefined, { user: 'alice', now: NOW }), 'alice-20260304T050607Z');
  });

  it('fills every placeholder and replaces characters AWS rejects', () => {
    assert.equal(
      renderSessionName('{user}@{host}/{role}/{profile}/{date}{time}', {
        user: 'Jane Doe',
        host: 'box',
        roleArn: ROLE,
        profile: 'dev',
        now: NOW,
      }),
      'Jane-Doe@box-Role-IDSentinel-Auditor-dev-20260304050607',
    );
    assert.equal(renderSessionName('{epoch}/{unknown}', { now: NOW }), `${NOW.getTime() / 1000}--unknown-`);
    // A placeholder named like an Object.prototype member is unknown too, not its function's source.
    assert.equal(renderSessionName('{constructor}-{toString}', { now: NOW }), '-constructor---toString-');
    assert.equal(renderSessionName('x'.repeat(100), { now: NOW }).length, 64);
    assert.equal(renderSessionName('a', { now: NOW }), 'a-session');
  });

  it('parses durations in seconds and h/m/s', () => {
    assert.equal(parseDuration('3600'), 3600);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('1h30m'), 5400);
    assert.equal(parseDuration('900s'), 900);
    assert.ok(Number.isNaN(parseDuration('an hour')));
    assert.ok(Number.isNaN(parseDuration('')));
  });

  it('finds the role name in an ARN with a path', () => {
    assert.equal(roleNameFromArn('arn:aws:iam::111122223333:role/audit/Role-X'), 'Role-X');
  });

  it('accepts the baseline request and rejects each kind of bad input with a sentence', () => {
    const ok = { roleArn: ROLE, sessionName: 'alice-1', externalId: 'IDSentinel-Lab-2026', durationSeconds: 3600 };
    assert.equal(validateAssumeRoleInput(ok), undefined);
    assert.match(validateAssumeRoleInput({ ...ok, roleArn: 'arn:aws:iam::111122223333:user/x' })!, /not an IAM role ARN/);
    assert.match(validateAssumeRoleInput({ ...ok, sessionName: 'has space' })!, /session name/);
    assert.match(validateAssumeRoleInput({ ...ok, durationSeconds: 60 })!, /from 900/);
    assert.match(validateAssumeRoleInput({ ...ok, durationSeconds: NaN })!, /unreadable/);
    assert.match(validateAssumeRoleInput({ ...ok, externalId: 'x' })!, /ExternalId/);
    assert.match(validateAssumeRoleInput({ ...ok, mfaCode: '123456' })!, /needs the MFA device serial/);
    assert.match(validateAssumeRoleInput({ ...ok, mfaSerial: 'arn:aws:iam::111122223333:mfa/svc' })!, /needs the current 6-digit code/);
    assert.match(validateAssumeRoleInput({ ...ok, mfaSerial: 'arn:aws:iam::111122223333:mfa/svc', mfaCode: '12ab56' })!, /6 digits/);
    assert.equal(validateAssumeRoleInput({ ...ok, mfaSerial: 'arn:aws:iam::111122223333:mfa/svc', mfaCode: '123456' }), undefined);
    assert.match(validateAssumeRoleInput({ ...ok, tags: { 'aws:x': 'y' } })!, /tag key/);
    assert.match(validateAssumeRoleInput({ ...ok, sourceIdentity: 'a b' })!, /source identity/);
  });
});
