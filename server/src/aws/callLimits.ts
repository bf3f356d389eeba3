/**
 * Every AWS call ends: a connection timeout and a per-request timeout on the HTTP handler, and one
 * deadline over the whole call (credential resolution, the SDK's retries and their back-off
 * included), plus an optional cancel signal (VS Code's progress "Cancel"). An endpoint that accepts
 * the connection and never answers would otherwise hold `iamlp` and the extension for minutes.
 * Every client factory of this folder applies these limits, so no caller can forget them.
 */
import type { MiddlewareStack } from '@smithy/types';
import { AwsFailure } from './errors';

export interface CallLimits {
  /** Time to establish the TCP/TLS connection (default 5 s, never more than `timeoutMs`). */
  connectTimeoutMs?: number;
  /** Time for one whole call, retries included (default 30 s). */
  timeoutMs?: number;
  /** Aborts the calls in flight and fails the next ones with a "cancelled" AwsFailure. */
  signal?: AbortSignal;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
/** An upper bound for `--timeout` and the setting: longer than any real call, short of "forever". */
export const MAX_CALL_TIMEOUT_SECONDS = 3_600;

/** The code of the AwsFailure a cancelled call rejects with. */
export const CANCELLED_CODE = 'Cancelled';

export function isCancelled(err: unknown): boolean {
  return err instanceof AwsFailure && err.code === CANCELLED_CODE;
}

function callTimeoutMs(limits: CallLimits | undefined): number {
  const value = limits?.timeoutMs;
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : DEFAULT_CALL_TIMEOUT_MS;
}

/**
 * The `requestHandler` options of an SDK client: the SDK builds its node HTTP handler from them. The
 * request timeout also ends the socket of a call the deadline gave up on, so no process stays alive
 * waiting for an answer nobody reads.
 */
export function requestHandlerOptions(limits: CallLimits | undefined): {
  connectionTimeout: number;
  requestTimeout: number;
  throwOnRequestTimeout: boolean;
} {
  const timeout = callTimeoutMs(limits);
  const connect = limits?.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return { connectionTimeout: Math.min(connect, timeout), requestTimeout: timeout, throwOnRequestTimeout: true };
}

/** `--timeout SECONDS` and the timeout setting: a positive number of seconds, at most an hour. */
export function parseTimeoutSeconds(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_CALL_TIMEOUT_SECONDS) return undefined;
  return seconds;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function operationOf(command: unknown): string {
  const name = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  return name.replace(/Command$/, '') || 'The AWS call';
}

interface RecordedRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/** What a client of any service looks like to this module. */
export interface LimitableClient {
  send: unknown;
  middlewareStack: unknown;
}

type Send = (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;

/**
 * Puts `limits` on every `send` of `client` and returns it. A call past its deadline rejects with
 * an AwsFailure (kind 'network', code 'TimeoutError') naming the endpoint the request went to (the
 * SDK's default endpoint too, not only an override); a cancelled one with code 'Cancelled'.
 */
export function applyCallLimits<C extends LimitableClient>(client: C, limits: CallLimits | undefined): C {
  const timeout = callTimeoutMs(limits);
  let lastEndpoint: string | undefined;
  (client.middlewareStack as unknown as MiddlewareStack<object, object>).add(
    (next) => async (args) => {
      const request = (args as { request?: RecordedRequest }).request;
      if (request?.hostname) {
        lastEndpoint = `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'iamlpRecordEndpoint', override: true },
  );
  const send = (client.send as unknown as Send).bind(client);
  const limited: Send = async (command, options) => {
    const operation = operationOf(command);
    if (limits?.signal?.aborted) throw new AwsFailure(`${operation} was cancelled.`, 'unknown', CANCELLED_CODE);
    const controller = new AbortController();
    const onCancel = () => controller.abort(new AwsFailure(`${operation} was cancelled.`, 'unknown', CANCELLED_CODE));
    limits?.signal?.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(() => {
      const where = lastEndpoint ?? 'AWS';
      controller.abort(
        new AwsFailure(
          `${operation} got no answer from ${where} within ${seconds(timeout)}: check the network, proxy and endpoint settings, or allow more time (--timeout, or the iamLeastPrivilege.aws.timeoutSeconds setting).`,
          'network',
          'TimeoutError',
        ),
      );
    }, timeout);
    // Whatever ignores the abort signal (a credential provider, a retry back-off) still loses the race.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    const abortSignal = options?.abortSignal ? AbortSignal.any([controller.signal, options.abortSignal]) : controller.signal;
    try {
      return await Promise.race([send(command, { ...options, abortSignal }), aborted]);
    } finally {
      clearTimeout(timer);
      limits?.signal?.removeEventListener('abort', onCancel);
    }
  };
  (client as unknown as { send: Send }).send = limited;
  return client;
}
