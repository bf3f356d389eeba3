/**
 * A loopback stand-in for AWS CloudTrail's LookupEvents, speaking the JSON 1.1 protocol the real SDK
 * client uses: POST /, `X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`,
 * (or the SDK v3 spelling `CloudTrail_20131101.LookupEvents`), `Content-Type: application/x-amz-json-1.1`, timestamps as epoch seconds, errors as HTTP 400 with a
 * `__type` body and an `x-amzn-ErrorType` header. It tells regions apart by the SigV4 credential scope
 * of the Authorization header (`Credential=AKID/20260101/eu-west-1/cloudtrail/aws4_request`), so one
 * server plays several regions. Signatures are not verified.
 *
 * In-process: `startCloudTrailServer({ events: { 'us-east-1': [...] }, pageSize: 2, throttle: {...} })`.
 * Standalone (for the UI tests): `node out/test/support/cloudTrailServer.js --port 4599` prints
 * `CloudTrail server listening on http://127.0.0.1:4599` and serves `builtInEvents()`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { credentialScope } from './sigv4';

export const LOOKUP_EVENTS_TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
/**
 * Both spellings of the target AWS accepts: botocore / the AWS CLI send the full `targetPrefix`
 * (LOOKUP_EVENTS_TARGET); SDK v3 sends the service shape name only (`CloudTrail_20131101.LookupEvents`).
 */
export const LOOKUP_EVENTS_TARGETS = [LOOKUP_EVENTS_TARGET, 'CloudTrail_20131101.LookupEvents'];

/** A CloudTrail record (what ends up in `CloudTrailEvent`); needs at least eventID and eventTime. */
export type CloudTrailRecord = Record<string, unknown> & { eventID: string; eventTime: string };

export interface CloudTrailServerOptions {
  /** Records per region. */
  events?: Record<string, CloudTrailRecord[]>;
  /** Events per page when the request asks for more (LookupEvents' own maximum is 50). */
  pageSize?: number;
  /** Answer the first N LookupEvents requests of a region with ThrottlingException. */
  throttle?: Record<string, number>;
  /** Regions (or '*' for all) where the caller lacks cloudtrail:LookupEvents. */
  denyRegions?: string[];
  /** The caller named in AccessDenied messages. */
  callerArn?: string;
  /** Only these access key ids are known; others get UnrecognizedClientException. Unset: any key. */
  knownAccessKeys?: string[];
}

export interface RecordedRequest {
  region: string | undefined;
  accessKeyId: string | undefined;
  target: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
  /** ms since epoch, on arrival. */
  at: number;
  status: number;
}

export interface RunningCloudTrailServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  options: CloudTrailServerOptions;
  close(): Promise<void>;
}

interface TokenState {
  region: string;
  offset: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(
    res,
    status,
    { __type: type, message },
    { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.cloudtrail.v20131101/` },
  );
}

function epochSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
    const d = Date.parse(value);
    if (!Number.isNaN(d)) return d / 1000;
  }
  return undefined;
}

/** The LookupEvents `Event` for a record, as AWS fills it. */
function toApiEvent(record: CloudTrailRecord): Record<string, unknown> {
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  const request = (record.requestParameters ?? {}) as Record<string, unknown>;
  const resources: Record<string, string>[] = [];
  if (typeof request.roleArn === 'string') resources.push({ ResourceType: 'AWS::IAM::Role', ResourceName: request.roleArn });
  const arn = typeof identity.arn === 'string' ? identity.arn : undefined;
  return {
    EventId: record.eventID,
    EventName: record.eventName ?? 'AssumeRole',
    ReadOnly: 'true',
    AccessKeyId: identity.accessKeyId,
    EventTime: Date.parse(record.eventTime) / 1000,
    EventSource: record.eventSource ?? 'sts.amazonaws.com',
    Username: typeof identity.userName === 'string' ? identity.userName : arn?.slice(arn.lastIndexOf('/') + 1),
    Resources: resources,
    CloudTrailEvent: JSON.stringify(record),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startCloudTrailServer(
  options: CloudTrailServerOptions = {},
  port = 0,
  host = '127.0.0.1',
): Promise<RunningCloudTrailServer> {
  const requests: RecordedRequest[] = [];
  const seen = new Map<string, number>();
  const tokens = new Map<string, TokenState>();

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const scope = credentialScope(req.headers.authorization);
    const target = req.headers['x-amz-target'] as string | undefined;
    const contentType = req.headers['content-type'];
    let parsed: Record<string, unknown> = {};
    const record = (status: number) =>
      requests.push({ region: scope.region, accessKeyId: scope.accessKeyId, target, contentType, body: parsed, at: Date.now(), status });

    if (req.method !== 'POST') {
      record(405);
      return sendError(res, 405, 'UnknownOperationException', `${req.method} is not supported`);
    }
    if (!req.headers.authorization || !scope.region) {
      record(400);
      return sendError(res, 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (scope.service !== 'cloudtrail') {
      record(400);
      return sendError(res, 400, 'InvalidSignatureException', `Credential should be scoped to correct service: 'cloudtrail'.`);
    }
    if (!LOOKUP_EVENTS_TARGETS.includes(target ?? '')) {
      record(400);
      return sendError(res, 400, 'UnknownOperationException', `Unknown operation ${target ?? '(no X-Amz-Target)'}`);
    }
    if (!contentType?.startsWith('application/x-amz-json-1.1')) {
      record(400);
      return sendError(res, 400, 'SerializationException', `Unexpected content type ${contentType}`);
    }
    try {
      parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      record(400);
      return sendError(res, 400, 'SerializationException', 'Request body is not JSON');
    }
    const region = scope.region;
    if (options.knownAccessKeys && !options.knownAccessKeys.includes(scope.accessKeyId ?? '')) {
      record(400);
      return sendError(res, 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    const count = (seen.get(region) ?? 0) + 1;
    seen.set(region, count);
    if (count <= (options.throttle?.[region] ?? 0)) {
      record(400);
      return sendError(res, 400, 'ThrottlingException', 'Rate exceeded');
    }
    const denied = options.denyRegions ?? [];
    if (denied.includes('*') || denied.includes(region)) {
      record(400);
      const caller = options.callerArn ?? 'arn:aws:sts::111122223333:assumed-role/Auditor/alice';
      return sendError(
        res,
        400,
        'AccessDeniedException',
        `User: ${caller} is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
      );
    }
    const maxResults = parsed.MaxResults === undefined ? 50 : Number(parsed.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      record(400);
      return sendError(res, 400, 'InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
    }
    const start = epochSeconds(parsed.StartTime);
    const end = epochSeconds(parsed.EndTime);
    if (start !== undefined && end !== undefined && start > end) {
      record(400);
      return sendError(res, 400, 'InvalidTimeRangeException', 'Start time must be before end time.');
    }
    let offset = 0;
    if (parsed.NextToken !== undefined) {
      const state = tokens.get(String(parsed.NextToken));
      if (!state || state.region !== region) {
        record(400);
        return sendError(res, 400, 'InvalidNextTokenException', 'Invalid NextToken.');
      }
      offset = state.offset;
    }
    const attributes = Array.isArray(parsed.LookupAttributes) ? (parsed.LookupAttributes as Record<string, string>[]) : [];
    const eventName = attributes.find((a) => a.AttributeKey === 'EventName')?.AttributeValue;
    const matching = (options.events?.[region] ?? [])
      .filter((r) => eventName === undefined || (r.eventName ?? 'AssumeRole') === eventName)
      .filter((r) => {
        const t = Date.parse(r.eventTime) / 1000;
        return (start === undefined || t >= start) && (end === undefined || t <= end);
      })
      .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
    const size = Math.min(maxResults, options.pageSize ?? 50);
    const page = matching.slice(offset, offset + size);
    const response: Record<string, unknown> = { Events: page.map(toApiEvent) };
    if (offset + size < matching.length) {
      const token = randomUUID();
      tokens.set(token, { region, offset: offset + size });
      response.NextToken = token;
    }
    record(200);
    sendJson(res, 200, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An AssumeRole record with sensible defaults; `overrides` replace top-level keys. */
export function assumeRoleRecord(overrides: Partial<CloudTrailRecord> & { eventID: string; eventTime: string }): CloudTrailRecord {
  const roleArn = 'arn:aws:iam::111122223333:role/Deploy';
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER00001',
      arn: 'arn:aws:iam::444455556666:user/alice',
      accountId: '444455556666',
      accessKeyId: 'AKIAEXAMPLEALICE0001',
      userName: 'alice',
    },
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { roleArn, roleSessionName: 'alice-deploy', externalId: 'ext-7f3a', durationSeconds: 3600 },
    responseElements: {
      credentials: { accessKeyId: 'ASIAEXAMPLEISSUED001', expiration: 'Jan 1, 2026, 1:00:00 AM', sessionToken: 'redacted' },
      assumedRoleUser: {
        assumedRoleId: 'AROAEXAMPLEROLE00001:alice-deploy',
        arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/alice-deploy',
      },
    },
    requestID: randomUUID(),
    eventType: 'AwsApiCall',
    recipientAccountId: '444455556666',
    ...overrides,
  };
}

/** The standalone server's data: events of the last hours in us-east-1 and eu-west-1, one of them failed. */
export function builtInEvents(now: Date = new Date()): Record<string, CloudTrailRecord[]> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'us-east-1': [
      assumeRoleRecord({ eventID: '00000000-0000-4000-8000-000000000001', eventTime: ago(5) }),
      assumeRoleRecord({
        eventID: '00000000-0000-4000-8000-000000000002',
        eventTime: ago(40),
        errorCode: 'AccessDenied',
        errorMessage:
          'User: arn:aws:iam::444455556666:user/mallory is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Deploy',
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEUSER00002',
          arn: 'arn:aws:iam::444455556666:user/mallory',
          accountId: '444455556666',
          userName: 'mallory',
        },
        requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/Deploy', roleSessionName: 'mallory-try', externalId: 'guess' },
        responseElements: null,
      }),
      assumeRoleRecord({
        eventID: '00000000-0000-4000-8000-000000000003',
        eventTime: ago(180),
        requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/ReadOnly', roleSessionName: 'bob-readonly' },
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLEBOB000001:bob',
          arn: 'arn:aws:sts::444455556666:assumed-role/Engineer/bob',
          accountId: '444455556666',
          sessionContext: {
            attributes: { mfaAuthenticated: 'true', creationDate: ago(200) },
            sessionIssuer: {
              type: 'Role',
              arn: 'arn:aws:iam::444455556666:role/Engineer',
              accountId: '444455556666',
              userName: 'Engineer',
            },
          },
        },
      }),
    ],
    'eu-west-1': [
      assumeRoleRecord({
        eventID: '00000000-0000-4000-8000-000000000004',
        eventTime: ago(90),
        awsRegion: 'eu-west-1',
        requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/Deploy', roleSessionName: 'ci-pipeline', externalId: 'ext-7f3a' },
      }),
    ],
  };
}

async function main(argv: string[]): Promise<void> {
  let port = 0;
  let host = '127.0.0.1';
  const deny: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else if (argv[i].startsWith('--port=')) port = Number(argv[i].slice('--port='.length));
    else if (argv[i] === '--host') host = argv[++i];
    else if (argv[i] === '--deny') deny.push(argv[++i]);
    else {
      process.stderr.write(`usage: node cloudTrailServer.js [--port N] [--host H] [--deny REGION|*]\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('--port must be a port number\n');
    process.exit(2);
  }
  const server = await startCloudTrailServer({ events: builtInEvents(), denyRegions: deny }, port, host);
  process.stdout.write(`CloudTrail server listening on ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
