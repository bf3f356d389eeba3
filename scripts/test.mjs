// `npm test`: the node suites (unit and integration, mocha) first; then the suites that run in a
// real VS Code (code-server + Chromium, see scripts/vscode/): the in-process suite (test/vscode, also
// under @vscode/test-electron where VS Code desktop can be downloaded) and the UI suite (test/ui).
// `npm test` runs `pretest` (build + compile) before this.
//
// The real-VS-Code suites are mandatory when CI=true (missing system packages fail the run). Outside
// CI, missing packages are reported loudly with the command that installs them, and those suites are
// skipped; IAMLP_SKIP_VSCODE=1 skips them on purpose (ignored in CI).
//
// Counting: each suite gets IAMLP_TEST_RESULTS, a JSON file to write its results to: mocha's json
// report (test/support/resultsReporter.ts writes it beside the spec output people read), or
// {"skipped": "<why>"} from a suite that cannot run here. The totals are summed from those files,
// never from console text. A suite that exits without writing its file has failed, whatever its
// exit code; a skipped suite is counted and named in the summary line. The files stay in
// test-results/suites/ for whoever wants the details.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, missingPrerequisites } from './vscode/codeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results', 'suites');
const started = Date.now();
const ci = process.env.CI === 'true';
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
/** Suites that did not pass, by name. */
const failed = [];
/** Suites that did not run here, with why. */
const skipped = [];
/** Suites that ended without writing their results (also in `failed`). */
const withoutResults = [];

const SUITES = {
  node: { name: 'node suites (mocha: unit and integration)', file: 'node.json' },
  electron: { name: 'in-process suite under VS Code desktop (@vscode/test-electron)', file: 'vscode-electron.json' },
  inProcess: { name: "in-process suite in code-server's extension host", file: 'vscode-in-process.json' },
  ui: { name: 'UI suite (code-server + Chromium)', file: 'ui.json' },
};

/** The JSON a suite wrote, or undefined when it wrote none, or not a whole one (no stats, no skip: failed). */
function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs one suite's script with its results file named, and adds what the file says to the totals. */
async function run(suite, script) {
  console.log(`\n=== ${suite.name}`);
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, suite.file);
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, IAMLP_TEST_RESULTS: resultsFile },
    });
    child.on('error', (e) => {
      console.error(`${suite.name}: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  timings.push(`${suite.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const results = readResults(resultsFile);
  if (typeof results?.skipped === 'string') {
    skipped.push({ name: suite.name, reason: results.skipped });
    if (code !== 0) failed.push(suite.name);
  } else if (results?.stats) {
    totals.passed += results.stats.passes;
    totals.failed += results.stats.failures;
    totals.skipped += results.stats.pending;
    if (code !== 0 || results.stats.failures > 0) failed.push(suite.name);
  } else {
    withoutResults.push(`${suite.name} (exit ${code})`);
    failed.push(suite.name);
  }
}

function finish() {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${timings.join('\n')}`);
  if (failed.length) console.error(`\nfailed: ${failed.join(', ')}`);
  const suitesSkipped = skipped.length === 1 ? '1 suite was SKIPPED' : `${skipped.length} suites were SKIPPED`;
  const verdict = failed.length ? 'FAILED' : skipped.length ? `passed, but ${suitesSkipped} (see below)` : 'all suites passed';
  console.log(`npm test: ${verdict} in ${seconds} s`);
  let summary = `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
  if (skipped.length) summary += `; suites skipped: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`;
  if (withoutResults.length) summary += `; suites that wrote no results (failed): ${withoutResults.join(', ')}`;
  console.log(summary);
  process.exit(failed.length ? 1 : 0);
}

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '!'.repeat(width + 4);
  console.log(`\n${bar}\n${lines.map((l) => `! ${l.padEnd(width)} !`).join('\n')}\n${bar}`);
}

// Only this run's results: a file left from an earlier run of a suite skipped now would mislead.
rmSync(resultsDir, { recursive: true, force: true });
await run(SUITES.node, join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'));

// The suites in a real VS Code.
const vscodeSuites = [SUITES.electron, SUITES.inProcess, SUITES.ui];
const skipOnPurpose = !ci && process.env.IAMLP_SKIP_VSCODE === '1';
const pre = missingPrerequisites();
if (skipOnPurpose) {
  for (const suite of vscodeSuites) skipped.push({ name: suite.name, reason: 'IAMLP_SKIP_VSCODE=1' });
  banner(['SKIPPED: the VS Code suites (in-process, UI), because IAMLP_SKIP_VSCODE=1.']);
} else if (pre.missing.length) {
  const lines = [
    `The VS Code suites (in-process, UI) need the system packages: ${pre.missing.join(', ')}.`,
    `Install them with:  ${pre.command}`,
  ];
  if (ci) {
    banner(['FAILED: CI=true makes the VS Code suites mandatory.', ...lines]);
    failed.push('VS Code suite prerequisites');
  } else {
    const reason = `missing system packages ${pre.missing.join(', ')}`;
    for (const suite of vscodeSuites) skipped.push({ name: suite.name, reason });
    banner(['SKIPPED: the VS Code suites (in-process, UI) did not run.', ...lines]);
  }
} else {
  if (!existsSync(codeServerBin())) console.log('\n(code-server is installed on first use: ~2 minutes, once)');
  const vscodeDir = join(root, 'scripts', 'vscode');
  await run(SUITES.electron, join(vscodeDir, 'runElectron.mjs'));
  await run(SUITES.inProcess, join(vscodeDir, 'runInProcess.mjs'));
  await run(SUITES.ui, join(vscodeDir, 'runUi.mjs'));
}
finish();
