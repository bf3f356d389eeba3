// Driver of the in-process suite (test/vscode): runs the compiled mocha suite
// out/test/vscode/index.js inside code-server's extension host, the way @vscode/test-electron runs
// it inside VS Code desktop. code-server gets an EMPTY extensions dir (the extension is loaded as the
// development extension from the repository root; a VSIX of it next to that would clash), and the
// web workbench gets extensionDevelopmentPath/extensionTestsPath through its `payload` URL parameter.
// The runner reports through codeAutomationLog/codeAutomationExit and a results file: mocha's json
// report, written by the extension host to the file IAMLP_TEST_RESULTS names (npm test names one;
// otherwise a file in the temporary profile). A run that ends without that file has failed.
//
// Prerequisite: `npm run build && npm run compile` (npm test's pretest does it). Exit code: the suite's.
// Env: IAMLP_VSCODE_GREP=<pattern> runs only matching tests; IAMLP_VSCODE_TIMEOUT=<s> (default 300).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { ensureCodeServer, makeProfile, missingPrerequisites, root, startCodeServer, workbenchUrl } from './codeServer.mjs';

const resultsDir = join(root, 'test-results', 'vscode');

export async function runInProcessSuite() {
  const started = Date.now();
  const pre = missingPrerequisites();
  if (pre.missing.length) throw new Error(`missing system packages ${pre.missing.join(', ')}; run: ${pre.command}`);
  // IAMLP_VSCODE_EXTENSION_ROOT: load the extension and tests from another copy (harness debugging).
  const extensionRoot = process.env.IAMLP_VSCODE_EXTENSION_ROOT || root;
  const testsPath = join(extensionRoot, 'out', 'test', 'vscode', 'index.js');
  for (const f of [testsPath, join(extensionRoot, 'dist', 'client.js'), join(extensionRoot, 'dist', 'server.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build && npm run compile first`);
  }
  const bin = ensureCodeServer();
  const profile = makeProfile();
  // The tests edit documents: give them a copy of the fixture workspace.
  const workspace = join(profile.base, 'workspace');
  cpSync(join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  const resultsFile = process.env.IAMLP_TEST_RESULTS || join(profile.base, 'results.json');
  rmSync(resultsFile, { force: true }); // never read a previous run's results as this one's
  mkdirSync(resultsDir, { recursive: true });

  const env = { IAMLP_TEST_RESULTS: resultsFile };
  if (process.env.IAMLP_VSCODE_GREP) env.IAMLP_VSCODE_GREP = process.env.IAMLP_VSCODE_GREP;
  const server = await startCodeServer(bin, profile, { env, logFile: join(resultsDir, 'code-server.log') });
  const browser = await launchBrowser();
  let exitCode;
  const log = [];
  try {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionRoot)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
    ];
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await browser.page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = Array.isArray(args) ? format(...args) : String(args);
      log.push(`[${level}] ${line}`);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await browser.page.goto(workbenchUrl(server, workspace, payload));
    const timeoutS = Number(process.env.IAMLP_VSCODE_TIMEOUT || 300);
    exitCode = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutS * 1000))]);
    if (exitCode !== 0) {
      await browser.page.screenshot({ path: join(resultsDir, 'in-process-failure.png') }).catch(() => {});
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  writeFileSync(join(resultsDir, 'automation.log'), log.join('\n') + '\n');
  const results = readResults(resultsFile);
  rmSync(profile.base, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (results) process.stdout.write(plainReport(results));
  else process.stdout.write(`(no results file; workbench log in ${join(resultsDir, 'automation.log')})\n${log.slice(-40).join('\n')}\n`);
  if (exitCode === 'timeout') console.log(`in-process suite: no exit code within the timeout`);
  const ok = exitCode === 0 && results && results.stats.failures === 0;
  const { passes, failures, pending } = results?.stats ?? {};
  console.log(
    `in-process suite (code-server): ${results ? `${passes} passing, ${failures} failing, ${pending} pending` : 'no results'}` +
      `, exit ${exitCode}, ${seconds} s${ok ? '' : `; logs in ${resultsDir}`}`,
  );
  return ok ? 0 : 1;
}

/** mocha's json report from `file`, or undefined when the run wrote none (or half of one). */
function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * One line a test, in run order, from the json report: the extension host's console goes to the
 * workbench log, not to this terminal, so this is what shows here which tests ran.
 */
function plainReport(results) {
  const failures = new Map(results.failures.map((f) => [f.fullTitle, f]));
  const pending = new Set(results.pending.map((t) => t.fullTitle));
  const failLine = (f) =>
    `  FAIL  ${f.fullTitle}\n        ${String(f.err?.stack ?? f.err?.message ?? '')
      .split('\n')
      .slice(0, 6)
      .join('\n        ')}`;
  const lines = results.tests.map((t) =>
    failures.has(t.fullTitle)
      ? failLine(failures.get(t.fullTitle))
      : pending.has(t.fullTitle)
        ? `  skip  ${t.fullTitle}`
        : `  ok    ${t.fullTitle} (${t.duration ?? 0} ms)`,
  );
  // A failed hook, or a suite that did not load, is a failure without a test of its own.
  const tests = new Set(results.tests.map((t) => t.fullTitle));
  for (const f of results.failures) if (!tests.has(f.fullTitle)) lines.push(failLine(f));
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runInProcessSuite().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
