/**
 * Timers for a role session: a tick every second (status bar countdown), one warning before expiry,
 * and the end of the session at expiry (it is dropped from the store). Clock injectable for tests.
 */
import { ActiveRoleSession, getActiveSession, setActiveSession } from './activeSession';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export interface ExpiryHandlers {
  onTick?(session: ActiveRoleSession): void;
  onWarn?(session: ActiveRoleSession): void;
  onExpire?(session: ActiveRoleSession): void;
}

/** Node timers overflow above 2^31-1 ms; re-arm in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ExpiryWatcher {
  private handles: { kind: 'timeout' | 'interval'; handle: unknown }[] = [];

  constructor(
    private readonly handlers: ExpiryHandlers,
    private readonly warnBeforeMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  watch(session: ActiveRoleSession | undefined): void {
    this.stop();
    if (!session) return;
    const expiresAt = session.credentials.expiration.getTime();
    const at = (time: number, fn: () => void) => {
      const arm = () => {
        const delay = time - this.clock.now();
        if (delay > MAX_TIMER_MS) this.handles.push({ kind: 'timeout', handle: this.clock.setTimeout(arm, MAX_TIMER_MS) });
        else this.handles.push({ kind: 'timeout', handle: this.clock.setTimeout(fn, Math.max(0, delay)) });
      };
      arm();
    };
    const warnAt = expiresAt - this.warnBeforeMs;
    if (this.warnBeforeMs > 0 && warnAt > this.clock.now()) at(warnAt, () => this.handlers.onWarn?.(session));
    at(expiresAt, () => {
      this.stop();
      // Drop it only if it is still the active one (looked up with a clock that never expires it).
      if (getActiveSession(new Date(0)) === session) setActiveSession(undefined);
      this.handlers.onExpire?.(session);
    });
    if (this.handlers.onTick)
      this.handles.push({ kind: 'interval', handle: this.clock.setInterval(() => this.handlers.onTick?.(session), 1000) });
  }

  stop(): void {
    for (const h of this.handles) {
      if (h.kind === 'timeout') this.clock.clearTimeout(h.handle);
      else this.clock.clearInterval(h.handle);
    }
    this.handles = [];
  }
}
