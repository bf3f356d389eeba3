/**
 * A long run of bin/iamlp.js ends with process.exit() once all it wrote has left the process
 * (server/src/cli/main.ts), and a short run or one with output still waiting ends by itself.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_FILES } from '../../../server/src/cli/batchRun';

const ROOT = join(__dirname, '..', '..', '..', '..');
const WRITER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] });

describe('bin/iamlp.js ends a long run as soon as its output is out', function () {
  this.timeout(30000);
  let dir: string;
  let preload: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamlp-exit-'));
    // Says on standard error, synchronously, whether the run ended through process.exit().
    preload = join(dir, 'exit-probe.js');
    writeFileSync(
      preload,
      `const exit = process.exit;
process.exit = (code) => { require('fs').writeSync(2, '@@exit ' + code + '\\n'); return exit.call(process, code); };\n`,
    );
    for (let i = 0; i < BATCH_FILES + 8; i++) writeFileSync(join(dir, `writer-${i}.json`), WRITER);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const iamlp = (...args: string[]) =>
    spawnSync(process.execPath, ['--require', preload, join(ROOT, 'bin', 'iamlp.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

  it('a long run: every result is written, then it exits with its code at once', () => {
    const run = iamlp('check', '--format', 'json', dir);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '@@exit 1\n');
    const results = JSON.parse(run.stdout).results as Array<{ findings: Array<{ rule: string; actions?: string[] }> }>;
    assert.equal(results.length, BATCH_FILES + 8);
    assert.ok(run.stdout.length > 64 * 1024, 'more than a pipe holds at once');
    assert.equal(results.filter((r) => r.findings.some((f) => f.rule === 'allow-iam-write')).length, BATCH_FILES + 8);
  });

  it('a long run that said something on standard error keeps all of it, and its exit code', () => {
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const run = iamlp('check', '--format', 'json', dir);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^iamlp check: cannot read .*pipe\.json \(a FIFO \(named pipe\), not a regular file\)\n/);
    assert.equal(JSON.parse(run.stdout).results.length, BATCH_FILES + 8);
  });

  it('a check of one policy ends by itself', () => {
    const run = iamlp('check', join(dir, 'writer-0.json'));
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /allow-iam-write/);
  });
});
