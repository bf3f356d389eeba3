/**
 * The real STS client (and the real credential providers) over HTTP against the loopback STS server,
 * driven through `iamlp whoami` / `iamlp assume`, with a temporary AWS config and credentials file.
 * Nothing here talks to AWS: every endpoint is 127.0.0.1 and instance metadata is disabled.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';
import { EXIT_AWS_FAILURE } from '../../../server/src/cli/commands/awsOptions';
import { BASELINE, startStsServer, StsServerHandle } from '../../support/stsServer';
import { tempAwsConfig, TempAwsConfig, withProcessEnv } from '../../support/awsTempConfig';

const ROOT = join(__dirname, '..', '..', '..');
const CLI_MAIN = join(ROOT, 'server', 'src', 'cli', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function config(extra = ''): string {
  return `
[profile reporter]
region = eu-west-1

[profile auditor]
role_arn = ${BASELINE.roleArn}
source_profile = reporter
external_id = ${BASELINE.externalId}
role_session_name = profile-session

[profile auditor-wrong-id]
role_arn = ${BASELINE.roleArn}
source_profile = reporter
external_id = Not-The-Lab-Id
${extra}`;
}

const CREDENTIALS = `
[reporter]
aws_access_key_id = ${BASELINE.accessKeyId}
aws_secret_access_key = ${BASELINE.secretAccessKey}

[stranger]
aws_access_key_id = AKIAUNKNOWNKEY000001
aws_secret_access_key = unknownSecret

[bad-secret]
aws_access_key_id = ${BASELINE.accessKeyId}
aws_secret_access_key = notTheRightSecret
`;

describe('STS integration: real SDK clients against the loopback STS', function () {
  this.timeout(30000);
  let sts: StsServerHandle;
  let tmp: TempAwsConfig;
  let env: Record<string, string | undefined>;
  const printedSecrets: string[] = [];

  beforeEach(async () => {
    sts = await startStsServer();
    tmp = tempAwsConfig(config(), CREDENTIALS);
    env = { ...tmp.env, AWS_ENDPOINT_URL_STS: sts.url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  });
  afterEach(async () => {
    await sts.close();
    tmp.remove();
  });

  /** `iamlp ...` in-process, with process.env = the test environment (inner SDK clients read it). */
  async function iamlp(args: string[], runEnv = env): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: runEnv, cwd: tmp.dir };
    const code = await withProcessEnv(runEnv, () => runCli(args, { ...io, env: process.env }));
    for (const secret of printedSecrets) assert.ok(!stderr.includes(secret), 'a secret reached stderr');
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    return { code, stdout, stderr };
  }

  async function assumeJson(
    args: string[],
  ): Promise<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string; AssumedRoleArn: string }> {
    const r = await iamlp(['assume', ...args, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const creds = JSON.parse(r.stdout);
    printedSecrets.push(creds.SecretAccessKey, creds.SessionToken);
    return creds;
  }

  it('whoami reaches the server through AWS_ENDPOINT_URL_STS with a profile from AWS_SHARED_CREDENTIALS_FILE', async () => {
    const r = await iamlp(['whoami', '--profile', 'reporter', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { Account: '111122223333', Arn: BASELINE.userArn, UserId: 'AIDAQ3EGSVCIDSENTINEL' });
    assert.deepEqual(
      sts.requests.map((q) => [q.action, q.accessKeyId, q.status]),
      [['GetCallerIdentity', BASELINE.accessKeyId, 200]],
    );
  });

  it('assume through the --endpoint-url setting: baseline user before, the role after, signed with the temporary key', async () => {
    const noEnvEndpoint = { ...env, AWS_ENDPOINT_URL_STS: undefined };
    const r = await iamlp(
      [
        'assume',
        '--role-arn',
        BASELINE.roleArn,
        '--external-id',
        BASELINE.externalId,
        '--session-name',
        'lab-05',
        '--duration',
        '900',
        '--profile',
        'reporter',
        '--endpoint-url',
        sts.url,
      ],
      noEnvEndpoint,
    );
    assert.equal(r.code, 0, r.stderr);
    const assumed = `arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/lab-05`;
    assert.equal(r.stderr.split('\n')[0], `Source identity: ${BASELINE.userArn}`);
    assert.match(r.stderr.split('\n')[1], new RegExp(`^Assumed identity: ${assumed.replace(/[/.]/g, '\\$&')} \\(expires `));
    const issued = sts.issued()[0];
    printedSecrets.push(issued.secretAccessKey, issued.sessionToken);
    assert.match(r.stdout, new RegExp(`^export AWS_ACCESS_KEY_ID=${issued.accessKeyId}$`, 'm'));
    assert.deepEqual(
      sts.requests.map((q) => [q.action, q.accessKeyId]),
      [
        ['GetCallerIdentity', BASELINE.accessKeyId],
        ['AssumeRole', BASELINE.accessKeyId],
        ['GetCallerIdentity', issued.accessKeyId],
      ],
    );
    assert.equal(sts.requests[1].params.ExternalId, BASELINE.externalId);
    assert.equal(sts.requests[1].params.DurationSeconds, '900');
    assert.equal(sts.requests[1].params.Version, '2011-06-15');
    assert.ok(Math.abs(issued.expiration.getTime() - Date.now() - 900_000) < 5000);
  });

  it('credentials printed by assume work as environment variables for the next command', async () => {
    const creds = await assumeJson(['--role-arn', BASELINE.roleArn, '--external-id', BASELINE.externalId, '--profile', 'reporter']);
    const roleEnv = {
      ...env,
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    };
    const r = await iamlp(['whoami', '--format', 'json'], roleEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Arn, creds.AssumedRoleArn);
  });

  it('a wrong ExternalId is AccessDenied: exit 3, one sentence naming trust policy and ExternalId', async () => {
    const r = await iamlp(['assume', '--role-arn', BASELINE.roleArn, '--external-id', 'Guessed-Id-2026', '--profile', 'reporter']);
    assert.equal(r.code, EXIT_AWS_FAILURE);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(
      r.stderr,
      /^iamlp assume: AssumeRole of arn:aws:iam::111122223333:role\/Role-IDSentinel-Auditor was denied: check that the role's trust policy allows arn:aws:iam::111122223333:user\/svc-idsentinel-reporter, that the ExternalId matches/,
    );
    assert.ok(!r.stderr.includes('Guessed-Id-2026'));
    // AWS's own code and request id stay next to the explanation, to search for and match in CloudTrail.
    assert.match(r.stderr, / \(AccessDenied, request id [0-9a-f-]{36}\)\.\n$/);
    assert.deepEqual(
      sts.requests.map((q) => [q.action, q.code]),
      [
        ['GetCallerIdentity', undefined],
        ['AssumeRole', 'AccessDenied'],
      ],
    );
  });

  it('the ExternalId from stdin, from IAMLP_EXTERNAL_ID, or asked without echo: never on the command line', async () => {
    const args = ['assume', '--role-arn', BASELINE.roleArn, '--profile', 'reporter', '--no-verify', '--format', 'json'];
    const run = async (extra: string[], io: Partial<CliIO>, runEnv = env) => {
      let stdout = '';
      let stderr = '';
      const code = await withProcessEnv(runEnv, () =>
        runCli([...args, ...extra], {
          stdout: (t) => void (stdout += t),
          stderr: (t) => void (stderr += t),
          env: process.env,
          cwd: tmp.dir,
          ...io,
        }),
      );
      return { code, stdout, stderr };
    };
    const fromStdin = await run(['--external-id-stdin'], { readStdin: async () => `${BASELINE.externalId}\n` });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    const fromEnv = await run([], {}, { ...env, IAMLP_EXTERNAL_ID: BASELINE.externalId });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    const questions: string[] = [];
    const asked = await run([], {
      promptSecret: async (question) => {
        questions.push(question);
        return BASELINE.externalId;
      },
    });
    assert.equal(asked.code, 0, asked.stderr);
    assert.deepEqual(questions, [`ExternalId for ${BASELINE.roleArn} (not echoed; empty for none): `]);
    assert.deepEqual(
      sts.requests.filter((q) => q.action === 'AssumeRole').map((q) => q.params.ExternalId),
      [BASELINE.externalId, BASELINE.externalId, BASELINE.externalId],
    );
    const both = await run(['--external-id-stdin', '--external-id', 'x'], { readStdin: async () => 'y' });
    assert.equal(both.code, 2);
    const empty = await run(['--external-id-stdin'], { readStdin: async () => '\n' });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /standard input held no ExternalId/);
  });

  it('no ExternalId at all is denied too, and the sentence says none was sent', async () => {
    const r = await iamlp(['assume', '--role-arn', BASELINE.roleArn, '--profile', 'reporter', '--no-verify']);
    assert.equal(r.code, EXIT_AWS_FAILURE);
    assert.match(r.stderr, /none was sent/);
  });

  it('Throttling (HTTP 400) is retried by the SDK and then succeeds', async () => {
    sts.throttle(2, 'AssumeRole');
    await assumeJson(['--role-arn', BASELINE.roleArn, '--external-id', BASELINE.externalId, '--profile', 'reporter', '--no-verify']);
    assert.deepEqual(
      sts.requests.map((q) => [q.action, q.status, q.code]),
      [
        ['AssumeRole', 400, 'Throttling'],
        ['AssumeRole', 400, 'Throttling'],
        ['AssumeRole', 200, undefined],
      ],
    );
  });

  it('Throttling that outlasts the retries becomes one sentence', async () => {
    sts.throttle(10);
    const r = await iamlp(['whoami', '--profile', 'reporter']);
    assert.equal(r.code, EXIT_AWS_FAILURE);
    assert.match(
      r.stderr,
      /^iamlp whoami: GetCallerIdentity was throttled by AWS STS after 3 attempts: wait a moment and retry \(Throttling, request id [0-9a-f-]{36}\)\.\n$/,
    );
    assert.equal(sts.requests.length, 3);
  });

  it('expired temporary credentials give ExpiredToken as a sentence', async () => {
    const creds = await assumeJson([
      '--role-arn',
      BASELINE.roleArn,
      '--external-id',
      BASELINE.externalId,
      '--profile',
      'reporter',
      '--no-verify',
    ]);
    sts.expireSessions();
    const r = await iamlp(['whoami'], {
      ...env,
      AWS_ACCESS_KEY_ID: creds.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey,
      AWS_SESSION_TOKEN: creds.SessionToken,
    });
    assert.equal(r.code, EXIT_AWS_FAILURE);
    assert.match(r.stderr, /^iamlp whoami: GetCallerIdentity failed because the credentials have expired: /);
    assert.equal(sts.requests.at(-1)?.code, 'ExpiredToken');
  });

  it('an unknown access key is InvalidClientTokenId, a wrong secret SignatureDoesNotMatch', async () => {
    const unknown = await iamlp(['whoami', '--profile', 'stranger']);
    assert.equal(unknown.code, EXIT_AWS_FAILURE);
    assert.match(unknown.stderr, /does not recognise the access key \(profile "stranger"\)/);
    const wrong = await iamlp(['whoami', '--profile', 'bad-secret']);
    assert.equal(wrong.code, EXIT_AWS_FAILURE);
    assert.match(wrong.stderr, /signature did not match/);
    assert.ok(!wrong.stderr.includes('notTheRightSecret'));
  });

  it('MFA: a wrong code is refused with an MFA sentence, the right one works', async () => {
    const base = [
      'assume',
      '--role-arn',
      BASELINE.mfaRoleArn,
      '--external-id',
      BASELINE.externalId,
      '--mfa-serial',
      BASELINE.mfaSerial,
      '--profile',
      'reporter',
      '--no-verify',
    ];
    const wrong = await iamlp([...base, '--mfa-code', '654321']);
    assert.equal(wrong.code, EXIT_AWS_FAILURE);
    assert.match(wrong.stderr, /^iamlp assume: AssumeRole failed because the MFA code was wrong or already used/);
    assert.ok(!wrong.stderr.includes('654321'));
    const right = await iamlp([...base, '--mfa-code', BASELINE.mfaCode, '--format', 'json']);
    assert.equal(right.code, 0, right.stderr);
    printedSecrets.push(JSON.parse(right.stdout).SecretAccessKey);
    assert.equal(sts.requests.at(-1)?.params.SerialNumber, BASELINE.mfaSerial);
  });

  it('MFA: without --mfa-code the built CLI asks at the terminal, on stderr, and uses the answer', async function () {
    // A pseudo-terminal from util-linux `script`: the prompt only appears when someone can answer.
    if (spawnSync('script', ['--version']).error) this.skip();
    const cli = join(ROOT, '..', 'dist', 'cli.js');
    const command = [
      process.execPath,
      cli,
      'assume',
      '--role-arn',
      BASELINE.mfaRoleArn,
      '--external-id',
      BASELINE.externalId,
      '--mfa-serial',
      BASELINE.mfaSerial,
      '--profile',
      'reporter',
      '--no-verify',
      '--format',
      'json',
    ];
    const child = spawn('script', ['-qec', command.map((a) => `'${a}'`).join(' '), '/dev/null'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no prompt; output so far: ${output}`)), 15000);
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes(`MFA code for ${BASELINE.mfaSerial}: `)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.stdin.write(`${BASELINE.mfaCode}\n`);
    assert.equal(await exited, 0, output);
    assert.match(output, /"AccessKeyId": "ASIA/);
    // The server grants this role only for the right serial and code (it does not record the code).
    const assume = sts.requests.find((r) => r.action === 'AssumeRole');
    assert.equal(assume?.params.SerialNumber, BASELINE.mfaSerial);
  });

  it('honours role profiles: whoami --profile auditor assumes through fromIni, assume --profile auditor uses its settings', async () => {
    const who = await iamlp(['whoami', '--profile', 'auditor', '--format', 'json']);
    assert.equal(who.code, 0, who.stderr);
    assert.equal(JSON.parse(who.stdout).Arn, 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/profile-session');
    assert.equal(sts.requests[0].params.ExternalId, BASELINE.externalId);
    const creds = await assumeJson(['--profile', 'auditor', '--no-verify']);
    assert.equal(creds.AssumedRoleArn, 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/profile-session');
    const denied = await iamlp(['whoami', '--profile', 'auditor-wrong-id']);
    assert.equal(denied.code, EXIT_AWS_FAILURE);
    assert.equal(denied.stderr.trim().split('\n').length, 1);
  });

  it('a profile can use `iamlp assume --format credential-process` as its credential_process', async () => {
    const command = `"${process.execPath}" "${CLI_MAIN}" assume --profile reporter --role-arn ${BASELINE.roleArn} --external-id ${BASELINE.externalId} --session-name via-process --format credential-process`;
    tmp.write(config(`[profile via-process]\ncredential_process = ${command}\n`), CREDENTIALS);
    const r = await iamlp(['whoami', '--profile', 'via-process', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Arn, 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/via-process');
  });

  it('no credentials anywhere, and a network that is down, are sentences too', async () => {
    const none = await iamlp(['whoami'], {
      ...env,
      AWS_SHARED_CREDENTIALS_FILE: join(tmp.dir, 'missing'),
      AWS_CONFIG_FILE: join(tmp.dir, 'missing'),
    });
    assert.equal(none.code, EXIT_AWS_FAILURE);
    assert.match(none.stderr, /^iamlp whoami: No AWS credentials found: /);
    const port = await closedPort();
    const down = await iamlp(['whoami', '--profile', 'reporter', '--endpoint-url', `http://127.0.0.1:${port}`]);
    assert.equal(down.code, EXIT_AWS_FAILURE);
    assert.match(
      down.stderr,
      new RegExp(`^iamlp whoami: GetCallerIdentity could not reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
    );
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('stsServer standalone', function () {
  this.timeout(20000);
  it('starts with --port, prints its URL first, and answers GetCallerIdentity', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'test', 'support', 'stsServer.js'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buffer = '';
        child.stdout.on('data', (d: Buffer) => {
          buffer += d.toString();
          const nl = buffer.indexOf('\n');
          if (nl !== -1) resolve(buffer.slice(0, nl));
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const tmp = tempAwsConfig(
        '',
        `[default]\naws_access_key_id = ${BASELINE.accessKeyId}\naws_secret_access_key = ${BASELINE.secretAccessKey}\n`,
      );
      try {
        let out = '';
        const env = { ...tmp.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
        const code = await withProcessEnv(env, () =>
          runCli(['whoami', '--endpoint-url', url, '--format', 'json'], {
            stdout: (t) => void (out += t),
            stderr: () => undefined,
            env: process.env,
            cwd: tmp.dir,
          }),
        );
        assert.equal(code, 0);
        assert.equal(JSON.parse(out).Arn, BASELINE.userArn);
        const state = (await (await fetch(`${url}/__iamlp/state`)).json()) as { requests: { action: string }[] };
        assert.deepEqual(
          state.requests.map((r) => r.action),
          ['GetCallerIdentity'],
        );
      } finally {
        tmp.remove();
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
