/**
 * A loopback IAM for tests: the Query protocol (form-encoded POST, Version=2010-05-08), XML answers
 * and ErrorResponse errors shaped like AWS's. It answers SimulatePrincipalPolicy only, evaluating a
 * configured set of identity policies per principal (Action/NotAction wildcards with the product's
 * own matcher, Resource "*", statements with a Condition left out and their keys reported as missing
 * context). Every other action is recorded and refused, so a test can assert no write call was made.
 *
 * In-process:   const iam = await startIamServer(); ... iam.url ...; iam.requests; await iam.close();
 * Standalone:   node out/test/support/iamServer.js [--port N] [--host 127.0.0.1] [--any-key-as ARN]
 *               prints the URL on the first line of stdout, then the seeded principals as one JSON line;
 *               GET /__iamlp/state, POST /__iamlp/control {"throttle":N} | {"reset":true}.
 *
 * The default seed is the identity baseline, read from policies/: the reporter user with the ReadOnly
 * policy, the auditor role with its permissions, plus svc-idsentinel-legacy (IAM reads, no Deny) and
 * svc-idsentinel-admin ("*" on "*"). Callers: the reporter's access key (stsServer's BASELINE) and
 * AKIAQ3EGNOPERMISSION1 (a user with no policy: AccessDenied). Unknown keys are refused, or act as
 * `defaultCaller` when set (the standalone server defaults it to the auditor role, so sessions from
 * the loopback STS work).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { compileWildcard } from '../../server/src/catalog/wildcard';

export const IAM_ACCOUNT = '111122223333';
const arn = (kind: string, name: string) => `arn:aws:iam::${IAM_ACCOUNT}:${kind}/${name}`;

export const IAM_PRINCIPALS = {
  reporter: arn('user', 'svc-idsentinel-reporter'),
  auditor: arn('role', 'Role-IDSentinel-Auditor'),
  legacy: arn('user', 'svc-idsentinel-legacy'),
  admin: arn('user', 'svc-idsentinel-admin'),
  noPermissions: arn('user', 'svc-no-permissions'),
} as const;

export const IAM_CALLERS = {
  reporter: { accessKeyId: 'AKIAQ3EGSVCREPORTER1', arn: IAM_PRINCIPALS.reporter },
  noPermissions: { accessKeyId: 'AKIAQ3EGNOPERMISSION1', arn: IAM_PRINCIPALS.noPermissions },
} as const;

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface IamPolicy {
  name: string;
  document: { Statement?: Statement | Statement[] };
}

export interface IamPrincipal {
  arn: string;
  policies: IamPolicy[];
}

export interface IamCaller {
  accessKeyId: string;
  /** The principal whose policies decide whether it may call SimulatePrincipalPolicy. */
  arn: string;
}

export interface IamRequestRecord {
  action: string;
  params: Record<string, string>;
  status: number;
  code?: string;
  accessKeyId?: string;
}

export interface IamServerOptions {
  host?: string;
  port?: number;
  principals?: IamPrincipal[];
  callers?: IamCaller[];
  /** The principal ARN unknown access keys act as; undefined refuses them (InvalidClientTokenId). */
  defaultCaller?: string;
  /** Results per page when the request sets no MaxItems (default 10, so batches paginate). */
  pageSize?: number;
}

export interface IamServerHandle {
  url: string;
  port: number;
  requests: IamRequestRecord[];
  principals: IamPrincipal[];
  callers: IamCaller[];
  /** The next `count` requests answer HTTP 400 Throttling. */
  throttle(count: number): void;
  close(): Promise<void>;
}

const REPO_ROOT = join(__dirname, '..', '..', '..');
const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

function policyFile(path: string, name: string): IamPolicy {
  return { name, document: JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as IamPolicy['document'] };
}

export function defaultPrincipals(): IamPrincipal[] {
  return [
    { arn: IAM_PRINCIPALS.reporter, policies: [policyFile('policies/IDSentinel-ReadOnly-Policy.json', 'IDSentinel-ReadOnly-Policy')] },
    { arn: IAM_PRINCIPALS.auditor, policies: [policyFile('policies/Role-IDSentinel-Auditor.permissions.json', 'IDSentinel-Auditor-Permissions')] },
    {
      arn: IAM_PRINCIPALS.legacy,
      policies: [policyFile('test/fixtures/policies/Role-IDSentinel-Auditor.permissions.no-deny.json', 'Legacy-IAM-Read')],
    },
    {
      arn: IAM_PRINCIPALS.admin,
      policies: [{ name: 'AdministratorAccess', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    },
    { arn: IAM_PRINCIPALS.noPermissions, policies: [] },
  ];
}

export function defaultCallers(): IamCaller[] {
  return [{ ...IAM_CALLERS.reporter }, { ...IAM_CALLERS.noPermissions }];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const matchesAny = (patterns: string[], value: string) => patterns.some((p) => compileWildcard(p)(value.toLowerCase()));

export interface Evaluation {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  matched: string[];
  missingContext: string[];
}

/** IAM's evaluation, simplified: an explicit Deny wins, then an Allow, else implicitly denied. */
export function evaluate(policies: IamPolicy[], action: string, resource = '*'): Evaluation {
  const allows: string[] = [];
  const denies: string[] = [];
  const missing = new Set<string>();
  for (const policy of policies) {
    const doc = policy.document.Statement;
    const statements: Statement[] = Array.isArray(doc) ? doc : doc ? [doc] : [];
    for (const s of statements) {
      const actionOk = s.Action !== undefined ? matchesAny(list(s.Action), action) : s.NotAction !== undefined && !matchesAny(list(s.NotAction), action);
      const resourceOk =
        s.Resource !== undefined ? matchesAny(list(s.Resource), resource) : s.NotResource !== undefined && !matchesAny(list(s.NotResource), resource);
      if (!actionOk || !resourceOk) continue;
      if (s.Condition && Object.keys(s.Condition).length > 0) {
        for (const keys of Object.values(s.Condition)) for (const key of Object.keys(keys)) missing.add(key);
        continue;
      }
      if (s.Effect === 'Deny') denies.push(policy.name);
      else if (s.Effect === 'Allow') allows.push(policy.name);
    }
  }
  const decision = denies.length > 0 ? 'explicitDeny' : allows.length > 0 ? 'allowed' : 'implicitDeny';
  return { decision, matched: [...new Set(decision === 'explicitDeny' ? denies : decision === 'allowed' ? allows : [])], missingContext: [...missing] };
}

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function errorXml(err: IamError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}">\n  <Error>\n    <Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type>\n` +
    `    <Code>${esc(err.code)}</Code>\n    <Message>${esc(err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `Prefix.member.N` parameters in order. */
function members(params: Record<string, string>, prefix: string): string[] {
  return Object.keys(params)
    .map((k) => new RegExp(`^${prefix}\\.member\\.(\\d+)$`).exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => params[m[0]]);
}

export async function startIamServer(options: IamServerOptions = {}): Promise<IamServerHandle> {
  const principals = options.principals ?? defaultPrincipals();
  const callers = options.callers ?? defaultCallers();
  const pageSize = options.pageSize ?? 10;
  const requests: IamRequestRecord[] = [];
  let throttleLeft = 0;

  function caller(req: IncomingMessage): IamCaller {
    const auth = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
    if (!auth) throw new IamError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    if (auth[2] !== 'iam') throw new IamError(403, 'SignatureDoesNotMatch', `Credential should be scoped to correct service: 'iam'.`);
    const known = callers.find((c) => c.accessKeyId === auth[1]);
    if (known) return known;
    if (options.defaultCaller) return { accessKeyId: auth[1], arn: options.defaultCaller };
    throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }

  function simulate(who: IamCaller, params: Record<string, string>, requestId: string): string {
    const source = params.PolicySourceArn;
    if (!source) throw new IamError(400, 'ValidationError', "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null");
    const callerPolicies = principals.find((p) => p.arn === who.arn)?.policies ?? [];
    if (evaluate(callerPolicies, 'iam:SimulatePrincipalPolicy').decision !== 'allowed') {
      throw new IamError(403, 'AccessDenied', `User: ${who.arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${source}`);
    }
    const principal = principals.find((p) => p.arn === source);
    if (!principal) {
      const [, kind, name] = /:(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(source) ?? [];
      throw new IamError(404, 'NoSuchEntity', kind ? `The ${kind} with name ${name} cannot be found.` : `Invalid ARN: ${source}`);
    }
    const actions = members(params, 'ActionNames');
    if (actions.length === 0) throw new IamError(400, 'ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
    const resources = members(params, 'ResourceArns');
    const pairs = actions.flatMap((a) => (resources.length > 0 ? resources : ['*']).map((r) => [a, r] as const));
    const max = params.MaxItems ? Number(params.MaxItems) : pageSize;
    let offset = 0;
    if (params.Marker) {
      const decoded = /^page-(\d+)-of-(\d+)$/.exec(Buffer.from(params.Marker, 'base64').toString('utf8'));
      if (!decoded || Number(decoded[2]) !== pairs.length) throw new IamError(400, 'InvalidInput', 'Invalid Marker.');
      offset = Number(decoded[1]);
    }
    const page = pairs.slice(offset, offset + max);
    const next = offset + page.length;
    const truncated = next < pairs.length;
    const results = page
      .map(([action, resource]) => {
        const e = evaluate(principal.policies, action, resource);
        const matched = e.matched
          .map(
            (id) =>
              `          <member>\n            <SourcePolicyId>${esc(id)}</SourcePolicyId>\n            <SourcePolicyType>user-managed</SourcePolicyType>\n` +
              `            <StartPosition><Line>1</Line><Column>1</Column></StartPosition>\n            <EndPosition><Line>1</Line><Column>1</Column></EndPosition>\n          </member>\n`,
          )
          .join('');
        const missing = e.missingContext.map((k) => `          <member>${esc(k)}</member>\n`).join('');
        return (
          `      <member>\n        <EvalResourceName>${esc(resource)}</EvalResourceName>\n        <EvalActionName>${esc(action)}</EvalActionName>\n` +
          `        <EvalDecision>${e.decision}</EvalDecision>\n        <MatchedStatements>\n${matched}        </MatchedStatements>\n` +
          `        <MissingContextValues>\n${missing}        </MissingContextValues>\n      </member>\n`
        );
      })
      .join('');
    const marker = truncated ? `    <Marker>${Buffer.from(`page-${next}-of-${pairs.length}`).toString('base64')}</Marker>\n` : '';
    return (
      `<SimulatePrincipalPolicyResponse xmlns="${XMLNS}">\n  <SimulatePrincipalPolicyResult>\n    <IsTruncated>${truncated}</IsTruncated>\n${marker}` +
      `    <EvaluationResults>\n${results}    </EvaluationResults>\n  </SimulatePrincipalPolicyResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</SimulatePrincipalPolicyResponse>\n`
    );
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const requestId = randomUUID();
      const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
      if (path === '/__iamlp/state') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests }));
        return;
      }
      if (path === '/__iamlp/control') {
        const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { throttle?: number; reset?: boolean };
        if (typeof body.throttle === 'number') throttleLeft = body.throttle;
        if (body.reset) {
          requests.length = 0;
          throttleLeft = 0;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      const body = await readBody(req);
      const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      const record: IamRequestRecord = { action: params.Action ?? `(${req.method} ${path})`, params, status: 200 };
      requests.push(record);
      let xml: string;
      try {
        if (req.method !== 'POST') throw new IamError(400, 'InvalidAction', 'Only POST is supported by this test server');
        if (!/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
          throw new IamError(400, 'InvalidParameterValue', 'Content-Type must be application/x-www-form-urlencoded');
        }
        if (throttleLeft > 0) {
          throttleLeft--;
          throw new IamError(400, 'Throttling', 'Rate exceeded');
        }
        if (params.Version !== '2010-05-08') throw new IamError(400, 'InvalidParameterValue', `Unsupported Version: ${params.Version ?? '(none)'}`);
        const who = caller(req);
        record.accessKeyId = who.accessKeyId;
        if (params.Action !== 'SimulatePrincipalPolicy') {
          throw new IamError(400, 'InvalidAction', `This loopback IAM answers SimulatePrincipalPolicy only, not ${params.Action ?? '(no Action)'}.`);
        }
        xml = simulate(who, params, requestId);
      } catch (err) {
        const e = err instanceof IamError ? err : new IamError(500, 'ServiceFailure', err instanceof Error ? err.message : String(err));
        record.status = e.status;
        record.code = e.code;
        res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(errorXml(e, requestId));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(xml);
    })().catch((err) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    principals,
    callers,
    throttle(count) {
      throttleLeft = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(argv: string[]): Promise<void> {
  const iam = await startIamServer({
    port: Number(argValue(argv, 'port') ?? 0),
    host: argValue(argv, 'host') ?? '127.0.0.1',
    defaultCaller: argValue(argv, 'any-key-as') ?? IAM_PRINCIPALS.auditor,
  });
  process.stdout.write(`${iam.url}\n`);
  process.stdout.write(JSON.stringify({ principals: IAM_PRINCIPALS, callers: iam.callers.map((c) => ({ accessKeyId: c.accessKeyId, arn: c.arn })) }) + '\n');
  const stop = () => void iam.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`iamServer: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
