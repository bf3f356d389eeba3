import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';
import { assumeRoleRecord, builtInEvents, RunningCloudTrailServer, startCloudTrailServer } from '../../support/cloudTrailServer';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: process.cwd() };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('iamlp events against the loopback CloudTrail server', function () {
  this.timeout(30000);
  let server: RunningCloudTrailServer;
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    server = await startCloudTrailServer({ events: builtInEvents() });
    home = mkdtempSync(join(tmpdir(), 'iamlp-events-'));
    env = {
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
      AWS_SECRET_ACCESS_KEY: 'cli-secret',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_CLOUDTRAIL: server.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  afterEach(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints the JSON contract, newest first, over the active region and us-east-1 by default', async () => {
    const r = await run(['events', '--format', 'json'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { events: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(out), ['events']);
    assert.equal(out.events.length, 4);
    assert.deepEqual(Object.keys(out.events[0]), [
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
    const times = out.events.map((e) => String(e.eventTime));
    assert.deepEqual(times, [...times].sort().reverse());
    assert.deepEqual(new Set(server.requests.map((q) => q.region)), new Set(['eu-west-1', 'us-east-1']));
    assert.equal(out.events.find((e) => e.sessionName === 'bob-readonly')?.externalId, null);
    assert.equal(out.events.find((e) => e.sessionName === 'mallory-try')?.errorCode, 'AccessDenied');
    assert.ok(server.requests.every((q) => q.accessKeyId === 'AKIDCLITEST'));
  });

  it('filters with --failed, --role and --region', async () => {
    const failed = JSON.parse((await run(['events', '--format', 'json', '--failed'], env)).stdout);
    assert.deepEqual(
      failed.events.map((e: { sessionName: string }) => e.sessionName),
      ['mallory-try'],
    );
    const readOnly = JSON.parse((await run(['events', '--format=json', '--role', 'arn:aws:iam::111122223333:role/ReadOnly'], env)).stdout);
    assert.deepEqual(
      readOnly.events.map((e: { sessionName: string }) => e.sessionName),
      ['bob-readonly'],
    );
    server.requests.length = 0;
    const oneRegion = JSON.parse((await run(['events', '--format', 'json', '--region', 'eu-west-1'], env)).stdout);
    assert.deepEqual(
      oneRegion.events.map((e: { sessionName: string }) => e.sessionName),
      ['ci-pipeline'],
    );
    assert.deepEqual([...new Set(server.requests.map((q) => q.region))], ['eu-west-1']);
  });

  it('prints a table with a summary line', async () => {
    const r = await run(['events', '--since', '7d'], env);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^TIME \(UTC\)\s+REGION\s+RESULT\s+ROLE\s+SESSION\s+PRINCIPAL\s+EXTERNAL ID$/);
    assert.ok(
      lines.some((l) => /AccessDenied .*mallory-try .*user\/mallory +guess$/.test(l)),
      r.stdout,
    );
    assert.ok(lines.some((l) => /bob-readonly .*\(none\)$/.test(l)));
    assert.equal(lines.at(-1), '4 AssumeRole events (1 failed, 1 without ExternalId) in eu-west-1, us-east-1 over the last 7 days.');
  });

  it('uses a --profile from the config files', async () => {
    writeFileSync(join(home, 'credentials'), '[auditor]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
    const r = await run(['events', '--profile', 'auditor', '--region', 'us-east-1', '--format', 'json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(server.requests.length > 0 && server.requests.every((q) => q.accessKeyId === 'AKIDPROFILE'));
  });

  it('fails with one sentence when the role lacks cloudtrail:LookupEvents everywhere', async () => {
    server.options.denyRegions = ['*'];
    const r = await run(['events'], env);
    assert.equal(r.code, 3, 'an AWS failure, as in the other AWS commands');
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^iamlp events: Access denied in eu-west-1: .*not allowed to call cloudtrail:LookupEvents/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('lists the readable regions and warns (exit 1) when one region is denied', async () => {
    server.options.denyRegions = ['us-east-1'];
    const r = await run(['events', '--format', 'json'], env);
    assert.equal(r.code, 1);
    assert.deepEqual(
      JSON.parse(r.stdout).events.map((e: { region: string }) => e.region),
      ['eu-west-1'],
    );
    assert.match(r.stderr, /warning: Access denied in us-east-1/);
  });

  it('says so when there are no credentials', async () => {
    const bare = { ...env };
    delete bare.AWS_ACCESS_KEY_ID;
    delete bare.AWS_SECRET_ACCESS_KEY;
    const r = await run(['events', '--profile', 'missing'], bare);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /Profile "missing" is not defined/);
    assert.equal(server.requests.length, 0);
  });

  it('rejects bad flags before calling AWS', async () => {
    assert.match((await run(['events', '--since', 'soon'], env)).stderr, /--since: "soon" is neither a duration/);
    assert.match((await run(['events', '--format', 'xml'], env)).stderr, /--format must be one of table, json/);
    const absurd = await run(['events', '--since', '99999999999999999999999d'], env);
    assert.equal(absurd.code, 2, 'a usage error');
    assert.match(absurd.stderr, /^iamlp events: --since: .*over a century/);
    assert.equal(server.requests.length, 0);
  });

  it('says when nothing happened in the window', async () => {
    server.options.events = { 'eu-west-1': [assumeRoleRecord({ eventID: 'old', eventTime: '2020-01-01T00:00:00Z' })] };
    const r = await run(['events', '--region', 'eu-west-1'], env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No AssumeRole events in eu-west-1 over the last 24 hours.\n');
  });
});
