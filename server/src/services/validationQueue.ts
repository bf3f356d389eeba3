/**
 * When the language server analyses a document: once its edits have paused for a short while, and
 * only its latest version. The JSON-RPC reader hands over one message per tick, so a burst of 200
 * edits is 200 ticks apart and a same-tick debounce analysed (and published) every one of them;
 * an idle delay coalesces the burst, and a ticket per schedule lets the work of a superseded
 * version, or of a document closed meanwhile, see that it is stale and publish nothing.
 * Protocol-free: the server passes what to run, tests pass fake timers.
 */

export interface QueueTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: QueueTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Pause of the edits before analysing: under a keystroke interval, over the JSON-RPC tick. */
export const DEFAULT_IDLE_MS = 100;

/** Runs one document's validation; `isCurrent()` turns false once a newer schedule or a close supersedes it. */
export type ValidationRun = (uri: string, isCurrent: () => boolean) => Promise<void> | void;

interface Entry {
  ticket: number;
  timer?: unknown;
  /** Validations started and not yet ended. */
  running: number;
}

export class ValidationQueue {
  private readonly entries = new Map<string, Entry>();
  private lastTicket = 0;

  constructor(
    private readonly run: ValidationRun,
    private readonly onError: (err: unknown) => void,
    private readonly idleMs = DEFAULT_IDLE_MS,
    private readonly timers: QueueTimers = realTimers,
  ) {}

  /**
   * The document changed (or its settings did): analyse it once it has been quiet for `idleMs`,
   * or after `delayMs` (0 for a document just opened: nobody is typing in it yet).
   */
  schedule(uri: string, delayMs = this.idleMs): void {
    const entry = this.entries.get(uri) ?? { ticket: 0, running: 0 };
    if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    const ticket = ++this.lastTicket;
    entry.ticket = ticket;
    entry.timer = this.timers.setTimeout(() => {
      entry.timer = undefined;
      const isCurrent = () => this.entries.get(uri)?.ticket === ticket;
      if (!isCurrent()) return;
      entry.running++;
      const ended = () => {
        entry.running--;
      };
      try {
        Promise.resolve(this.run(uri, isCurrent)).catch(this.onError).finally(ended);
      } catch (err) {
        ended();
        this.onError(err);
      }
    }, delayMs);
    this.entries.set(uri, entry);
  }

  /** The document closed: nothing scheduled runs, and work in flight sees it is stale. */
  forget(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry?.timer !== undefined) this.timers.clearTimeout(entry.timer);
    this.entries.delete(uri);
  }

  /** Whether a validation of `uri` waits for the edits to pause. */
  isPending(uri: string): boolean {
    return this.entries.get(uri)?.timer !== undefined;
  }

  /** Whether a validation of `uri` waits for the edits to pause or is under way (its settings read, its analysis in slices). */
  isBusy(uri: string): boolean {
    const entry = this.entries.get(uri);
    return entry !== undefined && (entry.timer !== undefined || entry.running > 0);
  }
}
