// An exclusive, synchronous lock file for one-time installs into a shared cache: `npm start` and
// `npm test` started together on a machine without code-server must not both run `npm install` into
// the same folder (the second one's `rm -rf` would pull the first one's files from under it).
//
// The lock is a file created with O_EXCL (`wx`) holding {pid, host, started}. A process that finds it
// waits (saying so, with the holder's pid) and polls. A lock is stale, and is removed, when its holder
// is gone: same host and no process with that pid; or it is older than `staleMs` (a holder on another
// host, a reused pid, or a file left half-written); or it cannot be read and is older than a short grace.
// Synchronous on purpose: ensureCodeServer() is, and so are its callers.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** Whether a process with this pid exists here (EPERM: it exists but belongs to someone else). */
export function processAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Blocks the thread for `ms` (no busy loop). */
export function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readHolder(file) {
  let text;
  let mtimeMs;
  try {
    text = readFileSync(file, 'utf8');
    mtimeMs = statSync(file).mtimeMs;
  } catch (e) {
    if (e.code === 'ENOENT') return undefined; // released meanwhile
    throw e;
  }
  try {
    const holder = JSON.parse(text);
    return { ...holder, text, mtimeMs, valid: Number.isInteger(holder.pid) };
  } catch {
    return { text, mtimeMs, valid: false };
  }
}

/**
 * Why the lock's holder no longer counts, or undefined while it does. `now` in ms since epoch.
 * Exported for the unit test.
 */
export function staleReason(
  holder,
  { now = Date.now(), host = hostname(), isAlive = processAlive, staleMs = 30 * 60_000, graceMs = 10_000 } = {},
) {
  const age = now - (holder.valid && Number.isFinite(Date.parse(holder.started)) ? Date.parse(holder.started) : holder.mtimeMs);
  if (!holder.valid) return age > graceMs ? 'unreadable lock file' : undefined;
  if (holder.host === host && !isAlive(holder.pid)) return `process ${holder.pid} is gone`;
  if (age > staleMs) return `held for ${Math.round(age / 60_000)} min`;
  return undefined;
}

/**
 * Takes the lock at `file` (its folder must exist); returns `release()`, which removes the file if it
 * is still this process's. While another live process holds it, calls `onWait(holder)` once, then
 * every `reportEveryMs`, and polls every `pollMs`; throws after `timeoutMs`. `onStale(holder, reason)`
 * is told when a stale lock is removed.
 */
export function acquireLockSync(
  file,
  {
    pollMs = 500,
    timeoutMs = 45 * 60_000,
    reportEveryMs = 30_000,
    staleMs = 30 * 60_000,
    graceMs = 10_000,
    isAlive = processAlive,
    sleep = sleepSync,
    now = Date.now,
    host = hostname(),
    pid = process.pid,
    onWait = () => {},
    onStale = () => {},
  } = {},
) {
  const started = now();
  let lastReport;
  for (;;) {
    const mine = JSON.stringify({ pid, host, started: new Date(now()).toISOString() }) + '\n';
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const holder = readHolder(file);
    if (!holder) continue; // released between our open and our read: try again at once
    const reason = staleReason(holder, { now: now(), host, isAlive, staleMs, graceMs });
    if (reason) {
      // Remove it only if it is still the lock we judged (another waiter may have replaced it already).
      const again = readHolder(file);
      if (again && again.text === holder.text) {
        rmSync(file, { force: true });
        onStale(holder, reason);
      }
      continue;
    }
    const t = now();
    if (t - started > timeoutMs) {
      throw new Error(
        `gave up after ${Math.round((t - started) / 1000)} s waiting for ${file} (held by process ${holder.pid} on ${holder.host}); ` +
          `if no install is running, delete that file`,
      );
    }
    if (lastReport === undefined || t - lastReport >= reportEveryMs) {
      lastReport = t;
      onWait(holder);
    }
    sleep(pollMs);
  }
}

/** Runs `fn` holding the lock; releases it whatever happens. */
export function withLockSync(file, fn, options) {
  const release = acquireLockSync(file, options);
  try {
    return fn();
  } finally {
    release();
  }
}
