// The install lock of scripts/vscode/codeServer.mjs (scripts/vscode/installLock.mjs): one process
// installs code-server into the shared cache, the others wait, and a lock whose holder died is broken.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MODULE = join(__dirname, '..', '..', '..', '..', 'scripts', 'vscode', 'installLock.mjs');

interface Holder {
  pid?: number;
  host?: string;
  started?: string;
}
interface LockOptions {
  pollMs?: number;
  timeoutMs?: number;
  reportEveryMs?: number;
  staleMs?: number;
  graceMs?: number;
  isAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => void;
  now?: () => number;
  host?: string;
  pid?: number;
  onWait?: (holder: Holder) => void;
  onStale?: (holder: Holder, reason: string) => void;
}
interface LockModule {
  acquireLockSync(file: string, options?: LockOptions): () => void;
  withLockSync<T>(file: string, fn: () => T, options?: LockOptions): T;
}

// The scripts are ES modules; a real dynamic import (tsc would turn `import()` into require()).
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<LockModule>;

/** A pid that no process has: one of a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('code-server install lock (scripts/vscode/installLock.mjs)', () => {
  let lock: LockModule;
  let dir: string;
  let file: string;

  before(async () => {
    lock = await importEsm(pathToFileURL(MODULE).href);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamlp-lock-'));
    file = join(dir, 'code-server.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const holderFile = (holder: Holder) => writeFileSync(file, JSON.stringify(holder) + '\n');
  const noSleep = () => assert.fail('should not wait');

  it('takes a free lock at once, records pid and host, and release removes it', () => {
    const release = lock.acquireLockSync(file, { sleep: noSleep });
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, hostname());
    release();
    assert.equal(existsSync(file), false);
  });

  it('release leaves a lock that is no longer its own', () => {
    const release = lock.acquireLockSync(file, { sleep: noSleep });
    holderFile({ pid: 4242, host: 'other', started: new Date().toISOString() });
    release();
    assert.equal(existsSync(file), true);
  });

  it('waits while a live process holds the lock, says so once, and takes it when released', () => {
    holderFile({ pid: 4242, host: hostname(), started: new Date().toISOString() });
    const waits: Holder[] = [];
    let sleeps = 0;
    const release = lock.acquireLockSync(file, {
      isAlive: (pid) => pid === 4242,
      onWait: (h) => waits.push(h),
      onStale: () => assert.fail('a live holder is not stale'),
      sleep: () => {
        if (++sleeps === 3) rmSync(file); // the holder finishes
      },
    });
    assert.equal(sleeps, 3);
    assert.deepEqual(
      waits.map((h) => h.pid),
      [4242],
    );
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as Holder).pid, process.pid);
    release();
  });

  it('breaks a lock whose holder is gone (same host, no such pid) without waiting', () => {
    const pid = deadPid();
    holderFile({ pid, host: hostname(), started: new Date().toISOString() });
    const stale: string[] = [];
    const release = lock.acquireLockSync(file, { sleep: noSleep, onStale: (_h, reason) => stale.push(reason) });
    assert.deepEqual(stale, [`process ${pid} is gone`]);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as Holder).pid, process.pid);
    release();
  });

  it("trusts another host's lock until it is older than staleMs", () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    holderFile({ pid: 1, host: 'build-box-2', started: new Date(clock).toISOString() });
    const stale: string[] = [];
    const release = lock.acquireLockSync(file, {
      now: () => clock,
      staleMs: 60_000,
      isAlive: () => false, // a pid of another host says nothing here
      sleep: (ms) => (clock += ms),
      pollMs: 10_000,
      onStale: (_h, reason) => stale.push(reason),
    });
    assert.deepEqual(stale, ['held for 1 min']);
    assert.ok(clock - Date.parse('2026-01-01T00:00:00Z') > 60_000);
    release();
  });

  it('gives an unreadable (half-written) lock a grace period, then breaks it', () => {
    writeFileSync(file, '{"pid": 12');
    let clock = Date.now();
    let sleeps = 0;
    const stale: string[] = [];
    const release = lock.acquireLockSync(file, {
      now: () => clock,
      graceMs: 5_000,
      sleep: (ms) => ((clock += ms), sleeps++),
      pollMs: 1_000,
      onStale: (_h, reason) => stale.push(reason),
    });
    assert.ok(sleeps >= 5, `waited through the grace period (${sleeps} polls)`);
    assert.deepEqual(stale, ['unreadable lock file']);
    release();
  });

  it('gives up after timeoutMs, naming the lock file and its holder', () => {
    holderFile({ pid: 4242, host: hostname(), started: new Date().toISOString() });
    let clock = Date.now();
    assert.throws(
      () => lock.acquireLockSync(file, { isAlive: () => true, now: () => clock, sleep: (ms) => (clock += ms), timeoutMs: 5_000 }),
      (e: Error) => e.message.includes(file) && e.message.includes('process 4242') && /delete that file/.test(e.message),
    );
    assert.equal(existsSync(file), true, 'a live lock is left alone');
  });

  describe('between real processes', function () {
    this.timeout(30_000);
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    });

    /** A node process that takes the lock, logs `start <pid>`, holds it `holdMs`, logs `end <pid>`. */
    function contender(log: string, holdMs: number): ChildProcess {
      const script = `
        import { appendFileSync } from 'node:fs';
        import { withLockSync, sleepSync } from ${JSON.stringify(pathToFileURL(MODULE).href)};
        withLockSync(${JSON.stringify(file)}, () => {
          appendFileSync(${JSON.stringify(log)}, 'start ' + process.pid + '\\n');
          sleepSync(${holdMs});
          appendFileSync(${JSON.stringify(log)}, 'end ' + process.pid + '\\n');
        }, { pollMs: 20, onWait: (h) => process.stderr.write('waiting for ' + h.pid + '\\n'), onStale: (h, r) => process.stderr.write('stale: ' + r + '\\n') });
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      return child;
    }
    const exit = (c: ChildProcess) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        let stderr = '';
        c.stderr?.on('data', (d) => (stderr += d));
        c.on('exit', (code) => resolve({ code, stderr }));
      });

    it('serializes three processes started together: no two hold the lock at once', async () => {
      const log = join(dir, 'log');
      writeFileSync(log, '');
      const procs = [contender(log, 300), contender(log, 300), contender(log, 300)];
      const results = await Promise.all(procs.map(exit));
      assert.deepEqual(
        results.map((r) => r.code),
        [0, 0, 0],
        results.map((r) => r.stderr).join('\n'),
      );
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      assert.equal(lines.length, 6);
      for (let i = 0; i < lines.length; i += 2) {
        const pid = lines[i].replace(/^start /, '');
        assert.equal(lines[i + 1], `end ${pid}`, `critical sections interleaved:\n${lines.join('\n')}`);
      }
      assert.equal(results.filter((r) => /waiting for \d+/.test(r.stderr)).length >= 1, true, 'a waiter says whom it waits for');
      assert.equal(existsSync(file), false, 'the last one released it');
    });

    it('a holder killed mid-install leaves a lock the next process breaks', async () => {
      const log = join(dir, 'log');
      writeFileSync(log, '');
      const killed = contender(log, 20_000);
      const killedExit = exit(killed);
      // Wait until it holds the lock (its `start` line), then SIGKILL it: no release runs.
      while (!readFileSync(log, 'utf8').includes(`start ${killed.pid}`)) await new Promise((r) => setTimeout(r, 20));
      killed.kill('SIGKILL');
      await killedExit;
      assert.equal(existsSync(file), true, 'the dead holder left its lock');
      const next = await exit(contender(log, 10));
      assert.equal(next.code, 0);
      assert.match(next.stderr, new RegExp(`stale: process ${killed.pid} is gone`));
      assert.equal(existsSync(file), false);
    });
  });
});
