/**
 * `iamlp check` fails closed and never blocks: what it cannot read is said and exits 2, what is
 * not text or cannot be parsed is a finding, never "no problems".
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';

const CLI_MAIN = join(__dirname, '..', '..', '..', 'server', 'src', 'cli', 'main.js');
const ADMIN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] });
const READER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function rules(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of JSON.parse(stdout).results as { file: string; findings: { rule: string }[] }[]) {
    out[r.file] = r.findings.map((f) => f.rule);
  }
  return out;
}

describe('iamlp check fails closed', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iamlp-closed-'))));
  afterEach(() => {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes UTF-16 with a BOM; binary content and absurd nesting are invalid-json', async () => {
    writeFileSync(join(dir, 'utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ADMIN, 'utf16le')]));
    writeFileSync(join(dir, 'binary.json'), Buffer.from([0x7b, 0x00, 0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x7d]));
    writeFileSync(join(dir, 'deep.json'), `{"Version":"2012-10-17","Statement":${'['.repeat(20000)}${']'.repeat(20000)}}`);
    const r = await cli(['check', '--format', 'json', 'utf16.json', 'binary.json', 'deep.json'], dir);
    assert.equal(r.code, 1);
    const found = rules(r.stdout);
    assert.ok(found['utf16.json'].includes('allow-iam-write'), 'the UTF-16 policy was read and analysed');
    assert.deepEqual(found['binary.json'], ['invalid-json']);
    assert.deepEqual(found['deep.json'], ['invalid-json']);
    assert.match(r.stdout, /binary content at byte 1/);
  });

  it('follows symlinked folders and files, and ends a symlink loop', async () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'admin.json'), ADMIN);
    mkdirSync(join(dir, 'tree'));
    symlinkSync(join(dir, 'real'), join(dir, 'tree', 'linked'));
    symlinkSync(join(dir, 'real', 'admin.json'), join(dir, 'tree', 'alias.json'));
    symlinkSync(join(dir, 'tree'), join(dir, 'tree', 'loop'));
    const r = await cli(['check', '--format', 'json', 'tree'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(Object.keys(rules(r.stdout)), [join('tree', 'alias.json'), join('tree', 'linked', 'admin.json')]);
  });

  it('/dev/zero, a FIFO and a socket: one line each, exit 2 at once', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'sock.json'), resolve));
    try {
      for (const target of ['/dev/zero', 'pipe.json', 'sock.json']) {
        // A real process: were it to read or open the target, it would never end.
        const run = spawnSync(process.execPath, [CLI_MAIN, 'check', target], { cwd: dir, encoding: 'utf8', timeout: 10000 });
        assert.equal(run.status, 2, `${target}: ${run.stderr}`);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
        assert.match(run.stderr, /not a policy file: not read/);
      }
      // Inside a folder walk too: said, never opened, and the policies beside it are checked.
      writeFileSync(join(dir, 'reader.json'), READER);
      const walk = spawnSync(process.execPath, [CLI_MAIN, 'check', '.'], { cwd: dir, encoding: 'utf8', timeout: 10000 });
      assert.equal(walk.status, 2, walk.stderr);
      assert.match(walk.stderr, /cannot read pipe\.json \(a FIFO \(named pipe\), not a regular file\)/);
      assert.match(walk.stderr, /cannot read sock\.json \(a socket, not a regular file\)/);
      assert.match(walk.stdout, /No problems in 1 policy \(1 file checked\)/);
    } finally {
      server.close();
    }
  });

  it('an unreadable subfolder is said, everything else is checked, exit 2', () => {
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'hidden.json'), ADMIN);
    writeFileSync(join(dir, 'admin.json'), ADMIN);
    chmodSync(join(dir, 'locked'), 0o000);
    chmodSync(dir, 0o755);
    // root reads every folder: run as "nobody" then, so the folder is unreadable for real.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(process.execPath, [CLI_MAIN, 'check', '--format', 'json', '.'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 10000,
      ...asNobody,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^iamlp check: cannot read folder .*locked \(EACCES\)$/m);
    assert.deepEqual(Object.keys(rules(run.stdout)), ['admin.json']);
  });

  it('file-too-large reports the real size in bytes, and reads none of it', async () => {
    writeFileSync(join(dir, 'nine.json'), Buffer.alloc(9 * 1024 * 1024, 0x20));
    // 3 M characters of "é" are 6 MB of UTF-8: too large in bytes, as the editor now measures too.
    writeFileSync(join(dir, 'accents.json'), `{"Sid":"${'é'.repeat(3 * 1024 * 1024)}"}`);
    const r = await cli(['check', '--format', 'json', 'nine.json', 'accents.json'], dir);
    const [nine, accents] = JSON.parse(r.stdout).results;
    assert.deepEqual(
      nine.findings.map((f: { message: string }) => f.message.slice(0, 30)),
      ['This document has 9.0 MB; docu'],
    );
    assert.match(accents.findings[0].message, /^This document has 6\.0 MB; documents over 5 MB are not analysed/);
  });

  it('.iamlp.json is found from each file’s folder upward, not only from the working folder', async () => {
    mkdirSync(join(dir, 'team-a'));
    mkdirSync(join(dir, 'team-b'));
    writeFileSync(join(dir, 'team-a', '.iamlp.json'), JSON.stringify({ rules: { 'allow-iam-write': 'off' } }));
    writeFileSync(join(dir, 'team-a', 'admin.json'), ADMIN);
    writeFileSync(join(dir, 'team-b', 'admin.json'), ADMIN);
    const r = await cli(['check', '--format', 'json', 'team-a/admin.json', 'team-b/admin.json'], dir);
    const found = rules(r.stdout);
    assert.ok(!found['team-a/admin.json'].includes('allow-iam-write'), "team-a's own .iamlp.json applies");
    assert.ok(found['team-b/admin.json'].includes('allow-iam-write'));
  });

  it('an invalid .iamlp.json met halfway through a run stops it with exit 2, never a document that reads as complete', async () => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'admin.json'), ADMIN);
    writeFileSync(join(dir, 'b', '.iamlp.json'), '[1, 2]');
    writeFileSync(join(dir, 'b', 'reader.json'), READER);
    const r = await cli(['check', '--format', 'json', 'a/admin.json', 'b/reader.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /b\/\.iamlp\.json/);
    // JSON is written as the run goes: what came out before the stop is a document cut short.
    assert.throws(() => JSON.parse(r.stdout), SyntaxError);
  });
});
