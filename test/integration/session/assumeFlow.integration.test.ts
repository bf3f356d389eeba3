/** The VS Code assume flow (minus the vscode glue) with fake prompts, against the loopback STS with the real SDK. */
import * as assert from 'node:assert/strict';
import { getActiveSession, setActiveSession } from '../../../client/src/session/activeSession';
import { AssumeFlowUI, externalIdSecretKey, runAssumeFlow, SecretStore } from '../../../client/src/session/assumeFlow';
import { RolePick } from '../../../client/src/session/rolePicks';
import { readRoleSettings, RoleSettings } from '../../../client/src/session/roleSettings';
import { AwsFailure } from '../../../server/src/aws/errors';
import { BASELINE, startStsServer, StsServerHandle } from '../../support/stsServer';
import { tempAwsConfig, TempAwsConfig } from '../../support/awsTempConfig';
import { startSilentServer } from '../../support/silentServer';

const CONFIG = `
[profile reporter]
region = eu-west-1
[profile auditor]
role_arn = ${BASELINE.roleArn}
source_profile = reporter
external_id = ${BASELINE.externalId}
`;
/** Only the source profile: the role then comes from settings alone, so the ExternalId must be asked for. */
const CONFIG_WITHOUT_ROLE_PROFILE = `
[profile reporter]
region = eu-west-1
`;
const CREDENTIALS = `
[reporter]
aws_access_key_id = ${BASELINE.accessKeyId}
aws_secret_access_key = ${BASELINE.secretAccessKey}
`;

class FakeUI implements AssumeFlowUI {
  prompts: string[] = [];
  progress: string[] = [];
  externalIdAnswer: { value: string; remember: boolean } | undefined = { value: BASELINE.externalId, remember: true };
  mfaAnswer: string | undefined = BASELINE.mfaCode;
  pickIndex = 0;
  offeredPicks: RolePick[] = [];
  async pickRole(picks: RolePick[]) {
    this.prompts.push('pickRole');
    this.offeredPicks = picks;
    return picks[this.pickIndex];
  }
  async inputRoleArn() {
    this.prompts.push('inputRoleArn');
    return undefined;
  }
  async inputExternalId() {
    this.prompts.push('inputExternalId');
    return this.externalIdAnswer;
  }
  async inputMfaCode(serial: string) {
    this.prompts.push(`inputMfaCode:${serial}`);
    return this.mfaAnswer;
  }
  /** When set, the progress is cancelled this many ms after it starts, as the notification's Cancel does. */
  cancelAfterMs: number | undefined;
  async withProgress<T>(title: string, task: (report: (m: string) => void, signal?: AbortSignal) => Promise<T>) {
    this.progress.push(title);
    const controller = new AbortController();
    const timer = this.cancelAfterMs !== undefined ? setTimeout(() => controller.abort(), this.cancelAfterMs) : undefined;
    try {
      return await task((m) => this.progress.push(m), controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

class MemorySecrets implements SecretStore {
  values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

describe('assume flow (VS Code data model) against the loopback STS', function () {
  this.timeout(20000);
  let sts: StsServerHandle;
  let tmp: TempAwsConfig;
  let ui: FakeUI;
  let secrets: MemorySecrets;

  beforeEach(async () => {
    sts = await startStsServer();
    tmp = tempAwsConfig(CONFIG, CREDENTIALS);
    ui = new FakeUI();
    secrets = new MemorySecrets();
    setActiveSession(undefined);
  });
  afterEach(async () => {
    setActiveSession(undefined);
    await sts.close();
    tmp.remove();
  });

  function settings(values: Record<string, unknown>): RoleSettings {
    return readRoleSettings((k) => ({ 'aws.stsEndpoint': sts.url, ...values })[k]);
  }

  it('assumes the role from settings through the endpoint setting, remembers the ExternalId only in the secret store', async () => {
    tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
    const s = settings({
      'aws.profile': 'reporter',
      'auditorRole.roleArn': BASELINE.roleArn,
      'auditorRole.sessionNameTemplate': 'vscode-{user}',
      'auditorRole.durationSeconds': 1800,
    });
    const outcome = await runAssumeFlow({ settings: s, env: tmp.env, ui, secrets });
    assert.ok(outcome);
    const session = getActiveSession();
    assert.equal(session, outcome.session);
    assert.match(session!.assumedRoleArn, /^arn:aws:sts::111122223333:assumed-role\/Role-IDSentinel-Auditor\/vscode-/);
    assert.equal(session!.sourceArn, BASELINE.userArn);
    assert.equal(session!.region, 'eu-west-1');
    assert.equal(session!.stsEndpoint, sts.url);
    assert.equal(session!.credentials.accessKeyId, sts.issued()[0].accessKeyId);
    assert.ok(Math.abs(session!.credentials.expiration.getTime() - Date.now() - 1800_000) < 5000);
    assert.deepEqual(ui.progress, [
      'Assuming Role-IDSentinel-Auditor',
      'Checking the source identity (GetCallerIdentity)…',
      'Assuming the role (AssumeRole)…',
      'Checking the role identity (GetCallerIdentity)…',
    ]);
    assert.deepEqual([...secrets.values.entries()], [[externalIdSecretKey(BASELINE.roleArn), BASELINE.externalId]]);

    // The second time the remembered ExternalId is used without a prompt.
    ui.prompts = [];
    await runAssumeFlow({ settings: s, env: tmp.env, ui, secrets });
    assert.deepEqual(ui.prompts, []);
    assert.equal(
      sts.requests
        .filter((r) => r.action === 'AssumeRole')
        .map((r) => r.params.ExternalId)
        .join(),
      `${BASELINE.externalId},${BASELINE.externalId}`,
    );
  });

  it('offers the roles of the AWS config and takes source profile and ExternalId from the picked profile', async () => {
    const outcome = await runAssumeFlow({ settings: settings({}), env: tmp.env, ui, secrets });
    assert.ok(outcome);
    assert.deepEqual(
      ui.offeredPicks.map((p) => p.description ?? p.label),
      ['profile auditor', '$(edit) Enter a role ARN…'],
    );
    assert.deepEqual(ui.prompts, ['pickRole']);
    assert.equal(outcome.session.sourceProfile, 'reporter');
    assert.equal(outcome.result.before?.Arn, BASELINE.userArn);
    assert.equal(secrets.values.size, 0, 'nothing remembered unasked');
  });

  it("a role ARN in settings that a profile declares brings that profile's ExternalId, without a prompt", async () => {
    const outcome = await runAssumeFlow({ settings: settings({ 'auditorRole.roleArn': BASELINE.roleArn }), env: tmp.env, ui, secrets });
    assert.ok(outcome);
    assert.deepEqual(ui.prompts, []);
    assert.equal(sts.requests.find((r) => r.action === 'AssumeRole')?.params.ExternalId, BASELINE.externalId);
  });

  it('a wrong ExternalId rejects with the AccessDenied sentence and leaves no session', async () => {
    tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
    ui.externalIdAnswer = { value: 'Wrong-Id-123', remember: false };
    await assert.rejects(
      runAssumeFlow({
        settings: settings({ 'aws.profile': 'reporter', 'auditorRole.roleArn': BASELINE.roleArn }),
        env: tmp.env,
        ui,
        secrets,
      }),
      (err: unknown) =>
        err instanceof AwsFailure &&
        err.kind === 'access-denied' &&
        /ExternalId matches/.test(err.message) &&
        !err.message.includes('Wrong-Id-123'),
    );
    assert.equal(getActiveSession(), undefined);
    assert.equal(secrets.values.size, 0);
  });

  it('cancelling a prompt ends quietly before any AWS call', async () => {
    tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
    ui.externalIdAnswer = undefined;
    const outcome = await runAssumeFlow({
      settings: settings({ 'aws.profile': 'reporter', 'auditorRole.roleArn': BASELINE.roleArn }),
      env: tmp.env,
      ui,
      secrets,
    });
    assert.equal(outcome, undefined);
    assert.equal(sts.requests.length, 0);
  });

  it('asks for the MFA code of the configured device; a wrong code is an MFA sentence', async () => {
    tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
    const s = settings({
      'aws.profile': 'reporter',
      'auditorRole.roleArn': BASELINE.mfaRoleArn,
      'auditorRole.mfaSerial': BASELINE.mfaSerial,
    });
    ui.externalIdAnswer = { value: BASELINE.externalId, remember: false };
    const ok = await runAssumeFlow({ settings: s, env: tmp.env, ui, secrets });
    assert.ok(ok);
    assert.ok(ui.prompts.includes(`inputMfaCode:${BASELINE.mfaSerial}`));
    ui.mfaAnswer = '000000';
    await assert.rejects(runAssumeFlow({ settings: s, env: tmp.env, ui, secrets }), /MFA code was wrong/);
  });

  it('a typed ExternalId is remembered only after AssumeRole accepted it', async () => {
    tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
    const s = settings({ 'aws.profile': 'reporter', 'auditorRole.roleArn': BASELINE.roleArn });
    ui.externalIdAnswer = { value: 'Typo-Lab-2026', remember: true };
    await assert.rejects(runAssumeFlow({ settings: s, env: tmp.env, ui, secrets }), /was denied/);
    assert.equal(secrets.values.size, 0, 'the refused value is not stored');
    ui.externalIdAnswer = { value: BASELINE.externalId, remember: true };
    assert.ok(await runAssumeFlow({ settings: s, env: tmp.env, ui, secrets }));
    assert.equal(secrets.values.get(externalIdSecretKey(BASELINE.roleArn)), BASELINE.externalId);
  });

  it('a remembered ExternalId that AWS denies is forgotten, and the next attempt asks again', async () => {
    tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
    const s = settings({ 'aws.profile': 'reporter', 'auditorRole.roleArn': BASELINE.roleArn });
    secrets.values.set(externalIdSecretKey(BASELINE.roleArn), 'Stale-Id-2025');
    await assert.rejects(
      runAssumeFlow({ settings: s, env: tmp.env, ui, secrets }),
      (err: unknown) => err instanceof AwsFailure && err.kind === 'access-denied' && /next attempt asks for it/.test(err.message),
    );
    assert.deepEqual(ui.prompts, [], 'the remembered value was used without a prompt');
    assert.equal(secrets.values.size, 0);
    assert.ok(await runAssumeFlow({ settings: s, env: tmp.env, ui, secrets }));
    assert.deepEqual(ui.prompts, ['inputExternalId']);
  });

  it('Cancel on the progress aborts a call that gets no answer, and ends quietly', async () => {
    const silent = await startSilentServer();
    try {
      tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
      ui.cancelAfterMs = 300;
      const started = Date.now();
      const outcome = await runAssumeFlow({
        settings: readRoleSettings(
          (k) => ({ 'aws.stsEndpoint': silent.url, 'aws.profile': 'reporter', 'auditorRole.roleArn': BASELINE.roleArn })[k],
        ),
        env: tmp.env,
        ui,
        secrets,
      });
      assert.equal(outcome, undefined);
      assert.ok(Date.now() - started < 10_000, 'the cancel, not the 30 s deadline, ended it');
      assert.equal(silent.connections(), 1);
      assert.equal(getActiveSession(), undefined);
    } finally {
      await silent.close();
    }
  });

  it('the timeout setting ends a call that gets no answer with a sentence naming the endpoint', async () => {
    const silent = await startSilentServer();
    try {
      tmp.write(CONFIG_WITHOUT_ROLE_PROFILE, CREDENTIALS);
      const s = readRoleSettings(
        (k) =>
          ({
            'aws.stsEndpoint': silent.url,
            'aws.profile': 'reporter',
            'auditorRole.roleArn': BASELINE.roleArn,
            'aws.timeoutSeconds': 1,
          })[k],
      );
      ui.externalIdAnswer = { value: BASELINE.externalId, remember: true };
      await assert.rejects(
        runAssumeFlow({ settings: s, env: tmp.env, ui, secrets }),
        (err: unknown) =>
          err instanceof AwsFailure && err.code === 'TimeoutError' && err.message.includes(`no answer from ${silent.url} within 1 s`),
      );
      assert.equal(secrets.values.size, 0);
    } finally {
      await silent.close();
    }
  });
});
