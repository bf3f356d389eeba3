import { classifyAwsError } from './errors';

/**
 * CloudTrail allows two LookupEvents requests per second, per account, per region. A limiter per
 * region spaces requests at least `intervalMs` apart; limiters are shared process-wide by key so two
 * queries running at once (a refresh and a "load more") still stay under the limit together.
 */

export type Sleep = (ms: number) => Promise<void>;
export type Clock = () => number;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
  private next = 0;

  constructor(
    readonly intervalMs: number,
    private readonly clock: Clock = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Resolves when the caller may send its request; reserves the slot before resolving. */
  async acquire(): Promise<void> {
    const now = this.clock();
    const slot = Math.max(now, this.next);
    this.next = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}

/** 2 requests per second. */
export const LOOKUP_EVENTS_INTERVAL_MS = 500;

const shared = new Map<string, RateLimiter>();

/** The process-wide limiter for one region (and endpoint, so a loopback server does not slow real regions). */
export function limiterFor(region: string, endpoint = ''): RateLimiter {
  const key = `${endpoint}|${region}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(LOOKUP_EVENTS_INTERVAL_MS);
    shared.set(key, limiter);
  }
  return limiter;
}

export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: Sleep;
  random?: () => number;
  /** Called before each wait, for progress messages. */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** Error names that mean "slow down and try again". */
export function isThrottling(error: unknown): boolean {
  return classifyAwsError(error) === 'throttled';
}

/**
 * Runs `operation`, retrying throttling errors with exponential backoff and full jitter
 * (base·2^n, capped, at least half of it). Other errors propagate at once.
 */
export async function withThrottlingRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 8000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isThrottling(error) || attempt >= maxAttempts) throw error;
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      options.onRetry?.(attempt, delay, error);
      await sleep(delay);
    }
  }
}
