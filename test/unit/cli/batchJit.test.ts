import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_FILES } from '../../../server/src/cli/batchRun';

const ROOT = join(__dirname, '..', '..', '..', '..');

// bin/ is plain JavaScript, run as it is: required, not compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const batchJit = require(join(ROOT, 'bin', 'batchJit.js')) as {
  BATCH_FLAGS: string[];
  tunedForThisV8(version?: string): boolean;
};

describe('bin/batchJit.js: V8 compiles less for a run of iamlp', () => {
  it('tunes only the V8 versions it was measured on', () => {
    assert.equal(batchJit.tunedForThisV8('11.3.244.8-node.38'), true);
    assert.equal(batchJit.tunedForThisV8('12.4.254.21-node.33'), false);
    assert.equal(batchJit.tunedForThisV8('10.2.154.26-node.36'), false);
  });

  it("names flags this node's V8 knows, where it tunes it", function () {
    // An unknown flag would be reported on stderr by every run of iamlp.
    if (!batchJit.tunedForThisV8()) this.skip();
    const run = spawnSync(process.execPath, [...batchJit.BATCH_FLAGS, '-e', '0'], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
  });

  it('bin/iamlp.js, as npm installs it, checks a long run under them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-bin-'));
    try {
      // Enough files for the run to be tuned as a long one (server/src/cli/batchRun.ts).
      for (let i = 0; i < BATCH_FILES; i++) {
        writeFileSync(
          join(dir, `writer-${i}.json`),
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }] }),
        );
      }
      const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'iamlp.js'), 'check', '--format', 'json', dir], { encoding: 'utf8' });
      assert.equal(run.stderr, '');
      assert.equal(run.status, 1, 'an error finding exits 1');
      const results = JSON.parse(run.stdout).results as Array<{ findings: Array<{ rule: string }> }>;
      assert.equal(results.length, BATCH_FILES);
      assert.ok(results.every((r) => r.findings.some((f) => f.rule === 'allow-iam-write')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
