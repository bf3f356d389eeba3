import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeCommand } from '../../../server/src/cli/commands/assume';
import { EXIT_AWS_FAILURE } from '../../../server/src/cli/commands/awsOptions';
import { whoamiCommand } from '../../../server/src/cli/commands/whoami';
import { CliCommand, CliError, CliIO, EXIT_OK, EXIT_USAGE } from '../../../server/src/cli/types';
import { tempAwsConfig, TempAwsConfig } from '../../support/awsTempConfig';

const ROLE = 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor';
const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const ASSUMED = 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/run-1';
const TEMP = {
  AccessKeyId: 'ASIATEMPKEY000000001',
  SecretAccessKey: 'tempSecretAbc0123456789abcdefghijklmnoPQ',
  SessionToken: 'IQoJb3JpZ2luX2VjTempToken0123456789abcdefghijklmnopqrstuvwxyzABCDEF',
  Expiration: new Date('2030-01-01T01:00:00Z'),
};

const CONFIG = `
[profile reporter]
region = eu-west-1
[profile auditor]
role_arn = ${ROLE}
source_profile = reporter
external_id = IDSentinel-Lab-2026
duration_seconds = 1800
role_session_name = from-profile
`;
const CREDENTIALS = `
[reporter]
aws_access_key_id = AKIAREPORTER00000001
aws_secret_access_key = reporterSecret
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command the way main.ts does (CliError -> one line on stderr + its exit code). */
async function run(command: CliCommand, args: string[], env: Record<string, string | undefined>, prompt?: CliIO['prompt']): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    cwd: process.cwd(),
    ...(prompt ? { prompt } : {}),
  };
  try {
    return { code: await command.run(args, io), stdout, stderr };
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    return { code: err.exitCode, stdout, stderr: stderr + err.message + '\n' };
  }
}

describe('cli whoami / assume (aws-sdk-client-mock)', () => {
  const sts = mockClient(STSClient);
  let tmp: TempAwsConfig;
  beforeEach(() => {
    sts.reset();
    tmp = tempAwsConfig(CONFIG, CREDENTIALS);
  });
  afterEach(() => tmp.remove());
  after(() => sts.restore());

  function stsAnswers(): void {
    sts.on(GetCallerIdentityCommand).callsFake(async (_i, getClient) => {
      const creds = await (getClient() as STSClient).config.credentials();
      return creds.accessKeyId === TEMP.AccessKeyId
        ? { Account: '111122223333', Arn: ASSUMED, UserId: 'AROAX:run-1' }
        : { Account: '111122223333', Arn: USER, UserId: 'AIDAX' };
    });
    sts.on(AssumeRoleCommand).resolves({ Credentials: TEMP, AssumedRoleUser: { Arn: ASSUMED, AssumedRoleId: 'AROAX:run-1' } });
  }

  it('whoami prints {Account, Arn, UserId} as json and as text', async () => {
    stsAnswers();
    const json = await run(whoamiCommand, ['--profile', 'reporter', '--format', 'json'], tmp.env);
    assert.equal(json.code, EXIT_OK);
    assert.deepEqual(JSON.parse(json.stdout), { Account: '111122223333', Arn: USER, UserId: 'AIDAX' });
    const text = await run(whoamiCommand, ['--profile=reporter'], tmp.env);
    assert.equal(text.stdout, `Account: 111122223333\nArn:     ${USER}\nUserId:  AIDAX\n`);
    const client = sts.commandCalls(GetCallerIdentityCommand)[0].thisValue as STSClient;
    assert.equal(await client.config.region(), 'eu-west-1', "the profile's region");
  });

  it('whoami fails with exit 3 and one line when no credentials exist', async () => {
    stsAnswers(); // the fake resolves the client's credentials, as the real signer would
    const r = await run(whoamiCommand, [], {
      ...tmp.env,
      AWS_SHARED_CREDENTIALS_FILE: tmp.dir + '/none',
      AWS_CONFIG_FILE: tmp.dir + '/none',
    });
    assert.equal(r.code, EXIT_AWS_FAILURE);
    assert.match(r.stderr, /^No AWS credentials found/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('whoami rejects an unknown format and unknown flags as usage errors', async () => {
    assert.equal((await run(whoamiCommand, ['--format', 'yaml'], tmp.env)).code, EXIT_USAGE);
    assert.equal((await run(whoamiCommand, ['--nope'], tmp.env)).code, EXIT_USAGE);
  });

  it('assume --format json prints the credentials and reports both identities on stderr', async () => {
    stsAnswers();
    const r = await run(
      assumeCommand,
      [
        '--role-arn',
        ROLE,
        '--external-id',
        'IDSentinel-Lab-2026',
        '--session-name',
        'run-1',
        '--duration',
        '1h',
        '--profile',
        'reporter',
        '--format',
        'json',
      ],
      tmp.env,
    );
    assert.equal(r.code, EXIT_OK, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      AccessKeyId: TEMP.AccessKeyId,
      SecretAccessKey: TEMP.SecretAccessKey,
      SessionToken: TEMP.SessionToken,
      Expiration: '2030-01-01T01:00:00.000Z',
      AssumedRoleArn: ASSUMED,
    });
    assert.equal(r.stderr, `Source identity: ${USER}\nAssumed identity: ${ASSUMED} (expires 2030-01-01T01:00:00.000Z)\n`);
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0].args[0].input, {
      RoleArn: ROLE,
      RoleSessionName: 'run-1',
      ExternalId: 'IDSentinel-Lab-2026',
      DurationSeconds: 3600,
    });
  });

  it('assume sends every --tag as a session tag, one named like an Object member included', async () => {
    stsAnswers();
    const r = await run(
      assumeCommand,
      ['--role-arn', ROLE, '--profile', 'reporter', '--format', 'json', '--tag', '__proto__=x', '--tag', 'Team=sec=ops'],
      tmp.env,
    );
    assert.equal(r.code, EXIT_OK, r.stderr);
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.Tags, [
      { Key: '__proto__', Value: 'x' },
      { Key: 'Team', Value: 'sec=ops' },
    ]);
  });

  it('assume --format env prints export lines, credential-process the Version 1 shape without extra calls', async () => {
    stsAnswers();
    const env = await run(assumeCommand, ['--role-arn', ROLE, '--external-id', 'IDSentinel-Lab-2026', '--profile', 'reporter'], tmp.env);
    assert.equal(env.code, EXIT_OK, env.stderr);
    assert.match(env.stdout, new RegExp(`^export AWS_ACCESS_KEY_ID=${TEMP.AccessKeyId}$`, 'm'));
    assert.match(env.stdout, /^export AWS_SECRET_ACCESS_KEY=/m);
    assert.match(env.stdout, new RegExp(`^export AWS_SESSION_TOKEN=${TEMP.SessionToken}$`, 'm'));
    sts.resetHistory();
    const cp = await run(
      assumeCommand,
      ['--role-arn', ROLE, '--external-id', 'IDSentinel-Lab-2026', '--profile', 'reporter', '--format', 'credential-process'],
      tmp.env,
    );
    assert.equal(cp.code, EXIT_OK);
    assert.equal(JSON.parse(cp.stdout).Version, 1);
    assert.equal(cp.stderr, '');
    assert.equal(sts.commandCalls(GetCallerIdentityCommand).length, 0);
  });

  it('assume takes the role, ExternalId, duration and session name from a role profile', async () => {
    stsAnswers();
    const r = await run(assumeCommand, ['--profile', 'auditor', '--format', 'json', '--no-verify'], tmp.env);
    assert.equal(r.code, EXIT_OK, r.stderr);
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0].args[0].input, {
      RoleArn: ROLE,
      RoleSessionName: 'from-profile',
      ExternalId: 'IDSentinel-Lab-2026',
      DurationSeconds: 1800,
    });
    const creds = await (sts.commandCalls(AssumeRoleCommand)[0].thisValue as STSClient).config.credentials();
    assert.equal(creds.accessKeyId, 'AKIAREPORTER00000001', 'the source_profile signs AssumeRole');
  });

  it('assume exits 3 with one line on AccessDenied, and never prints the ExternalId', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: USER, UserId: 'AIDAX' });
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error(`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const r = await run(assumeCommand, ['--role-arn', ROLE, '--external-id', 'Wrong-External-Id', '--profile', 'reporter'], tmp.env);
    assert.equal(r.code, EXIT_AWS_FAILURE);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /AssumeRole of .* was denied: check that the role's trust policy allows/);
    assert.ok(!r.stderr.includes('Wrong-External-Id'));
  });

  it('assume asks for the MFA code at the terminal when --mfa-code is missing', async () => {
    stsAnswers();
    const serial = 'arn:aws:iam::111122223333:mfa/svc-idsentinel-reporter';
    const questions: string[] = [];
    const answer = (code: string) => async (question: string) => {
      questions.push(question);
      return code;
    };
    const args = [
      '--role-arn',
      ROLE,
      '--external-id',
      'IDSentinel-Lab-2026',
      '--mfa-serial',
      serial,
      '--profile',
      'reporter',
      '--format',
      'json',
    ];
    const r = await run(assumeCommand, args, tmp.env, answer('852741'));
    assert.equal(r.code, EXIT_OK, r.stderr);
    assert.deepEqual(questions, [`MFA code for ${serial}: `]);
    const sent = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
    assert.equal(sent.SerialNumber, serial);
    assert.equal(sent.TokenCode, '852741');
    assert.ok(!r.stdout.includes('852741') && !r.stderr.includes('852741'), 'the code is not echoed');

    const empty = await run(assumeCommand, args, tmp.env, answer(''));
    assert.equal(empty.code, EXIT_USAGE);
    assert.match(empty.stderr, /pass --mfa-code/);
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 1, 'no AssumeRole without a code');
  });

  it('assume reports usage problems before calling AWS', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--role-arn is required/],
      [['--role-arn', 'arn:aws:iam::1:role/x'], /not an IAM role ARN/],
      [['--role-arn', ROLE, '--duration', '10'], /from 900/],
      [['--role-arn', ROLE, '--mfa-serial', 'arn:aws:iam::111122223333:mfa/svc'], /pass --mfa-code/],
      [['--role-arn', ROLE, '--format', 'yaml'], /--format must be one of env, json, credential-process/],
      [['--role-arn', ROLE, '--tag', 'novalue'], /--tag needs Key=Value/],
      [['--role-arn', ROLE, '--tag', 'Team=a', '--tag', 'team=b'], /--tag team is given twice \(as Team too\)/],
    ];
    for (const [args, pattern] of cases) {
      const r = await run(assumeCommand, args, tmp.env);
      assert.equal(r.code, EXIT_USAGE, args.join(' '));
      assert.match(r.stderr, pattern);
    }
    assert.equal(sts.calls().length, 0);
  });
});
