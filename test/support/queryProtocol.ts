/**
 * What the loopback STS and IAM (stsServer.ts, iamServer.ts) share: AWS's Query protocol (a
 * form-encoded POST with Action and Version, answered in XML, errors as ErrorResponse with
 * Type/Code/Message and a RequestId), the test-control endpoints (GET /__iamlp/state, POST
 * /__iamlp/control with a JSON body), listening on loopback, and the standalone start
 * (`node out/test/support/<server>.js --port N`, the URL on the first line of stdout).
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** An error answered as AWS does: HTTP status, ErrorResponse with Type (Receiver for 5xx), Code and Message. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function errorXml(err: QueryError, xmlns: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${xmlns}">\n` +
    `  <Error>\n    <Type>${err.type}</Type>\n    <Code>${xmlEscape(err.code)}</Code>\n    <Message>${xmlEscape(err.message)}</Message>\n  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  );
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The form parameters of a Query request body (the last of repeated names wins). */
export function formParams(body: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** What every loopback server records of a Query request. */
export interface QueryRequestRecord {
  action: string;
  params: Record<string, string>;
  status: number;
  code?: string;
  accessKeyId?: string;
}

export interface QueryServiceDefinition<R extends QueryRequestRecord> {
  /** The service's XML namespace, e.g. https://sts.amazonaws.com/doc/2011-06-15/. */
  xmlns: string;
  /** The API version requests must name. */
  version: string;
  /** The Code of an unexpected exception, answered HTTP 500. */
  internalErrorCode: string;
  /** Every request, in arrival order; the server pushes to it. */
  requests: R[];
  /** The record of a request, before it is answered (status and code are filled in after). */
  record(req: IncomingMessage, params: Record<string, string>, path: string): R;
  /** Whether this request answers Throttling (and counts it against the throttle). */
  throttled(action: string): boolean;
  /** Answers a well-formed request: the response XML, or throws a QueryError. */
  answer(req: IncomingMessage, body: Buffer, params: Record<string, string>, record: R, requestId: string): string;
  /** GET /__iamlp/state answers this as JSON. */
  state(): unknown;
  /** The paths that take control commands (default /__iamlp/control). */
  isControlPath?(path: string): boolean;
  /** Applies a control command (the JSON body; `{}` when empty). */
  control(command: Record<string, unknown>): void;
}

export interface Listening {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (0: any free port) and gives the URL to reach the server by. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(text);
}

/**
 * A loopback Query-protocol service: control endpoints, then for every other request the record,
 * the protocol checks (POST, form content type, throttling, Version) and the service's answer.
 */
export function startQueryServer<R extends QueryRequestRecord>(
  service: QueryServiceDefinition<R>,
  port?: number,
  host?: string,
): Promise<Listening> {
  const isControlPath = service.isControlPath ?? ((path: string) => path === '/__iamlp/control');
  const server = createServer((req, res) => {
    void (async () => {
      const requestId = randomUUID();
      const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
      if (path === '/__iamlp/state') return sendJson(res, JSON.stringify(service.state()));
      if (isControlPath(path)) {
        service.control(JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>);
        return sendJson(res, '{"ok":true}');
      }
      const body = await readBody(req);
      const params = formParams(body);
      const record = service.record(req, params, path);
      service.requests.push(record);
      let xml: string;
      try {
        if (req.method !== 'POST') throw new QueryError(400, 'InvalidAction', 'Only POST is supported by this test server');
        if (!/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
          throw new QueryError(400, 'InvalidParameterValue', 'Content-Type must be application/x-www-form-urlencoded');
        }
        if (service.throttled(params.Action ?? '')) throw new QueryError(400, 'Throttling', 'Rate exceeded');
        if (params.Version !== service.version)
          throw new QueryError(400, 'InvalidParameterValue', `Unsupported Version: ${params.Version ?? '(none)'}`);
        xml = service.answer(req, body, params, record, requestId);
      } catch (err) {
        const e =
          err instanceof QueryError
            ? err
            : new QueryError(500, service.internalErrorCode, err instanceof Error ? err.message : String(err));
        record.status = e.status;
        record.code = e.code;
        res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(errorXml(e, service.xmlns, requestId));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(xml);
    })().catch((err) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  return listen(server, port, host);
}

/** The value of `--name V` or `--name=V`. */
export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/**
 * The standalone start, `node out/test/support/<name>.js [--port N] [--host 127.0.0.1] ...`: prints
 * the URL on the first line of stdout (what the UI tests wait for), then `info` as one JSON line, and
 * stops on SIGINT / SIGTERM.
 */
export function runStandalone<H extends { url: string; close(): Promise<void> }>(
  name: string,
  start: (args: { port: number; host: string; argv: string[] }) => Promise<H>,
  info: (handle: H) => unknown,
): void {
  const argv = process.argv.slice(2);
  (async () => {
    const handle = await start({ port: Number(argValue(argv, 'port') ?? 0), host: argValue(argv, 'host') ?? '127.0.0.1', argv });
    process.stdout.write(`${handle.url}\n`);
    process.stdout.write(JSON.stringify(info(handle)) + '\n');
    const stop = () => void handle.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })().catch((err) => {
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
