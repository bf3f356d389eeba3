// The in-process suite (test/vscode) under @vscode/test-electron, i.e. in VS Code desktop, where VS
// Code can be downloaded (or VSCODE_EXECUTABLE names an installed one). Where it cannot, as on this
// project's machines and CI, it says so in one line and exits 0: the same suite then runs in
// code-server (runInProcess.mjs), which npm test does anyway. Electron needs a display: run it
// under `xvfb-run` on a headless Linux.
//
// Results: when IAMLP_TEST_RESULTS names a file, the suite's mocha json report goes there, or
// {"skipped": "<why>"} when it cannot run here, so npm test counts and names the skipped suite.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './codeServer.mjs';

const UPDATE_HOST = 'update.code.visualstudio.com';

/** Why VS Code desktop cannot run here, or undefined when it can. */
async function unavailable() {
  if (process.env.VSCODE_EXECUTABLE) {
    return existsSync(process.env.VSCODE_EXECUTABLE) ? undefined : `VSCODE_EXECUTABLE ${process.env.VSCODE_EXECUTABLE} does not exist`;
  }
  try {
    await lookup(UPDATE_HOST);
  } catch (e) {
    return `VS Code desktop cannot be downloaded here (${UPDATE_HOST}: ${e.code ?? e.message})`;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display for Electron (run it under xvfb-run)';
  }
  return undefined;
}

export async function runElectronSuite() {
  const reason = await unavailable();
  if (reason) {
    console.log(`in-process suite (@vscode/test-electron): skipped: ${reason}`);
    if (process.env.IAMLP_TEST_RESULTS) writeFileSync(process.env.IAMLP_TEST_RESULTS, JSON.stringify({ skipped: reason }) + '\n');
    return 0;
  }
  const { runTests } = await import('@vscode/test-electron');
  const base = mkdtempSync(join(tmpdir(), 'iamlp-electron-'));
  const workspace = join(base, 'workspace');
  cpSync(join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  const resultsFile = process.env.IAMLP_TEST_RESULTS || join(base, 'results.json');
  rmSync(resultsFile, { force: true }); // never read a previous run's results as this one's
  try {
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: '1.100.3' }),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'vscode', 'index.js'),
      extensionTestsEnv: { IAMLP_TEST_RESULTS: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir',
        join(base, 'user-data'),
      ],
    });
    return 0;
  } catch (e) {
    console.error(`in-process suite (@vscode/test-electron) failed: ${e.message ?? e}`);
    return 1;
  } finally {
    if (existsSync(resultsFile)) {
      const { stats } = JSON.parse(readFileSync(resultsFile, 'utf8'));
      console.log(`in-process suite (@vscode/test-electron): ${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending`);
    }
    rmSync(base, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runElectronSuite().then((code) => process.exit(code));
}
