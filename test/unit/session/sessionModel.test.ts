import * as assert from 'node:assert/strict';
import { ActiveRoleSession, getActiveSession, setActiveSession } from '../../../client/src/session/activeSession';
import { Clock, ExpiryWatcher } from '../../../client/src/session/expiryWatcher';
import { buildRolePicks, ENTER_ROLE_ARN_LABEL } from '../../../client/src/session/rolePicks';
import { readRoleSettings } from '../../../client/src/session/roleSettings';
import { formatCountdown, roleLabel, sessionLogLine, sessionStatusView } from '../../../client/src/session/sessionStatus';
import { roleTerminalEnv, roleTerminalName } from '../../../client/src/session/terminalEnv';

const NOW = new Date('2026-03-04T05:00:00Z');
const SECRET = 'roleSecretAbc0123456789abcdefghijklmnoPQ';
const TOKEN = 'IQoJb3JpZ2luX2VjRoleToken0123456789abcdefghijklmnopqrstuvwxyzABCDEF';

function session(expiresInMs: number): ActiveRoleSession {
  return {
    credentials: {
      accessKeyId: 'ASIAROLEKEY000000001',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      expiration: new Date(NOW.getTime() + expiresInMs),
    },
    roleArn: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor',
    assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/alice-1',
    sessionName: 'alice-1',
    region: 'eu-west-1',
    sourceArn: 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter',
    stsEndpoint: 'http://127.0.0.1:4566',
  };
}

/** A manual clock: advance() fires due timers in order. */
function fakeClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => (timers.set(++seq, { at: now + ms, fn }), seq),
    clearTimeout: (h) => void timers.delete(h as number),
    setInterval: (fn, ms) => (timers.set(++seq, { at: now + ms, fn, every: ms }), seq),
    clearInterval: (h) => void timers.delete(h as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, t] = due;
        now = t.at;
        if (t.every) t.at += t.every;
        else timers.delete(id);
        t.fn();
      }
      now = end;
    },
  };
}

describe('session model (no vscode)', () => {
  afterEach(() => setActiveSession(undefined));

  it('formats the countdown', () => {
    assert.equal(formatCountdown(59 * 60_000 + 32_000), '59:32');
    assert.equal(formatCountdown(3600_000 + 2 * 60_000), '1h 02m');
    assert.equal(formatCountdown(5_000), '0:05');
    assert.equal(formatCountdown(-1), '0:00');
  });

  it('shows role/session and the countdown, warns inside the window, says expired after', () => {
    assert.equal(roleLabel(session(0).assumedRoleArn), 'Role-IDSentinel-Auditor/alice-1');
    const active = sessionStatusView(session(3600_000), NOW, 5 * 60_000);
    assert.equal(active.state, 'active');
    assert.equal(active.text, '$(shield) Role-IDSentinel-Auditor/alice-1 1h 00m');
    assert.match(active.tooltip, /Assumed by: arn:aws:iam::111122223333:user\/svc-idsentinel-reporter/);
    const expiring = sessionStatusView(session(4 * 60_000 + 10_000), NOW, 5 * 60_000);
    assert.equal(expiring.state, 'expiring');
    assert.equal(expiring.text, '$(warning) Role-IDSentinel-Auditor/alice-1 4:10');
    assert.equal(sessionStatusView(session(-1000), NOW, 0).state, 'expired');
    assert.equal(sessionStatusView(undefined, NOW, 0).state, 'none');
    for (const view of [active, expiring]) {
      assert.ok(!view.tooltip.includes(SECRET) && !view.tooltip.includes(TOKEN) && !view.text.includes(SECRET));
    }
  });

  it('log lines name identities and never the secret key or token', () => {
    const line = sessionLogLine(session(3600_000));
    assert.match(
      line,
      /^Assumed arn:aws:sts::111122223333:assumed-role\/Role-IDSentinel-Auditor\/alice-1 as arn:aws:iam::111122223333:user\/svc-idsentinel-reporter/,
    );
    assert.ok(!line.includes(SECRET));
    assert.ok(!line.includes(TOKEN));
  });

  it('gives the role terminal the credentials and removes AWS_PROFILE', () => {
    const env = roleTerminalEnv(session(3600_000));
    assert.equal(env.AWS_ACCESS_KEY_ID, 'ASIAROLEKEY000000001');
    assert.equal(env.AWS_SECRET_ACCESS_KEY, SECRET);
    assert.equal(env.AWS_SESSION_TOKEN, TOKEN);
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_PROFILE, null);
    assert.equal(env.AWS_ENDPOINT_URL_STS, 'http://127.0.0.1:4566');
    assert.equal(roleTerminalName(session(1)), 'AWS: Role-IDSentinel-Auditor');
  });

  it('builds role picks from the AWS config, settings first and manual entry last', () => {
    const picks = buildRolePicks(
      [
        {
          profile: 'auditor',
          roleArn: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor',
          sourceProfile: 'reporter',
          externalId: 'x',
          mfaSerial: 'arn:aws:iam::111122223333:mfa/m',
        },
      ],
      'arn:aws:iam::111122223333:role/Other',
    );
    assert.deepEqual(
      picks.map((p) => [p.label, p.description]),
      [
        ['Other', 'from settings'],
        ['Role-IDSentinel-Auditor', 'profile auditor'],
        [ENTER_ROLE_ARN_LABEL, undefined],
      ],
    );
    assert.equal(picks[1].detail, 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor · source profile reporter · ExternalId, MFA');
    assert.ok(!picks[1].detail!.includes('x ·'), 'the ExternalId value is not shown');
  });

  it('reads settings with defaults and ignores wrong types', () => {
    const values: Record<string, unknown> = {
      'aws.profile': ' reporter ',
      'aws.stsEndpoint': '',
      'auditorRole.durationSeconds': 1800,
      'auditorRole.sessionTags': { team: 'audit', bad: 3 },
      'auditorRole.warnBeforeExpiryMinutes': 'soon',
    };
    const s = readRoleSettings((k) => values[k]);
    assert.equal(s.profile, 'reporter');
    assert.equal(s.stsEndpoint, undefined);
    assert.equal(s.durationSeconds, 1800);
    assert.deepEqual(s.sessionTags, { team: 'audit' });
    assert.equal(s.warnBeforeExpiryMinutes, 5);
  });

  it('warns once before expiry, ticks, and drops the session at expiry', () => {
    const clock = fakeClock(NOW.getTime());
    const events: string[] = [];
    let ticks = 0;
    const watcher = new ExpiryWatcher(
      {
        onWarn: () => events.push(`warn@${(clock.now() - NOW.getTime()) / 1000}`),
        onExpire: () => events.push(`expire@${(clock.now() - NOW.getTime()) / 1000}`),
        onTick: () => ticks++,
      },
      60_000,
      clock,
    );
    const s = session(10 * 60_000);
    setActiveSession(s);
    watcher.watch(s);
    clock.advance(9 * 60_000 - 1);
    assert.deepEqual(events, []);
    assert.equal(getActiveSession(new Date(0)), s);
    clock.advance(1);
    assert.deepEqual(events, ['warn@540']);
    clock.advance(60_000);
    assert.deepEqual(events, ['warn@540', 'expire@600']);
    assert.equal(getActiveSession(new Date(0)), undefined);
    assert.ok(ticks >= 599 && ticks <= 600, `ticks ${ticks}`);
    clock.advance(60_000);
    assert.equal(ticks <= 600, true, 'ticking stops after expiry');
  });

  it('does not drop a newer session when an old watch fires', () => {
    const clock = fakeClock(NOW.getTime());
    const watcher = new ExpiryWatcher({}, 0, clock);
    const old = session(60_000);
    watcher.watch(old);
    const newer = session(3600_000);
    setActiveSession(newer);
    clock.advance(120_000);
    assert.equal(getActiveSession(new Date(0)), newer);
  });
});
