import * as assert from 'node:assert/strict';
import { RateLimiter, withThrottlingRetry } from '../../../server/src/aws/cloudtrailRateLimit';

function throttle(): Error {
  const e = new Error('Rate exceeded');
  e.name = 'ThrottlingException';
  return e;
}

describe('RateLimiter', () => {
  it('spaces acquisitions by the interval on a virtual clock', async () => {
    let now = 1000;
    const slept: number[] = [];
    const limiter = new RateLimiter(
      500,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    const granted: number[] = [];
    for (let i = 0; i < 4; i++) {
      await limiter.acquire();
      granted.push(now);
    }
    assert.deepEqual(granted, [1000, 1500, 2000, 2500]);
    assert.deepEqual(slept, [500, 500, 500]);
  });
  it('does not wait when calls are already far apart', async () => {
    let now = 0;
    const slept: number[] = [];
    const limiter = new RateLimiter(
      500,
      () => now,
      async (ms) => void slept.push(ms),
    );
    await limiter.acquire();
    now = 2000;
    await limiter.acquire();
    assert.deepEqual(slept, []);
  });
  it('grants concurrent callers one slot per interval in real time', async () => {
    const limiter = new RateLimiter(100);
    const start = Date.now();
    const times: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        await limiter.acquire();
        times.push(Date.now() - start);
      }),
    );
    times.sort((a, b) => a - b);
    // The i-th caller is never let through before start + i·interval (timers may fire a millisecond early).
    times.forEach((t, i) => assert.ok(t >= i * 100 - 2, `caller ${i} went at ${t} ms`));
    assert.ok(times[3] < 1000, 'and is not held much longer than needed');
  });
});

describe('withThrottlingRetry', () => {
  it('retries ThrottlingException with growing, capped backoff, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withThrottlingRetry(
      async () => {
        calls++;
        if (calls <= 3) throw throttle();
        return 'ok';
      },
      { baseDelayMs: 100, maxDelayMs: 300, random: () => 1, sleep: async (ms) => void delays.push(ms) },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 4);
    assert.deepEqual(delays, [100, 200, 300]);
  });
  it('gives up after maxAttempts and rethrows the throttling error', async () => {
    let calls = 0;
    await assert.rejects(
      withThrottlingRetry(
        async () => {
          calls++;
          throw throttle();
        },
        { maxAttempts: 3, sleep: async () => undefined },
      ),
      { name: 'ThrottlingException' },
    );
    assert.equal(calls, 3);
  });
  it('does not retry other errors', async () => {
    let calls = 0;
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    await assert.rejects(
      withThrottlingRetry(
        async () => {
          calls++;
          throw denied;
        },
        { sleep: async () => undefined },
      ),
      denied,
    );
    assert.equal(calls, 1);
  });
});
