/**
 * A loopback STS for tests: the real Query protocol (form-encoded POST, Action=AssumeRole or
 * GetCallerIdentity, Version=2011-06-15), SigV4 checked against the caller's secret key, XML answers
 * and errors shaped like AWS's (ErrorResponse/Error/Type/Code/Message + RequestId).
 *
 * In-process:   const sts = await startStsServer(); ... sts.url ...; await sts.close();
 * Standalone:   node out/test/support/stsServer.js [--port N] [--host 127.0.0.1]
 *               prints the URL on the first line of stdout, then the seeded identities as JSON lines;
 *               control it over HTTP: GET /__iamlp/state, POST /__iamlp/control
 *               {"throttle":N} | {"expireSessions":true} | {"reset":true}.
 *
 * The default seed is the identity baseline: user svc-idsentinel-reporter (long-lived key) may assume
 * Role-IDSentinel-Auditor only with ExternalId IDSentinel-Lab-2026; Role-IDSentinel-MfaAuditor also
 * needs the MFA device arn:aws:iam::111122223333:mfa/svc-idsentinel-reporter and code 123456.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { QueryError, QueryRequestRecord, runStandalone, startQueryServer, xmlEscape } from './queryProtocol';

export const ACCOUNT = '111122223333';
export const BASELINE = {
  userName: 'svc-idsentinel-reporter',
  userArn: `arn:aws:iam::${ACCOUNT}:user/svc-idsentinel-reporter`,
  userId: 'AIDAQ3EGSVCIDSENTINEL',
  accessKeyId: 'AKIAQ3EGSVCREPORTER1',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYsvcReporter1',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/Role-IDSentinel-Auditor`,
  externalId: 'IDSentinel-Lab-2026',
  mfaRoleArn: `arn:aws:iam::${ACCOUNT}:role/Role-IDSentinel-MfaAuditor`,
  mfaSerial: `arn:aws:iam::${ACCOUNT}:mfa/svc-idsentinel-reporter`,
  mfaCode: '123456',
} as const;

export interface StsUser {
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
  userId: string;
  /** A session token the key needs (for users that model temporary credentials). */
  sessionToken?: string;
  /** When set, calls with this key fail with ExpiredToken. */
  expired?: boolean;
}

export interface StsRole {
  arn: string;
  roleId: string;
  /** Principal ARNs the trust policy names (user ARNs or assumed-role role ARNs). */
  trusted: string[];
  externalId?: string;
  mfaSerial?: string;
  mfaCode?: string;
  maxSessionDuration?: number;
}

export interface StsRequestRecord extends QueryRequestRecord {
  /** Raw headers, to assert what the SDK sent (never contains secrets beyond the session token header). */
  userAgent?: string;
}

interface IssuedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  arn: string;
  userId: string;
  roleArn: string;
  expiration: Date;
}

export interface StsServerOptions {
  host?: string;
  port?: number;
  users?: StsUser[];
  roles?: StsRole[];
  /** The clock of the server (expirations, ExpiredToken); default Date.now. */
  now?: () => number;
  /** Check SigV4 signatures (default true). */
  verifySignatures?: boolean;
}

export interface StsServerHandle {
  url: string;
  port: number;
  requests: StsRequestRecord[];
  users: StsUser[];
  roles: StsRole[];
  /** The next `count` requests (optionally of one action) answer HTTP 400 Throttling. */
  throttle(count: number, action?: string): void;
  /** Marks every issued session expired: calls with it answer ExpiredToken. */
  expireSessions(): void;
  /** Sessions handed out so far (to check what the client got). */
  issued(): IssuedSession[];
  close(): Promise<void>;
}

export function defaultUsers(): StsUser[] {
  return [
    {
      accessKeyId: BASELINE.accessKeyId,
      secretAccessKey: BASELINE.secretAccessKey,
      arn: BASELINE.userArn,
      userId: BASELINE.userId,
    },
  ];
}

export function defaultRoles(): StsRole[] {
  return [
    {
      arn: BASELINE.roleArn,
      roleId: 'AROAQ3EGIDSENTINELAUD',
      trusted: [BASELINE.userArn],
      externalId: BASELINE.externalId,
      maxSessionDuration: 3600 * 4,
    },
    {
      arn: BASELINE.mfaRoleArn,
      roleId: 'AROAQ3EGIDSENTINELMFA',
      trusted: [BASELINE.userArn],
      externalId: BASELINE.externalId,
      mfaSerial: BASELINE.mfaSerial,
      mfaCode: BASELINE.mfaCode,
      maxSessionDuration: 3600,
    },
  ];
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string | undefined): ParsedAuth | undefined {
  if (!header) return undefined;
  const m =
    /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(
      header.trim(),
    );
  if (!m) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(';'), signature: m[6] };
}

/** SigV4 as the SDK computes it for a POST with a form body (no query string). */
function expectedSignature(req: IncomingMessage, body: Buffer, auth: ParsedAuth, secret: string): string {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = auth.signedHeaders
    .map((name) => {
      const raw = req.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payloadHash = (req.headers['x-amz-content-sha256'] as string | undefined) ?? sha256Hex(body);
  const canonical = [req.method ?? 'POST', url.pathname || '/', query, headers, auth.signedHeaders.join(';'), payloadHash].join('\n');
  const amzDate = (req.headers['x-amz-date'] as string | undefined) ?? '';
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  let key = hmac(`AWS4${secret}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function randomId(prefix: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = prefix;
  const bytes = randomBytes(length);
  for (let i = 0; out.length < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
  return out;
}

interface Caller {
  accessKeyId: string;
  arn: string;
  userId: string;
  /** For assumed-role callers: the role ARN (trust policies name roles, not sessions). */
  roleArn?: string;
}

export async function startStsServer(options: StsServerOptions = {}): Promise<StsServerHandle> {
  const now = options.now ?? (() => Date.now());
  const verify = options.verifySignatures ?? true;
  const users = options.users ?? defaultUsers();
  const roles = options.roles ?? defaultRoles();
  const requests: StsRequestRecord[] = [];
  const sessions = new Map<string, IssuedSession>();
  let throttleLeft = 0;
  let throttleAction: string | undefined;

  function authenticate(req: IncomingMessage, body: Buffer): Caller {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) throw new QueryError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const token = req.headers['x-amz-security-token'] as string | undefined;
    const user = users.find((u) => u.accessKeyId === auth.accessKeyId);
    const session = sessions.get(auth.accessKeyId);
    let secret: string;
    let caller: Caller;
    if (user) {
      if ((user.sessionToken ?? undefined) !== (token ?? undefined)) {
        throw new QueryError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      }
      if (user.expired) throw new QueryError(400, 'ExpiredToken', 'The security token included in the request is expired');
      secret = user.secretAccessKey;
      caller = { accessKeyId: user.accessKeyId, arn: user.arn, userId: user.userId };
    } else if (session) {
      if (token !== session.sessionToken)
        throw new QueryError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      if (session.expiration.getTime() <= now())
        throw new QueryError(400, 'ExpiredToken', 'The security token included in the request is expired');
      secret = session.secretAccessKey;
      caller = { accessKeyId: session.accessKeyId, arn: session.arn, userId: session.userId, roleArn: session.roleArn };
    } else {
      throw new QueryError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (verify && expectedSignature(req, body, auth, secret) !== auth.signature) {
      throw new QueryError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
    return caller;
  }

  function getCallerIdentity(caller: Caller, requestId: string): string {
    const account = caller.arn.split(':')[4];
    return (
      `<GetCallerIdentityResponse xmlns="${XMLNS}">\n  <GetCallerIdentityResult>\n` +
      `    <Arn>${xmlEscape(caller.arn)}</Arn>\n    <UserId>${xmlEscape(caller.userId)}</UserId>\n    <Account>${account}</Account>\n` +
      `  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`
    );
  }

  function assumeRole(caller: Caller, params: Record<string, string>, requestId: string): string {
    const roleArn = params.RoleArn;
    const sessionName = params.RoleSessionName;
    if (!roleArn) throw new QueryError(400, 'MissingParameter', 'The request must contain the parameter RoleArn');
    if (!sessionName) throw new QueryError(400, 'MissingParameter', 'The request must contain the parameter RoleSessionName');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new QueryError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const denied = new QueryError(
      403,
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
    const role = roles.find((r) => r.arn === roleArn);
    if (!role) throw denied;
    if (!role.trusted.includes(caller.roleArn ?? caller.arn)) throw denied;
    if (role.externalId !== undefined && params.ExternalId !== role.externalId) throw denied;
    if (role.mfaSerial !== undefined) {
      if (!params.SerialNumber || !params.TokenCode) throw denied;
      if (params.TokenCode !== undefined && !/^\d{6}$/.test(params.TokenCode)) {
        throw new QueryError(
          400,
          'ValidationError',
          "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
        );
      }
      if (params.SerialNumber !== role.mfaSerial || params.TokenCode !== role.mfaCode) {
        throw new QueryError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
      }
    }
    const duration = params.DurationSeconds ? Number(params.DurationSeconds) : 3600;
    if (!Number.isInteger(duration) || duration < 900) {
      throw new QueryError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    }
    if (caller.roleArn && duration > 3600) {
      throw new QueryError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    if (duration > (role.maxSessionDuration ?? 3600)) {
      throw new QueryError(400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const account = roleArn.split(':')[4];
    const roleName = roleArn.split('/').pop() ?? roleArn;
    const issued: IssuedSession = {
      accessKeyId: randomId('ASIA', 20),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64'),
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${role.roleId}:${sessionName}`,
      roleArn,
      expiration: new Date(Math.floor(now() / 1000) * 1000 + duration * 1000),
    };
    sessions.set(issued.accessKeyId, issued);
    const sourceIdentity = params.SourceIdentity ? `    <SourceIdentity>${xmlEscape(params.SourceIdentity)}</SourceIdentity>\n` : '';
    const packed = Object.keys(params).some((k) => k.startsWith('Tags.member.')) ? `    <PackedPolicySize>6</PackedPolicySize>\n` : '';
    return (
      `<AssumeRoleResponse xmlns="${XMLNS}">\n  <AssumeRoleResult>\n${sourceIdentity}` +
      `    <AssumedRoleUser>\n      <AssumedRoleId>${xmlEscape(issued.userId)}</AssumedRoleId>\n      <Arn>${xmlEscape(issued.arn)}</Arn>\n    </AssumedRoleUser>\n` +
      `    <Credentials>\n      <AccessKeyId>${issued.accessKeyId}</AccessKeyId>\n      <SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>\n` +
      `      <SessionToken>${issued.sessionToken}</SessionToken>\n      <Expiration>${issued.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration>\n    </Credentials>\n` +
      packed +
      `  </AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n`
    );
  }

  const listening = await startQueryServer<StsRequestRecord>(
    {
      xmlns: XMLNS,
      version: '2011-06-15',
      internalErrorCode: 'InternalFailure',
      requests,
      record: (req, params) => ({
        action: params.Action ?? '',
        params: Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'TokenCode')),
        status: 200,
        userAgent: req.headers['user-agent'] as string | undefined,
      }),
      throttled(action) {
        if (throttleLeft > 0 && (!throttleAction || throttleAction === action)) {
          throttleLeft--;
          return true;
        }
        return false;
      },
      answer(req, body, params, record, requestId) {
        const caller = authenticate(req, body);
        record.accessKeyId = caller.accessKeyId;
        const action = params.Action ?? '';
        if (action === 'GetCallerIdentity') return getCallerIdentity(caller, requestId);
        if (action === 'AssumeRole') return assumeRole(caller, params, requestId);
        throw new QueryError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
      },
      state: () => ({
        requests,
        issued: [...sessions.values()].map((s) => ({ arn: s.arn, accessKeyId: s.accessKeyId, expiration: s.expiration })),
      }),
      isControlPath: (path) => path.startsWith('/__iamlp/'),
      control(command) {
        const body = command as { throttle?: number; action?: string; expireSessions?: boolean; reset?: boolean };
        if (typeof body.throttle === 'number') handle.throttle(body.throttle, body.action);
        if (body.expireSessions) handle.expireSessions();
        if (body.reset) {
          requests.length = 0;
          sessions.clear();
          throttleLeft = 0;
        }
      },
    },
    options.port,
    options.host,
  );
  const handle: StsServerHandle = {
    url: listening.url,
    port: listening.port,
    requests,
    users,
    roles,
    throttle(count, action) {
      throttleLeft = count;
      throttleAction = action;
    },
    expireSessions() {
      for (const s of sessions.values()) s.expiration = new Date(now() - 1000);
    },
    issued: () => [...sessions.values()],
    close: listening.close,
  };
  return handle;
}

if (require.main === module) {
  runStandalone(
    'stsServer',
    ({ port, host }) => startStsServer({ port, host }),
    () => ({ baseline: BASELINE }),
  );
}
