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

/** A reply the worker owes, and how to fail it when the worker is lost. */
interface Owed {
  resolve(reply: WorkerModule.AccessDiffReply): void;
  reject(error: Error): void;
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
  private readonly pending = new Map<number, Owed>();
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

  private async run(file: string, committed: CommittedText, text: string): Promise<AccessSinceHead> {
    const reply = await this.answerer()({ id: this.nextId++, file, committed, text });
    if ('error' in reply) throw new Error(reply.error);
    return reply.result;
  }

  /** Who answers: the worker, started on the first call, or the worker's module on this thread where none can be made. */
  private answerer(): (request: WorkerModule.AccessDiffRequest) => Promise<WorkerModule.AccessDiffReply> {
    if (this.inThread) return this.inThread.answer;
    if (!this.worker) {
      try {
        this.worker = this.startWorker();
      } catch {
        this.inThread = createRequire(__filename)(this.workerFile) as typeof WorkerModule;
        return this.inThread.answer;
      }
    }
    const worker = this.worker;
    return (request) =>
      new Promise((resolve, reject) => {
        this.pending.set(request.id, { resolve, reject });
        // Kept alive only while it owes an answer: an idle worker holds no process open.
        if (this.pending.size === 1) worker.ref();
        worker.postMessage(request);
      });
  }

  private startWorker(): Worker {
    const worker = this.makeWorker(this.workerFile);
    worker.on('message', (reply: WorkerModule.AccessDiffReply) => this.answered(reply));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the access comparison's worker stopped (exit ${code})`)));
    worker.unref();
    return worker;
  }

  private answered(reply: WorkerModule.AccessDiffReply): void {
    const owed = this.pending.get(reply.id);
    if (!owed) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    owed.resolve(reply);
  }

  /** A worker that failed or stopped: what it owed fails, and the next comparison starts a new one. */
  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failPending(error);
  }

  private failPending(error: Error): void {
    const owed = [...this.pending.values()];
    this.pending.clear();
    for (const o of owed) o.reject(error);
  }
}
