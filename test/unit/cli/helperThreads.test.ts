import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_FILES } from '../../../server/src/cli/batchRun';

const ROOT = join(__dirname, '..', '..', '..', '..');

interface System {
  platform: string;
  pid: number;
  fs: { readdirSync(path: string): string[] };
  os: { getPriority(pid: number): number; setPriority(pid: number, priority: number): void };
}

// bin/ is plain JavaScript, run as it is: required, not compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helperThreads = require(join(ROOT, 'bin', 'helperThreads.js')) as {
  HELPER_NICENESS: number;
  yieldHelperThreads(system?: System): number;
};

function fakeSystem(platform: string, tasks: string[] | Error, refuse: number[] = [], mainNiceness = 0) {
  const lowered: Array<[number, number]> = [];
  const system: System = {
    platform,
    pid: 100,
    fs: {
      readdirSync(path) {
        assert.equal(path, '/proc/self/task');
        if (tasks instanceof Error) throw tasks;
        return tasks;
      },
    },
    os: {
      getPriority(pid) {
        assert.equal(pid, 100);
        return mainNiceness;
      },
      setPriority(pid, priority) {
        if (refuse.includes(pid)) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
        lowered.push([pid, priority]);
      },
    },
  };
  return { system, lowered };
}

/** The niceness of each thread of a process, main thread first, from inside it as it exits. */
const NICENESS_REPORTER = `process.on('exit', () => {
  const fs = require('node:fs');
  const niceness = (tid) => Number(fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
  const helpers = fs.readdirSync('/proc/self/task').filter((t) => Number(t) !== process.pid).map(niceness);
  process.stderr.write('@@niceness ' + JSON.stringify({ main: niceness(process.pid), helpers }) + '\\n');
});`;

describe('bin/helperThreads.js: V8 helper threads yield the CPU to the analysis', () => {
  it('lowers every thread but the main one, and goes on past one it cannot lower', () => {
    const { system, lowered } = fakeSystem('linux', ['100', '101', '102', '103'], [102]);
    assert.equal(helperThreads.yieldHelperThreads(system), 2);
    assert.deepEqual(lowered, [
      [101, helperThreads.HELPER_NICENESS],
      [103, helperThreads.HELPER_NICENESS],
    ]);
    assert.ok(helperThreads.HELPER_NICENESS > 0 && helperThreads.HELPER_NICENESS < 20);
  });

  it('keeps the helpers as far below a main thread started with nice, as far as niceness goes', () => {
    const niced = fakeSystem('linux', ['100', '101'], [], 3);
    helperThreads.yieldHelperThreads(niced.system);
    assert.deepEqual(niced.lowered, [[101, 3 + helperThreads.HELPER_NICENESS]]);
    const nicest = fakeSystem('linux', ['100', '101'], [], 15);
    helperThreads.yieldHelperThreads(nicest.system);
    assert.deepEqual(nicest.lowered, [[101, 19]]);
  });

  it('does nothing off Linux, or where its own threads cannot be listed', () => {
    const elsewhere = fakeSystem('darwin', ['100', '101']);
    assert.equal(helperThreads.yieldHelperThreads(elsewhere.system), 0);
    assert.deepEqual(elsewhere.lowered, []);
    const unlisted = fakeSystem('linux', new Error('EACCES'));
    assert.equal(helperThreads.yieldHelperThreads(unlisted.system), 0);
    assert.deepEqual(unlisted.lowered, []);
    // A /proc of another PID namespace: its ids are not this process's threads.
    const foreign = fakeSystem('linux', ['7', '8', '9']);
    assert.equal(helperThreads.yieldHelperThreads(foreign.system), 0);
    assert.deepEqual(foreign.lowered, []);
  });

  /** The niceness of iamlp's threads as it exits from checking `count` policies. */
  function nicenessOfCheck(count: number): { main: number; helpers: number[] } {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-threads-'));
    try {
      const reporter = join(dir, 'niceness.cjs');
      writeFileSync(reporter, NICENESS_REPORTER);
      const policies = join(dir, 'policies');
      mkdirSync(policies);
      for (let i = 0; i < count; i++) {
        writeFileSync(
          join(policies, `reader-${i}.json`),
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }),
        );
      }
      const run = spawnSync(process.execPath, ['--require', reporter, join(ROOT, 'bin', 'iamlp.js'), 'check', policies], {
        encoding: 'utf8',
      });
      const report = /@@niceness (.*)/.exec(run.stderr);
      assert.ok(report, run.stderr);
      return JSON.parse(report[1]) as { main: number; helpers: number[] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('bin/iamlp.js runs a long run at normal priority and its helpers lower', function () {
    if (process.platform !== 'linux') this.skip();
    const { main, helpers } = nicenessOfCheck(BATCH_FILES);
    // The child starts at this process's niceness (0, unless the tests run under nice).
    const started = getPriority();
    assert.equal(main, started);
    assert.ok(helpers.length >= 4, `V8's worker threads: ${helpers.length}`);
    const expected = Math.min(19, started + helperThreads.HELPER_NICENESS);
    assert.deepEqual(
      helpers.filter((n) => n !== expected),
      [],
    );
  });

  it('bin/iamlp.js leaves them alone for a check of one policy, which would only pay for it', function () {
    if (process.platform !== 'linux') this.skip();
    const { main, helpers } = nicenessOfCheck(1);
    assert.deepEqual(
      helpers.filter((n) => n !== main),
      [],
    );
  });
});
