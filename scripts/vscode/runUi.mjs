// Driver of the UI suite (test/ui): packages the VSIX from dist/, installs it into a code-server with
// its own profile, opens a copy of test/vscode/workspace, and runs the compiled mocha scenarios
// (out/test/ui) that drive the workbench with playwright-core and Debian's Chromium. Each scenario
// ends in a screenshot; failures keep FAILED-*.png. The folder is printed at the end. The reporter is
// spec on the console plus, when IAMLP_TEST_RESULTS names a file, mocha's json report in that file
// (test/support/resultsReporter.ts); npm test counts from it.
//
// Prerequisite: `npm run build && npm run compile` (npm test's pretest does it).
// Env: IAMLP_UI_GREP=<pattern> runs only matching scenarios.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, installExtension, makeProfile, missingPrerequisites, root, startCodeServer } from './codeServer.mjs';
import { packageVsix } from '../package.mjs';

export const screenshotsDir = join(root, 'test-results', 'screenshots');

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.test.js'))
    .map((f) => join(dir, String(f)))
    .sort();
}

export async function runUiSuite() {
  const started = Date.now();
  const pre = missingPrerequisites();
  if (pre.missing.length) throw new Error(`missing system packages ${pre.missing.join(', ')}; run: ${pre.command}`);
  const uiOut = join(root, 'out', 'test', 'ui');
  const files = testFiles(uiOut);
  if (!files.length) throw new Error(`no compiled UI scenarios in ${uiOut}: run npm run compile first`);

  const bin = ensureCodeServer();
  const profile = makeProfile();
  const vsix = packageVsix({ build: false, out: join(profile.base, 'iam-least-privilege.vsix'), quiet: true }).path;
  installExtension(bin, profile, vsix);
  const workspace = join(profile.base, 'workspace');
  cpSync(join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  rmSync(screenshotsDir, { recursive: true, force: true });
  mkdirSync(screenshotsDir, { recursive: true });

  // AWS for the extension host: fake keys (the loopback STS/CloudTrail servers do not verify
  // signatures), no shared config of the developer's, no instance metadata. The scenarios point the
  // extension's endpoint settings at their loopback servers.
  const awsEnv = {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7UITEST1',
    AWS_SECRET_ACCESS_KEY: 'uitest/secret/not/a/real/key/000000000000',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(profile.base, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(profile.base, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') && !(k in awsEnv)) delete process.env[k];
  const server = await startCodeServer(bin, profile, { env: awsEnv, logFile: join(root, 'test-results', 'ui-code-server.log') });
  let code;
  try {
    const args = [
      join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--no-config',
      '--timeout',
      '120000',
      '--reporter',
      join(root, 'out', 'test', 'support', 'resultsReporter.js'),
      ...(process.env.IAMLP_UI_GREP ? ['--grep', process.env.IAMLP_UI_GREP] : []),
      join(uiOut, 'hooks.js'),
      ...files,
    ];
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        IAMLP_UI_URL: server.url,
        IAMLP_UI_WORKSPACE: workspace,
        IAMLP_UI_SCREENSHOTS: screenshotsDir,
        // The shared AWS files the extension host reads: scenarios write profiles there.
        IAMLP_UI_AWS_CONFIG: awsEnv.AWS_CONFIG_FILE,
        IAMLP_UI_AWS_CREDENTIALS: awsEnv.AWS_SHARED_CREDENTIALS_FILE,
        // The endpoint settings are machine-scoped (a workspace cannot set them): scenarios write them here.
        IAMLP_UI_USER_DATA: profile.userDataDir,
      },
    });
    code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  } finally {
    await server.stop();
    rmSync(profile.base, { recursive: true, force: true });
  }
  const shots = readdirSync(screenshotsDir).filter((f) => f.endsWith('.png'));
  console.log(
    `UI suite (code-server + Chromium): exit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${shots.length} screenshot(s) in ${relative(process.cwd(), screenshotsDir) || screenshotsDir}/`,
  );
  return code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runUiSuite().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
