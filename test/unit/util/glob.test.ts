import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFiles } from '../../../server/src/cli/files';
import { matchesConfigGlob } from '../../../server/src/config/projectConfig';
import { globDepth, globMatcher, matchesGlob } from '../../../server/src/util/glob';

const PATHOLOGICAL = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
const FORTY_AS = 'a'.repeat(40);

describe('globs (linear-time matching)', function () {
  // The cap for the pathological cases: the old backtracking matcher ran for minutes on each.
  this.timeout(10000);

  it('the pathological pattern answers at once, everywhere globs are matched', () => {
    assert.equal(globMatcher(PATHOLOGICAL)(FORTY_AS), false);
    assert.equal(globMatcher(PATHOLOGICAL)(`${FORTY_AS}b`), true);
    // excludeFiles / policyFiles settings (language server) and .iamlp.json ignore globs (CLI and server).
    assert.equal(matchesGlob(PATHOLOGICAL, `/work/${FORTY_AS}.json`), false);
    assert.equal(matchesGlob(`**/${PATHOLOGICAL}`, `/work/x/${FORTY_AS}`), false);
    assert.equal(matchesConfigGlob(PATHOLOGICAL, `sub/${FORTY_AS}.json`), false);
    for (let i = 0; i < 200; i++) assert.equal(globMatcher(PATHOLOGICAL)(`${FORTY_AS}${i}`), false);
  });

  it('keeps the glob meanings the settings and .iamlp.json document', () => {
    assert.ok(globMatcher('**/*.json')('a/b/c.json'));
    assert.ok(globMatcher('**/*.json')('c.json'));
    assert.ok(!globMatcher('*.json')('a/c.json'));
    assert.ok(globMatcher('policies/?.json')('policies/a.json'));
    assert.ok(!globMatcher('policies/?.json')('policies/ab.json'));
    assert.ok(globMatcher('*.{json,jsonc}')('x.jsonc'));
    assert.ok(matchesGlob('**/policies/**', '/home/u/repo/policies/a/b.json'));
    assert.ok(matchesGlob('*.policy.json', '/home/u/repo/x.policy.json'));
    assert.ok(!matchesGlob('*.policy.json', '/home/u/repo/x.json'));
    // A glob neither library can read matches only its own text, never everything.
    assert.equal(globMatcher('[')('anything'), false);
  });

  it('a folder walk says which files it saw as regular (a link to one is; a FIFO is not)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-walk-'));
    try {
      writeFileSync(join(dir, 'a.json'), '{}');
      symlinkSync(join(dir, 'a.json'), join(dir, 'b.json'));
      execFileSync('mkfifo', [join(dir, 'c.json')]);
      assert.deepEqual(
        collectFiles(['.'], dir).files.map((f) => [f.path, f.regular]),
        [
          ['a.json', true],
          ['b.json', true],
          ['c.json', false],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('files below a folder are shown as the folder was written, joined and normalised', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-shown-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'a.json'), '{}');
      const shown = (arg: string) => collectFiles([arg], dir).files.map((f) => f.path);
      assert.deepEqual(shown('.'), [join('sub', 'a.json')]);
      assert.deepEqual(shown('./'), [join('sub', 'a.json')]);
      assert.deepEqual(shown('sub/'), [join('sub', 'a.json')]);
      assert.deepEqual(shown('./sub/../sub'), [join('sub', 'a.json')]);
      assert.deepEqual(shown('sub/..'), [join('sub', 'a.json')]);
      assert.deepEqual(shown(dir), [join(dir, 'sub', 'a.json')]);
      assert.deepEqual(shown(`${dir}/`), [join(dir, 'sub', 'a.json')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a single-folder glob reaches no deeper than its segments', () => {
    assert.equal(globDepth('*.json'), 1);
    assert.equal(globDepth('*/x/*.json'), 3);
    assert.equal(globDepth('**/*.json'), Infinity);
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-glob-'));
    try {
      writeFileSync(join(dir, 'top.json'), '{}');
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'below.json'), '{}');
      // A broken link two levels down: a walk that reaches it says so.
      mkdirSync(join(dir, 'sub', 'deeper'));
      symlinkSync(join(dir, 'nowhere'), join(dir, 'sub', 'deeper', 'broken.json'));
      assert.deepEqual(collectFiles([`${dir}/*.json`], dir), {
        files: [{ path: `${dir}/top.json`, absolute: join(dir, 'top.json'), regular: true }],
        problems: [],
      });
      assert.deepEqual(collectFiles(['*/*.json'], dir), {
        files: [{ path: 'sub/below.json', absolute: join(dir, 'sub', 'below.json'), regular: true }],
        problems: [],
      });
      const everywhere = collectFiles(['**/*.json'], dir);
      assert.deepEqual(
        everywhere.files.map((f) => f.path),
        ['sub/below.json', 'top.json'],
      );
      assert.match(everywhere.problems.join(), /cannot follow the link .*broken\.json \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
