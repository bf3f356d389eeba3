import * as assert from 'node:assert/strict';
import { QueueTimers, ValidationQueue } from '../../../server/src/services/validationQueue';

/** Timers that move only when the test says so. */
class FakeTimers implements QueueTimers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const [id, timer] = [...this.due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || timer!.at > until) break;
      this.due.delete(id);
      this.now = timer!.at;
      timer!.callback();
    }
    this.now = until;
  }
  get scheduled(): number {
    return this.due.size;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ValidationQueue (per-document idle debounce, stale work dropped)', () => {
  let timers: FakeTimers;
  let runs: string[];
  let errors: unknown[];
  let queue: ValidationQueue;

  beforeEach(() => {
    timers = new FakeTimers();
    runs = [];
    errors = [];
    queue = new ValidationQueue(
      (uri) => void runs.push(uri),
      (err) => errors.push(err),
      100,
      timers,
    );
  });

  it('a burst of edits runs once, after the edits pause for the idle time', () => {
    for (let i = 0; i < 200; i++) {
      queue.schedule('file:///a.json');
      timers.advance(10);
    }
    assert.deepEqual(runs, [], 'nothing while the edits keep coming');
    assert.ok(queue.isPending('file:///a.json'));
    // The last edit came 10 ms ago.
    timers.advance(89);
    assert.deepEqual(runs, []);
    timers.advance(1);
    assert.deepEqual(runs, ['file:///a.json']);
    assert.equal(queue.isPending('file:///a.json'), false);
    assert.equal(timers.scheduled, 0);
  });

  it('is busy with a document from its schedule until its run has ended (a code lens waits that long for it)', async () => {
    let finish = () => {};
    const slow = new ValidationQueue(
      () => new Promise<void>((resolve) => (finish = resolve)),
      (err) => errors.push(err),
      100,
      timers,
    );
    assert.equal(slow.isBusy('file:///a.tf'), false);
    slow.schedule('file:///a.tf');
    assert.ok(slow.isBusy('file:///a.tf'));
    timers.advance(100);
    assert.equal(slow.isPending('file:///a.tf'), false);
    assert.ok(slow.isBusy('file:///a.tf'), 'under way');
    finish();
    await flush();
    assert.equal(slow.isBusy('file:///a.tf'), false);
    assert.deepEqual(errors, []);
  });

  it('a document just opened runs at once (delay 0), and an edit after it is debounced again', () => {
    queue.schedule('file:///a.json', 0);
    timers.advance(0);
    assert.deepEqual(runs, ['file:///a.json']);
    queue.schedule('file:///a.json');
    timers.advance(99);
    assert.deepEqual(runs, ['file:///a.json']);
    timers.advance(1);
    assert.deepEqual(runs, ['file:///a.json', 'file:///a.json']);
  });

  it('documents are debounced apart: one edit does not delay another document', () => {
    queue.schedule('file:///a.json');
    timers.advance(60);
    queue.schedule('file:///b.json');
    timers.advance(40);
    assert.deepEqual(runs, ['file:///a.json']);
    timers.advance(60);
    assert.deepEqual(runs, ['file:///a.json', 'file:///b.json']);
  });

  it('a run superseded by a later edit, or by the close of its document, sees it is stale', () => {
    const checks: Array<() => boolean> = [];
    const slow = new ValidationQueue(
      (_uri, isCurrent) => void checks.push(isCurrent),
      (err) => errors.push(err),
      100,
      timers,
    );
    slow.schedule('file:///a.json');
    timers.advance(100);
    assert.equal(checks.length, 1);
    assert.equal(checks[0](), true, 'current while nothing newer came');
    slow.schedule('file:///a.json');
    assert.equal(checks[0](), false, 'a newer version supersedes it');
    timers.advance(100);
    assert.equal(checks[1](), true);
    slow.forget('file:///a.json');
    assert.equal(checks[1](), false, 'closed: publish nothing');
    // Reopened: the old run stays stale, the new one is current.
    slow.schedule('file:///a.json');
    timers.advance(100);
    assert.equal(checks[1](), false);
    assert.equal(checks[2](), true);
  });

  it('a close cancels what was scheduled', () => {
    queue.schedule('file:///a.json');
    timers.advance(50);
    queue.forget('file:///a.json');
    timers.advance(500);
    assert.deepEqual(runs, []);
    assert.equal(timers.scheduled, 0);
  });

  it('a run that throws or rejects is reported, and the queue keeps working', async () => {
    let calls = 0;
    const failing = new ValidationQueue(
      () => {
        calls++;
        if (calls === 1) throw new Error('sync failure');
        return Promise.reject(new Error('async failure'));
      },
      (err) => errors.push(err),
      100,
      timers,
    );
    failing.schedule('file:///a.json');
    timers.advance(100);
    failing.schedule('file:///a.json');
    timers.advance(100);
    await flush();
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['sync failure', 'async failure'],
    );
  });
});
