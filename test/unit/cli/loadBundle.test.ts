import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

const LOADER = join(ROOT, 'bin', 'loadBundle.js');
// bin/ is plain JavaScript, run as it is: required, not compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require(LOADER) as { cachePathOf(bundle: string): string };

/** A bundle of a fixed length whatever `value` (one digit): an edit V8's own check (the length) cannot see. */
const bundleText = (value: number) =>
  `'use strict';\nexports.value = ${value};\nexports.twice = function twice(n) { return n * 2 + exports.value * 0; };\n`;

describe('bin/loadBundle.js: dist bundles compiled with the code cache the build made', () => {
  let folder: string;
  let bundle: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'iamlp-load-bundle-'));
    bundle = join(folder, 'bundle.js');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  /**
   * Loads the bundle in a node of its own, as iamlp starts: within one process V8 keeps what it
   * compiled and would not look at the cache again.
   */
  function loadFresh(file: string): { cacheUsed: boolean; value: number; twice: number } {
    const script = `const l = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)});
      process.stdout.write(JSON.stringify({ cacheUsed: l.cacheUsed, value: l.exports.value, twice: l.exports.twice(21) }));`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    return JSON.parse(run.stdout);
  }

  function makeCache(value: number): void {
    writeFileSync(bundle, bundleText(value));
    const script = `const m = require(${JSON.stringify(LOADER)}); const l = m.loadBundle(${JSON.stringify(bundle)});
      l.exports.twice(1); m.writeCache(${JSON.stringify(bundle)}, l);`;
    assert.equal(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stderr, '');
  }

  it('compiles from source without a cache, and uses the cache made for the very same file', () => {
    writeFileSync(bundle, bundleText(1));
    assert.deepEqual(loadFresh(bundle), { cacheUsed: false, value: 1, twice: 42 });
    makeCache(1);
    assert.deepEqual(loadFresh(bundle), { cacheUsed: true, value: 1, twice: 42 });
  });

  it('never runs a cache made for another version of the file, even one of the same length', () => {
    makeCache(1);
    writeFileSync(bundle, bundleText(2));
    // Written in the same millisecond or not, the file is another one: its time says so.
    utimesSync(bundle, new Date(2001, 0, 1), new Date(2001, 0, 1));
    assert.deepEqual(loadFresh(bundle), { cacheUsed: false, value: 2, twice: 42 });
  });

  it('a cache V8 refuses (damaged, or of another V8) leaves the bundle compiled from source', () => {
    makeCache(3);
    const cachePath = loader.cachePathOf(bundle);
    const header = readFileSync(cachePath).toString('latin1').split('\n')[0];
    writeFileSync(cachePath, Buffer.concat([Buffer.from(`${header}\n`, 'latin1'), Buffer.alloc(64, 7)]));
    assert.deepEqual(loadFresh(bundle), { cacheUsed: false, value: 3, twice: 42 });
    // A cache made by another node is not even handed to V8.
    writeFileSync(cachePath, `${header.replace(process.version, 'v0.0.0')}\nxyz`);
    assert.deepEqual(loadFresh(bundle), { cacheUsed: false, value: 3, twice: 42 });
  });

  it('iamlp runs from dist/cli.js with the cache the build made, AWS commands included', function () {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) this.skip();
    this.timeout(20000);
    // Made by scripts/build.mjs with dist/cli.js: both or neither.
    assert.ok(existsSync(loader.cachePathOf(cli)), 'dist/cli.js.cache is made by the build');
    const probe = spawnSync(
      process.execPath,
      ['-e', `process.stdout.write(String(require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(cli)}).cacheUsed))`],
      { encoding: 'utf8' },
    );
    assert.equal(probe.stdout, 'true', probe.stderr);
    const policy = join(folder, 'p.json');
    writeFileSync(
      policy,
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }] }),
    );
    const check = spawnSync(process.execPath, [join(ROOT, 'bin', 'iamlp.js'), 'check', '--format', 'json', policy], { encoding: 'utf8' });
    assert.equal(check.status, 1, check.stderr);
    assert.ok(JSON.parse(check.stdout).results[0].findings.some((f: { rule: string }) => f.rule === 'allow-iam-write'));
    // The AWS commands are a bundle of their own, required when one runs.
    const empty = join(folder, 'none');
    const whoami = spawnSync(process.execPath, [join(ROOT, 'bin', 'iamlp.js'), 'whoami'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: folder, AWS_CONFIG_FILE: empty, AWS_SHARED_CREDENTIALS_FILE: empty },
    });
    assert.match(whoami.stderr, /No AWS credentials found/);
  });
});
