/**
 * Every AWS command ends against an endpoint that accepts the connection and never answers: exit 3
 * and one line naming the endpoint, within the --timeout given. The commands run as real processes,
 * so a socket or timer left behind would keep the process alive and fail the test by its own timeout.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createStsClient, getCallerIdentity } from '../../../server/src/aws/sts';
import { isCancelled } from '../../../server/src/aws/callLimits';
import { startSilentServer, SilentServer } from '../../support/silentServer';

const CLI_MAIN = join(__dirname, '..', '..', '..', 'server', 'src', 'cli', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function iamlp(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('AWS calls never hang: an endpoint that accepts and never answers', function () {
  // Generous: four commands of one second each, plus node start-up on a loaded machine.
  this.timeout(60000);
  let silent: SilentServer;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    silent = await startSilentServer();
    env = {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_ACCESS_KEY_ID: 'AKIDTIMEOUTTEST00001',
      AWS_SECRET_ACCESS_KEY: 'timeout-test-secret',
      AWS_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: silent.url,
    };
  });
  afterEach(() => silent.close());

  const commands: [string, string[]][] = [
    ['whoami', ['whoami']],
    ['assume', ['assume', '--role-arn', 'arn:aws:iam::111122223333:role/Auditor', '--no-verify']],
    ['verify', ['verify', '--principal', 'arn:aws:iam::111122223333:role/Auditor']],
    ['events', ['events', '--region', 'eu-west-1']],
  ];
  for (const [name, args] of commands) {
    it(`iamlp ${name} --timeout 1 exits 3 with one line naming the endpoint`, async () => {
      const r = await iamlp([...args, '--timeout', '1'], env);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.ok(r.stderr.includes(silent.url), r.stderr);
      assert.match(r.stderr, /got no answer .* within 1 s/);
      assert.ok(silent.connections() > 0, 'the request reached the silent endpoint');
    });
  }

  it('--timeout must be a positive number of seconds (usage error, nothing sent)', async () => {
    for (const bad of ['0', '-5', 'soon', '99999']) {
      const r = await iamlp(['whoami', '--timeout', bad], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--timeout takes a number of seconds/);
    }
    assert.equal(silent.connections(), 0);
  });

  it('a cancel signal aborts a call in flight at once, as a "cancelled" failure', async () => {
    const controller = new AbortController();
    const client = createStsClient({
      credentials: { accessKeyId: 'AKIDTIMEOUTTEST00001', secretAccessKey: 'timeout-test-secret' },
      region: 'eu-west-1',
      endpoint: silent.url,
      limits: { timeoutMs: 60_000, signal: controller.signal },
    });
    try {
      const call = getCallerIdentity(client);
      setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      await assert.rejects(call, (err: unknown) => isCancelled(err));
      // The 60 s deadline did not decide it; the cancel did.
      assert.ok(Date.now() - started < 30_000);
      await assert.rejects(getCallerIdentity(client), (err: unknown) => isCancelled(err), 'later calls fail at once too');
    } finally {
      client.destroy();
    }
  });
});
