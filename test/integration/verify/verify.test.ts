import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { AwsFailure } from '../../../server/src/aws/errors';
import { createIamClient, simulatePrincipalPolicy } from '../../../server/src/aws/iamSimulate';
import { verifyLeastPrivilege, verifyPlan } from '../../../server/src/aws/verifyLeastPrivilege';
import { runCli } from '../../../server/src/cli/main';
import { IAM_CALLERS, IAM_PRINCIPALS, IamServerHandle, startIamServer } from '../../support/iamServer';

const catalog = sharedCatalog();
const noSleep = async () => undefined;

/** An environment with no AWS_* from the developer's shell: the given key, the loopback endpoint. */
function env(accessKeyId: string, endpoint: string): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) clean[k] = v;
  return {
    ...clean,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'loopback-secret-not-checked',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_IAM: endpoint,
    AWS_CONFIG_FILE: join(__dirname, 'no-such-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(__dirname, 'no-such-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

async function cli(args: string[], environment: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: environment, cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('verify least privilege against the loopback IAM (SimulatePrincipalPolicy only)', () => {
  let iam: IamServerHandle;
  const allRequests: string[] = [];
  const client = () =>
    createIamClient({ credentials: { accessKeyId: IAM_CALLERS.reporter.accessKeyId, secretAccessKey: 'x' }, endpoint: iam.url });

  beforeEach(async () => {
    iam = await startIamServer();
  });
  afterEach(async () => {
    allRequests.push(...iam.requests.map((r) => r.action));
    await iam.close();
  });
  after(() => {
    // The safety property of the feature: whatever happened above, only the read-only simulator was called.
    assert.ok(allRequests.length > 0);
    assert.deepEqual([...new Set(allRequests)], ['SimulatePrincipalPolicy']);
  });

  it('the plan is every IAM write of the catalog (113, incl. the 2025 delegation actions) and a sample of reads', () => {
    const plan = verifyPlan(catalog);
    assert.equal(plan.writes.length, 113);
    assert.ok(plan.writes.includes('iam:SendDelegationToken'));
    assert.ok(plan.reads.length >= 5);
    assert.ok(plan.reads.every((r) => ['Read', 'List'].includes(catalog.action(r)!.level)));
  });

  it('the reporter (ReadOnly policy): every IAM write explicitly denied, the reads allowed; batched and paginated', async () => {
    const report = await verifyLeastPrivilege(client(), { principalArn: IAM_PRINCIPALS.reporter, sleep: noSleep });
    assert.equal(report.ok, true);
    assert.deepEqual(report.counts.write, { allowed: 0, explicitDeny: 113, implicitDeny: 0 });
    assert.equal(report.counts.read.allowed, verifyPlan(catalog).reads.length);
    assert.deepEqual(report.actions.find((a) => a.action === 'iam:CreateUser')?.matchedPolicies, ['IDSentinel-ReadOnly-Policy']);
    const batches = Math.ceil(report.actions.length / 25);
    assert.ok(iam.requests.length > batches, `pagination: ${iam.requests.length} requests for ${batches} batches`);
    assert.ok(iam.requests.some((r) => r.params.Marker));
    for (const r of iam.requests) {
      assert.equal(r.params.Version, '2010-05-08');
      assert.equal(r.params.PolicySourceArn, IAM_PRINCIPALS.reporter);
      assert.ok(Object.keys(r.params).filter((k) => k.startsWith('ActionNames.member.')).length <= 25);
    }
  });

  it('the auditor role passes too, and a role session ARN is simulated as its role', async () => {
    const session = 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/alice-verify';
    const report = await verifyLeastPrivilege(client(), { principalArn: session, sleep: noSleep });
    assert.equal(report.simulatedArn, IAM_PRINCIPALS.auditor);
    assert.equal(report.ok, true);
    assert.equal(report.counts.write.explicitDeny, 113);
  });

  it('an admin principal fails: every IAM write allowed', async () => {
    const report = await verifyLeastPrivilege(client(), { principalArn: IAM_PRINCIPALS.admin, sleep: noSleep });
    assert.equal(report.ok, false);
    assert.equal(report.allowedWrites.length, 113);
  });

  it('a principal without the Deny passes, but its writes are only implicitly denied', async () => {
    const report = await verifyLeastPrivilege(client(), { principalArn: IAM_PRINCIPALS.legacy, sleep: noSleep });
    assert.equal(report.ok, true);
    assert.deepEqual(report.counts.write, { allowed: 0, explicitDeny: 0, implicitDeny: 113 });
  });

  it('retries throttled calls with backoff, then succeeds', async () => {
    iam.throttle(3);
    const waits: number[] = [];
    const results = await simulatePrincipalPolicy(client(), {
      principalArn: IAM_PRINCIPALS.reporter,
      actions: ['iam:CreateUser', 'iam:GetUser'],
      sleep: async (ms) => void waits.push(ms),
    });
    assert.equal(waits.length, 3);
    assert.ok(waits[1] > waits[0] && waits[2] > waits[1], `exponential: ${waits.join(', ')}`);
    assert.deepEqual(
      results.map((r) => [r.action, r.decision]),
      [
        ['iam:CreateUser', 'explicitDeny'],
        ['iam:GetUser', 'allowed'],
      ],
    );
    assert.deepEqual(
      iam.requests.map((r) => r.code ?? 'ok'),
      ['Throttling', 'Throttling', 'Throttling', 'ok'],
    );
  });

  it('gives up after the retries with a throttling sentence', async () => {
    iam.throttle(100);
    await assert.rejects(
      simulatePrincipalPolicy(client(), {
        principalArn: IAM_PRINCIPALS.reporter,
        actions: ['iam:CreateUser'],
        maxRetries: 2,
        sleep: noSleep,
      }),
      (err: unknown) =>
        err instanceof AwsFailure && err.kind === 'throttled' && /SimulatePrincipalPolicy was throttled by AWS IAM/.test(err.message),
    );
    assert.equal(iam.requests.length, 3);
  });

  it('AccessDenied names the permission the caller needs', async () => {
    const denied = createIamClient({
      credentials: { accessKeyId: IAM_CALLERS.noPermissions.accessKeyId, secretAccessKey: 'x' },
      endpoint: iam.url,
    });
    await assert.rejects(verifyLeastPrivilege(denied, { principalArn: IAM_PRINCIPALS.reporter, sleep: noSleep }), (err: unknown) => {
      assert.ok(err instanceof AwsFailure);
      assert.equal(err.kind, 'access-denied');
      assert.match(err.message, /^SimulatePrincipalPolicy was denied/);
      assert.match(err.message, /need iam:SimulatePrincipalPolicy/);
      return true;
    });
  });

  it('an unknown principal is a one-line NoSuchEntity sentence; a non-IAM ARN is refused before any call', async () => {
    await assert.rejects(
      simulatePrincipalPolicy(client(), {
        principalArn: 'arn:aws:iam::111122223333:user/ghost',
        actions: ['iam:CreateUser'],
        sleep: noSleep,
      }),
      /NoSuchEntity.*ghost cannot be found/,
    );
    const before = iam.requests.length;
    await assert.rejects(
      simulatePrincipalPolicy(client(), { principalArn: 'arn:aws:s3:::bucket', actions: ['iam:CreateUser'] }),
      /not the ARN of an IAM user, group or role/,
    );
    assert.equal(iam.requests.length, before);
  });

  describe('iamlp verify', () => {
    it('exits 0 with a table for the reporter (endpoint from AWS_ENDPOINT_URL_IAM)', async () => {
      const out = await cli(['verify', '--principal', IAM_PRINCIPALS.reporter], env(IAM_CALLERS.reporter.accessKeyId, iam.url));
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stdout, /^Principal: arn:aws:iam::111122223333:user\/svc-idsentinel-reporter/);
      assert.match(out.stdout, /PASS: every IAM write is explicitly denied\./);
      assert.match(out.stdout, /IAM writes \(113\): 0 allowed, 113 explicitly denied, 0 implicitly denied\./);
      assert.match(out.stdout, /iam:GetUser\s+read\s+allowed/);
      assert.ok(!/iam:CreateUser/.test(out.stdout), 'explicitly denied writes are not listed without --all');
      const all = await cli(['verify', '--principal', IAM_PRINCIPALS.reporter, '--all'], env(IAM_CALLERS.reporter.accessKeyId, iam.url));
      assert.match(all.stdout, /iam:CreateUser\s+write\s+explicitly denied\s+IDSentinel-ReadOnly-Policy/);
    });

    it('exits 1 with JSON when an IAM write is allowed', async () => {
      const out = await cli(
        ['verify', '--principal', IAM_PRINCIPALS.admin, '--format', 'json'],
        env(IAM_CALLERS.reporter.accessKeyId, iam.url),
      );
      assert.equal(out.code, 1, out.stderr);
      const json = JSON.parse(out.stdout) as { ok: boolean; allowedWrites: string[]; actions: Array<{ decision: string; kind: string }> };
      assert.equal(json.ok, false);
      assert.equal(json.allowedWrites.length, 113);
      assert.equal(json.actions.filter((a) => a.kind === 'write').length, 113);
    });

    it('--endpoint-url wins; usage errors exit 2; AWS failures exit 3 with one line', async () => {
      const wrongEnv = env(IAM_CALLERS.reporter.accessKeyId, 'http://127.0.0.1:9');
      const viaFlag = await cli(['verify', '--principal', IAM_PRINCIPALS.auditor, '--endpoint-url', iam.url], wrongEnv);
      assert.equal(viaFlag.code, 0, viaFlag.stderr);
      const missing = await cli(['verify'], wrongEnv);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--principal ARN is required/);
      const notIam = await cli(['verify', '--principal', 'arn:aws:s3:::b'], wrongEnv);
      assert.equal(notIam.code, 2);
      const denied = await cli(['verify', '--principal', IAM_PRINCIPALS.reporter], env(IAM_CALLERS.noPermissions.accessKeyId, iam.url));
      assert.equal(denied.code, 3);
      assert.equal(denied.stderr.trim().split('\n').length, 1);
      assert.match(denied.stderr, /^iamlp verify: SimulatePrincipalPolicy was denied/);
    });
  });

  it('the loopback IAM starts standalone and answers over HTTP', async function () {
    const script = join(__dirname, '..', '..', 'support', 'iamServer.js');
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (d: Buffer) => {
          buffered += d.toString();
          const line = buffered.split('\n')[0];
          if (buffered.includes('\n')) resolve(line.trim());
        });
        child.once('exit', (code) => reject(new Error(`iamServer exited ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      // Unknown keys act as the auditor role by default, so sessions from the loopback STS work.
      const standalone = createIamClient({
        credentials: { accessKeyId: 'ASIAANYSESSIONKEY', secretAccessKey: 'x', sessionToken: 't' },
        endpoint: url,
      });
      const results = await simulatePrincipalPolicy(standalone, {
        principalArn: IAM_PRINCIPALS.auditor,
        actions: ['iam:CreateRole', 'cloudtrail:LookupEvents'],
      });
      assert.deepEqual(
        results.map((r) => r.decision),
        ['explicitDeny', 'allowed'],
      );
      const state = (await (await fetch(`${url}/__iamlp/state`)).json()) as { requests: Array<{ action: string }> };
      assert.deepEqual(
        state.requests.map((r) => r.action),
        ['SimulatePrincipalPolicy'],
      );
      allRequests.push(...state.requests.map((r) => r.action));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
