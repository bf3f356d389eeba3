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
import { readFileSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { compileWildcard } from '../../server/src/catalog/wildcard';
import { argValue, QueryError, QueryRequestRecord, runStandalone, startQueryServer, xmlEscape as esc } from './queryProtocol';
import { credentialScope } from './sigv4';

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

export type IamRequestRecord = QueryRequestRecord;

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
    {
      arn: IAM_PRINCIPALS.auditor,
      policies: [policyFile('policies/Role-IDSentinel-Auditor.permissions.json', 'IDSentinel-Auditor-Permissions')],
    },
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
      const actionOk =
        s.Action !== undefined ? matchesAny(list(s.Action), action) : s.NotAction !== undefined && !matchesAny(list(s.NotAction), action);
      const resourceOk =
        s.Resource !== undefined
          ? matchesAny(list(s.Resource), resource)
          : s.NotResource !== undefined && !matchesAny(list(s.NotResource), resource);
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
  return {
    decision,
    matched: [...new Set(decision === 'explicitDeny' ? denies : decision === 'allowed' ? allows : [])],
    missingContext: [...missing],
  };
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
    const { accessKeyId, service } = credentialScope(req.headers.authorization);
    if (!accessKeyId) throw new QueryError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    if (service !== 'iam') throw new QueryError(403, 'SignatureDoesNotMatch', `Credential should be scoped to correct service: 'iam'.`);
    const known = callers.find((c) => c.accessKeyId === accessKeyId);
    if (known) return known;
    if (options.defaultCaller) return { accessKeyId, arn: options.defaultCaller };
    throw new QueryError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }

  function simulate(who: IamCaller, params: Record<string, string>, requestId: string): string {
    const source = params.PolicySourceArn;
    if (!source)
      throw new QueryError(
        400,
        'ValidationError',
        "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null",
      );
    const callerPolicies = principals.find((p) => p.arn === who.arn)?.policies ?? [];
    if (evaluate(callerPolicies, 'iam:SimulatePrincipalPolicy').decision !== 'allowed') {
      throw new QueryError(
        403,
        'AccessDenied',
        `User: ${who.arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${source}`,
      );
    }
    const principal = principals.find((p) => p.arn === source);
    if (!principal) {
      const [, kind, name] = /:(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(source) ?? [];
      throw new QueryError(404, 'NoSuchEntity', kind ? `The ${kind} with name ${name} cannot be found.` : `Invalid ARN: ${source}`);
    }
    const actions = members(params, 'ActionNames');
    if (actions.length === 0)
      throw new QueryError(
        400,
        'ValidationError',
        "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null",
      );
    const resources = members(params, 'ResourceArns');
    const pairs = actions.flatMap((a) => (resources.length > 0 ? resources : ['*']).map((r) => [a, r] as const));
    const max = params.MaxItems ? Number(params.MaxItems) : pageSize;
    let offset = 0;
    if (params.Marker) {
      const decoded = /^page-(\d+)-of-(\d+)$/.exec(Buffer.from(params.Marker, 'base64').toString('utf8'));
      if (!decoded || Number(decoded[2]) !== pairs.length) throw new QueryError(400, 'InvalidInput', 'Invalid Marker.');
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

  const listening = await startQueryServer<IamRequestRecord>(
    {
      xmlns: XMLNS,
      version: '2010-05-08',
      internalErrorCode: 'ServiceFailure',
      requests,
      record: (req, params, path) => ({ action: params.Action ?? `(${req.method} ${path})`, params, status: 200 }),
      throttled() {
        if (throttleLeft <= 0) return false;
        throttleLeft--;
        return true;
      },
      answer(req, _body, params, record, requestId) {
        const who = caller(req);
        record.accessKeyId = who.accessKeyId;
        if (params.Action !== 'SimulatePrincipalPolicy') {
          throw new QueryError(
            400,
            'InvalidAction',
            `This loopback IAM answers SimulatePrincipalPolicy only, not ${params.Action ?? '(no Action)'}.`,
          );
        }
        return simulate(who, params, requestId);
      },
      state: () => ({ requests }),
      control(command) {
        const body = command as { throttle?: number; reset?: boolean };
        if (typeof body.throttle === 'number') throttleLeft = body.throttle;
        if (body.reset) {
          requests.length = 0;
          throttleLeft = 0;
        }
      },
    },
    options.port,
    options.host,
  );
  return {
    url: listening.url,
    port: listening.port,
    requests,
    principals,
    callers,
    throttle(count) {
      throttleLeft = count;
    },
    close: listening.close,
  };
}

if (require.main === module) {
  runStandalone(
    'iamServer',
    ({ port, host, argv }) => startIamServer({ port, host, defaultCaller: argValue(argv, 'any-key-as') ?? IAM_PRINCIPALS.auditor }),
    (iam) => ({ principals: IAM_PRINCIPALS, callers: iam.callers.map((c) => ({ accessKeyId: c.accessKeyId, arn: c.arn })) }),
  );
}
