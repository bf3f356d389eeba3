'use strict';
// node starts four threads for V8's optimizing compiler and garbage collector next to the thread
// that runs iamlp. On a machine of two CPUs (a common CI runner) they are often all runnable at
// once, and the kernel shares the CPUs fairly among them: over the 1,571 AWS managed policies the
// analysis waited 60 ms for a CPU, a tenth of the run. Lowering the helpers' priority lets the
// analysis run whenever it can and the helpers take the rest of the time: 5-7% off that run's wall
// time (two series of 41 interleaved runs), most of what node's own `--v8-pool-size=1` gives (8%),
// which only a command line can set. The helpers do the same work, only later.
//
// Linux only: there a thread id names one thread to setpriority(), and /proc/self/task lists the
// threads. Raising a thread's niceness needs no privilege, and threads started later (a worker, the
// thread pool) inherit the main thread's, which is left alone. Nothing here can fail a run.
const fs = require('node:fs');
const os = require('node:os');

/** How much nicer than the main thread the helpers get: CFS then gives it about ten times their share. */
const HELPER_NICENESS = 10;
/** The nicest a thread can be. */
const NICEST = 19;

/**
 * Makes every thread of this process but the main one HELPER_NICENESS nicer than the main thread
 * (a run started with `nice` keeps its helpers below it, never above); returns how many it lowered.
 * `system` stands in for the platform in tests.
 */
function yieldHelperThreads(system = { platform: process.platform, pid: process.pid, fs, os }) {
  if (system.platform !== 'linux') return 0;
  let tasks;
  let niceness;
  try {
    tasks = system.fs.readdirSync('/proc/self/task');
    niceness = Math.min(NICEST, system.os.getPriority(system.pid) + HELPER_NICENESS);
  } catch {
    return 0;
  }
  // The ids /proc lists are those of the namespace /proc was mounted for: unless this process's own
  // id is among them, they may name threads of other processes here.
  if (!tasks.includes(String(system.pid))) return 0;
  let lowered = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (!Number.isInteger(tid) || tid === system.pid) continue;
    try {
      system.os.setPriority(tid, niceness);
      lowered++;
    } catch {
      // A thread that ended meanwhile, or a system that refuses: the run goes on as it would have.
    }
  }
  return lowered;
}

module.exports = { HELPER_NICENESS, yieldHelperThreads };
