// A real VS Code for `npm start` and the tests: the npm package code-server (VS Code 1.100.3 with a
// Node extension host, served to a browser). Installed on first use into a cache folder outside the
// repository (it is ~300 MB with native modules, so it is not a devDependency), reused afterwards.
// The workarounds below are what installing and running it offline on Node 20 took, each explained
// where it is made: release 4.100.3 because newer ones need Node 22+ (with their Node check forced off
// they install, but VS Code then fails to start); npm settings for its postinstalls as root; Debian's
// ripgrep in place of a download from GitHub; HOME and XDG folders of its own (it writes its config
// under the real home otherwise, even for --version); settings that keep the welcome page out of the
// way. An install takes 80-100 s, most of it native builds.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLockSync } from './installLock.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.100.3'; // embeds VS Code 1.100.3; newer releases need Node 22+
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.env.IAMLP_VSCODE_CACHE || join(base, 'iam-least-privilege');
}

export const codeServerDir = () => join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = () => join(codeServerDir(), 'node_modules', '.bin', 'code-server');
/** Held while code-server is installed (beside its folder, which the install removes and recreates). */
export const codeServerLock = () => `${codeServerDir()}.lock`;

/** System packages the real VS Code needs here; each entry: what is looked for and the Debian package. */
const SYSTEM_PACKAGES = [
  { pkg: 'chromium', ok: () => existsSync(process.env.IAMLP_CHROMIUM || '/usr/bin/chromium'), why: 'drives the workbench' },
  { pkg: 'ripgrep', ok: () => existsSync('/usr/bin/rg'), why: "code-server's search (its own download cannot run offline)" },
  {
    pkg: 'libkrb5-dev',
    ok: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') || existsSync('/usr/bin/krb5-config'),
    why: "code-server's native kerberos module",
  },
];

/**
 * The system packages that are missing, and the one command that installs them; `needed` limits the
 * check (start without a browser needs only ripgrep and libkrb5-dev once code-server is installed).
 */
export function missingPrerequisites({ browser = true } = {}) {
  const missing = SYSTEM_PACKAGES.filter((p) => (browser || p.pkg !== 'chromium') && !p.ok()).map((p) => p.pkg);
  // Once installed, code-server needs neither the kerberos headers nor the rg tarball again.
  const installed = existsSync(codeServerBin());
  const relevant = installed ? missing.filter((p) => p === 'chromium') : missing;
  return {
    missing: relevant,
    command: relevant.length ? `apt-get update && apt-get install -y ${relevant.join(' ')}` : '',
  };
}

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

const isInstalled = () => existsSync(codeServerBin()) && existsSync(join(codeServerDir(), '.installed'));

/**
 * Installs code-server into the cache on first use; returns the path of its executable. One process
 * installs at a time (`npm start` and `npm test` started together): the others wait on the lock file
 * (installLock.mjs) and then find it installed.
 */
export function ensureCodeServer() {
  const bin = codeServerBin();
  if (isInstalled()) return bin;
  const pre = missingPrerequisites({ browser: false });
  if (pre.missing.length) {
    throw new Error(`missing system packages ${pre.missing.join(', ')}; run: ${pre.command}`);
  }
  mkdirSync(cacheRoot(), { recursive: true });
  const lock = codeServerLock();
  const release = acquireLockSync(lock, {
    onWait: (holder) => log(`another process (pid ${holder.pid}) is installing code-server; waiting for it (lock ${lock})`),
    onStale: (holder, reason) => log(`removed a stale install lock (${reason}): ${lock}`),
  });
  try {
    if (isInstalled()) return bin; // the process we waited for installed it
    return installCodeServer();
  } finally {
    release();
  }
}

function installCodeServer() {
  const bin = codeServerBin();
  const dir = codeServerDir();
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (first use, ~2 min)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
  // @vscode/ripgrep's postinstall downloads from GitHub (unreachable); it first looks for the tarball in
  // $TMPDIR/vscode-ripgrep-cache-*/, so give it Debian's rg (the same 13.0.0) there.
  const tmp = join(cacheRoot(), 'tmp');
  const rgCache = join(tmp, RIPGREP_CACHE);
  mkdirSync(rgCache, { recursive: true });
  const tarball = join(rgCache, RIPGREP_TARBALL);
  if (!existsSync(tarball)) execFileSync('tar', ['-czf', tarball, '-C', '/usr/bin', 'rg']);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall as root
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    HOME: join(cacheRoot(), 'home'),
  };
  // Native builds (argon2, node-pty, kerberos) need Node's headers; node-gyp would download them, which
  // cannot work offline, so point it at the headers installed with this Node when they are there.
  const nodePrefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'common.gypi'))) {
    env.npm_config_nodedir = nodePrefix;
  }
  mkdirSync(env.HOME, { recursive: true });
  const result = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(bin)) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${result.status ?? result.signal}) in ${dir}`);
  }
  writeFileSync(join(dir, '.installed'), new Date().toISOString() + '\n');
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Folders for one code-server instance: its HOME/XDG dirs, user data (seeded settings) and extensions.
 * `base` defaults to a fresh temp folder.
 */
export function makeProfile(base = mkdtempSync(join(tmpdir(), 'iamlp-vscode-')), settings = {}) {
  const profile = {
    base,
    home: join(base, 'home'),
    userDataDir: join(base, 'user-data'),
    extensionsDir: join(base, 'extensions'),
  };
  for (const d of [profile.home, profile.userDataDir, profile.extensionsDir]) mkdirSync(d, { recursive: true });
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(profile.userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'workbench.tips.enabled': false,
        'chat.commandCenter.enabled': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  return profile;
}

function profileEnv(profile, extra = {}) {
  return {
    ...process.env,
    HOME: profile.home,
    XDG_CONFIG_HOME: join(profile.home, '.config'),
    XDG_DATA_HOME: join(profile.home, '.local', 'share'),
    XDG_CACHE_HOME: join(profile.home, '.cache'),
    // No extension gallery: there is no network here, and tests must not depend on one.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** `code-server --install-extension` into the profile's extensions dir. */
export function installExtension(bin, profile, vsix) {
  const out = spawnSync(
    bin,
    ['--install-extension', vsix, '--force', '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir],
    { env: profileEnv(profile), encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`installing ${vsix} failed:\n${out.stdout}${out.stderr}`);
}

/**
 * Starts code-server on 127.0.0.1 (auth off, telemetry and update checks off) for `profile`; resolves
 * once /healthz answers. Returns { url, port, child, stop() }; stop() kills code-server by its own PID
 * (its extension hosts exit with it). `env` is added to the environment the extension host inherits.
 */
export async function startCodeServer(bin, profile, { port, env = {}, logFile } = {}) {
  port ??= await freePort();
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
  // Spawn the code-server script itself (no shell) so child.pid is code-server's own PID, in a process
  // group of its own (group id = that PID): stopping kills the group, so the extension hosts and
  // file watchers it forked go with it even when they outlive a disconnected browser.
  const child = spawn(bin, args, { env: profileEnv(profile, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // If this process exits without stop() (an uncaught error), do not leave code-server behind.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  let output = '';
  const collect = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it answered:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup('SIGKILL');
      throw new Error(`code-server did not answer on ${url}/healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise((resolve) => {
      process.off('exit', onExit);
      if (logFile) writeFileSync(logFile, output);
      const done = () => {
        killGroup('SIGKILL'); // whatever of the group is left (extension hosts, watchers)
        resolve();
      };
      if (exited) return done();
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      killGroup('SIGTERM');
    });
  return { url, port, child, stop, output: () => output };
}

/** A workbench URL opening `folder`, with an optional `payload` (array of [key, value] pairs). */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** The extension's package.json name/version, for the VSIX file name. */
export function extensionInfo() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return { name: pkg.name, version: pkg.version, publisher: pkg.publisher };
}

// `node scripts/vscode/codeServer.mjs [--check]`: install (or just check) and print the version.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pre = missingPrerequisites();
  if (pre.missing.length) {
    console.error(`missing system packages: ${pre.missing.join(', ')}. Install them with: ${pre.command}`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) process.exit(existsSync(codeServerBin()) ? 0 : 1);
  const bin = ensureCodeServer();
  const profile = makeProfile();
  const v = spawnSync(bin, ['--version'], { env: profileEnv(profile), encoding: 'utf8' });
  rmSync(profile.base, { recursive: true, force: true });
  console.log(`${bin}\n${v.stdout.trim()}`);
}
