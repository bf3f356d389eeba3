import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createCloudTrailClient } from '../../../server/src/aws/cloudtrailClient';
import { describeCloudTrailError } from '../../../server/src/aws/cloudtrailErrors';
import { lookupAssumeRoleEvents } from '../../../server/src/aws/cloudtrailLookup';
import { RateLimiter } from '../../../server/src/aws/cloudtrailRateLimit';
import { parseWindow } from '../../../server/src/aws/cloudtrailWindow';
import { endpointFor } from '../../../server/src/aws/endpoints';
import {
  assumeRoleRecord,
  CloudTrailRecord,
  LOOKUP_EVENTS_TARGETS,
  RunningCloudTrailServer,
  startCloudTrailServer,
} from '../../support/cloudTrailServer';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

const credentials = async () => ({ accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback-secret' });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function records(prefix: string, count: number, region: string): CloudTrailRecord[] {
  return Array.from({ length: count }, (_, i) =>
    assumeRoleRecord({ eventID: `${prefix}-${i}`, eventTime: minutesAgo(10 + i * 10), awsRegion: region }),
  );
}

describe('CloudTrailClient against the loopback CloudTrail server', function () {
  this.timeout(30000);
  let server: RunningCloudTrailServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const lookup = (regions: string[], extra: Partial<Parameters<typeof lookupAssumeRoleEvents>[0]> = {}) =>
    lookupAssumeRoleEvents({
      regions,
      window: parseWindow('24h'),
      clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: server!.url }),
      limiterFor: () => new RateLimiter(500),
      retry: { baseDelayMs: 50 },
      ...extra,
    });

  it('follows NextToken over every page, speaking JSON 1.1, at most 2 requests per second', async () => {
    server = await startCloudTrailServer({ events: { 'us-east-1': records('p', 5, 'us-east-1') }, pageSize: 2 });
    const result = await lookup(['us-east-1']);
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['p-0', 'p-1', 'p-2', 'p-3', 'p-4'],
    );
    assert.equal(result.pages['us-east-1'], 3);
    assert.deepEqual(result.nextTokens, {});
    assert.equal(server.requests.length, 3);
    for (const r of server.requests) {
      assert.ok(LOOKUP_EVENTS_TARGETS.includes(r.target ?? ''), r.target);
      assert.match(r.contentType ?? '', /^application\/x-amz-json-1\.1/);
      assert.equal(r.region, 'us-east-1');
      assert.equal(r.accessKeyId, 'AKIDLOOPBACK');
      assert.equal(r.body.MaxResults, 50);
      assert.deepEqual(r.body.LookupAttributes, [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }]);
      assert.equal(typeof r.body.StartTime, 'number', 'timestamps travel as epoch seconds');
    }
    assert.equal(server.requests[0].body.NextToken, undefined);
    assert.equal(typeof server.requests[1].body.NextToken, 'string');
    for (let i = 1; i < server.requests.length; i++) {
      const gap = server.requests[i].at - server.requests[i - 1].at;
      // Slots are 500 ms apart; the first request also pays for signing set-up and the TCP connect after
      // its slot, so arrivals can be a little closer. Unpaced, they would be a few ms apart.
      assert.ok(gap >= 300, `requests ${i - 1} and ${i} were ${gap} ms apart`);
    }
    const first = result.events[0];
    assert.equal(first.principalArn, 'arn:aws:iam::444455556666:user/alice');
    assert.equal(first.externalId, 'ext-7f3a');
    assert.equal(first.issuedAccessKeyId, 'ASIAEXAMPLEISSUED001');
  });

  it('stops after maxPagesPerRegion and loads more from the token', async () => {
    server = await startCloudTrailServer({ events: { 'us-east-1': records('m', 3, 'us-east-1') }, pageSize: 2 });
    const first = await lookup(['us-east-1'], { maxPagesPerRegion: 1 });
    assert.deepEqual(
      first.events.map((e) => e.eventId),
      ['m-0', 'm-1'],
    );
    assert.ok(first.nextTokens['us-east-1']);
    const more = await lookup(['us-east-1'], { maxPagesPerRegion: 1, resumeTokens: first.nextTokens });
    assert.deepEqual(
      more.events.map((e) => e.eventId),
      ['m-2'],
    );
    assert.deepEqual(more.nextTokens, {});
  });

  it('merges two regions, told apart by the SigV4 scope, deduplicated by event id, newest first', async () => {
    const shared = assumeRoleRecord({ eventID: 'shared', eventTime: minutesAgo(15) });
    server = await startCloudTrailServer({
      events: {
        'us-east-1': [...records('use1', 2, 'us-east-1'), shared],
        'eu-west-1': [assumeRoleRecord({ eventID: 'euw1-0', eventTime: minutesAgo(12), awsRegion: 'eu-west-1' }), shared],
      },
    });
    const result = await lookup(['eu-west-1', 'us-east-1']);
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['use1-0', 'euw1-0', 'shared', 'use1-1'],
    );
    assert.deepEqual(new Set(server.requests.map((r) => r.region)), new Set(['eu-west-1', 'us-east-1']));
    assert.equal(result.events.find((e) => e.eventId === 'euw1-0')?.region, 'eu-west-1');
  });

  it('retries a throttled request with backoff and still returns everything', async () => {
    server = await startCloudTrailServer({ events: { 'us-east-1': records('t', 3, 'us-east-1') }, throttle: { 'us-east-1': 2 } });
    const result = await lookup(['us-east-1']);
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['t-0', 't-1', 't-2'],
    );
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [400, 400, 200],
    );
    assert.deepEqual(result.failures, []);
  });

  it('turns a persistent throttle into a throttling failure after the retries', async () => {
    server = await startCloudTrailServer({ events: {}, throttle: { 'us-east-1': 100 } });
    const result = await lookup(['us-east-1'], { retry: { baseDelayMs: 10, maxAttempts: 3 } });
    assert.equal(server.requests.length, 3);
    assert.equal(result.failures[0].kind, 'throttled');
    assert.match(result.failures[0].message, /throttled/);
  });

  it('turns AccessDenied (no cloudtrail:LookupEvents) into a clear sentence per region', async () => {
    server = await startCloudTrailServer({ events: { 'us-east-1': records('a', 1, 'us-east-1') }, denyRegions: ['eu-west-1'] });
    const result = await lookup(['us-east-1', 'eu-west-1']);
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['a-0'],
    );
    assert.equal(result.failures.length, 1);
    const failure = result.failures[0];
    assert.equal(failure.kind, 'access-denied');
    assert.equal(failure.code, 'AccessDeniedException');
    assert.match(
      failure.message,
      /^Access denied in eu-west-1: arn:aws:sts::111122223333:assumed-role\/Auditor\/alice is not allowed to call cloudtrail:LookupEvents; grant it to the role \(e\.g\. the AWSCloudTrail_ReadOnlyAccess managed policy\) \(AccessDeniedException, request id [0-9a-f-]{36}\)\.$/,
    );
  });

  it('reports unknown keys and unreachable endpoints as sentences', async () => {
    server = await startCloudTrailServer({ events: {}, knownAccessKeys: ['SOMEONE-ELSE'] });
    const result = await lookup(['us-east-1']);
    assert.equal(result.failures[0].kind, 'invalid-token');
    const port = server.port;
    await server.close();
    server = undefined;
    const down = await lookupAssumeRoleEvents({
      regions: ['us-east-1'],
      window: parseWindow('1h'),
      clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: `http://127.0.0.1:${port}` }),
      limiterFor: () => new RateLimiter(0),
    });
    assert.equal(down.failures[0].kind, 'network');
    assert.match(down.failures[0].message, /could not reach/);
    assert.equal(describeCloudTrailError(Object.assign(new Error('x'), { name: 'CredentialsProviderError' })).kind, 'no-credentials');
  });

  it('reaches the server through the endpoint setting, which wins over AWS_ENDPOINT_URL_CLOUDTRAIL', async () => {
    server = await startCloudTrailServer({ events: { 'us-east-1': records('s', 1, 'us-east-1') } });
    const env = { AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:9', HOME: '/nonexistent' };
    const viaEnv = endpointFor('cloudtrail', {}, env);
    assert.equal(viaEnv?.url, 'http://127.0.0.1:9');
    const viaSetting = endpointFor('cloudtrail', { cloudtrail: server.url + '/' }, env);
    assert.equal(viaSetting?.url, server.url);
    const result = await lookupAssumeRoleEvents({
      regions: ['us-east-1'],
      window: parseWindow('24h'),
      clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: viaSetting!.url }),
    });
    assert.deepEqual(
      result.events.map((e) => e.eventId),
      ['s-0'],
    );
  });

  it('runs standalone: node cloudTrailServer.js --port N prints its URL and serves built-in events incl. a failure', async () => {
    const script = join(__dirname, '..', '..', 'support', 'cloudTrailServer.js');
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const result = await lookupAssumeRoleEvents({
        regions: ['us-east-1', 'eu-west-1'],
        window: parseWindow('24h'),
        clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: url }),
      });
      assert.equal(result.events.length, 4);
      assert.ok(result.events.some((e) => e.errorCode === 'AccessDenied'));
      assert.ok(result.events.some((e) => e.externalId === undefined));
      assert.ok(result.events.some((e) => e.region === 'eu-west-1'));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
