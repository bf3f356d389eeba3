/**
 * Runs the access comparison of the code lens and its command on a worker thread
 * (accessDiffWorker.ts), so the extension host's thread never waits for it. Started on the first
 * comparison. Per file, one comparison runs at a time and only the newest text waits behind it:
 * typing through a long comparison of a large template asks for one more, not one per keystroke,
 * and every caller waiting gets the newest answer. A worker that fails or stops fails what it owed,
 * and the next comparison starts another. Where no worker can be made at all, the worker's module
 * answers on this thread, as the extension did before. Plain node: no `vscode` here.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as WorkerModule from './accessDiffWorker';
import type { AccessDiffReply, AccessDiffRequest } from './accessDiffWorker';
import { AccessSinceHead } from './accessSinceHead';
import { CommittedText } from './committedText';

interface Waiter {
  resolve(result: AccessSinceHead): void;
  reject(error: Error): void;
}

interface Job {
  committed: CommittedText;
  text: string;
  waiters: Waiter[];
}

/** A file's comparisons: whether one is running, and the newest text waiting behind it. */
interface FileQueue {
  running: boolean;
  next?: Job;
}

export class AccessDiffRunner {
  private worker: Worker | undefined;
  /** The worker's module loaded on this thread, once making a worker failed. */
  private inThread: typeof WorkerModule | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private readonly files = new Map<string, FileQueue>();

  /** `workerFile`: the worker's script, beside this module in dist/ (bundled) and in out/ (compiled). */
  constructor(
    private readonly workerFile = join(__dirname, 'accessDiffWorker.js'),
    private readonly makeWorker = (file: string) => new Worker(file),
  ) {}

  /** `file` compared with its committed text, as accessSinceHead does. */
  async compare(file: string, committed: Promise<CommittedText>, text: string): Promise<AccessSinceHead> {
    const known = await committed;
    return new Promise<AccessSinceHead>((resolve, reject) => {
      let queue = this.files.get(file);
      if (!queue) this.files.set(file, (queue = { running: false }));
      if (queue.next) {
        // A newer text replaces the one that waited: its callers get the newer answer too.
        queue.next.committed = known;
        queue.next.text = text;
        queue.next.waiters.push({ resolve, reject });
      } else queue.next = { committed: known, text, waiters: [{ resolve, reject }] };
      this.runNext(file, queue);
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failPending(new Error('the access comparison was stopped'));
    void worker?.terminate();
  }

  private runNext(file: string, queue: FileQueue): void {
    const job = queue.next;
    if (queue.running || !job) return;
    queue.next = undefined;
    queue.running = true;
    this.run(file, job.committed, job.text)
      .then(
        (result) => job.waiters.forEach((w) => w.resolve(result)),
        (error: Error) => job.waiters.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        queue.running = false;
        if (queue.next) this.runNext(file, queue);
        else this.files.delete(file);
      });
  }

  private run(file: string, committed: CommittedText, text: string): Promise<AccessSinceHead> {
    // In the executor, a worker module that cannot be loaded rejects this comparison like a worker that fails.
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const worker = this.startedWorker();
      if (!worker) {
        void this.inThread!.answer({ id, file, committed, text }).then((reply) =>
          'error' in reply ? reject(new Error(reply.error)) : resolve(reply.result),
        );
        return;
      }
      this.pending.set(id, { resolve, reject });
      // Kept alive only while it owes an answer: an idle worker holds no process open.
      if (this.pending.size === 1) worker.ref();
      const request: AccessDiffRequest = { id, file, committed, text };
      worker.postMessage(request);
    });
  }

  private startedWorker(): Worker | undefined {
    if (this.worker || this.inThread) return this.worker;
    let worker: Worker;
    try {
      worker = this.makeWorker(this.workerFile);
    } catch {
      this.inThread = createRequire(__filename)(this.workerFile) as typeof WorkerModule;
      return undefined;
    }
    worker.on('message', (reply: AccessDiffReply) => this.answered(reply));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the access comparison's worker stopped (exit ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answered(reply: AccessDiffReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply.result);
  }

  /** A worker that failed or stopped: what it owed fails, and the next comparison starts a new one. */
  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failPending(error);
  }

  private failPending(error: Error): void {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiters) w.reject(error);
  }
}
