// Runner of the in-process suite: VS Code loads this module in its extension host (as
// `extensionTestsPath`, through code-server's `payload` URL parameter or @vscode/test-electron)
// and calls run(); a rejection is a failed run. Every *.test.js beside this file is a suite file.
//
// The spec reporter prints (VS Code forwards the extension host's console where it can: stdout under
// test-electron, codeAutomationLog in the web workbench); when IAMLP_VSCODE_RESULTS names a file, a
// plain report with the counts is written there too, so the driver does not depend on log forwarding.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  const resultsFile = process.env.IAMLP_VSCODE_RESULTS;
  const grep = process.env.IAMLP_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    try {
      let output = '';
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0, duration: 0 };
        if (resultsFile) {
          fs.writeFileSync(
            resultsFile,
            JSON.stringify(
              { passes: stats.passes, failures: stats.failures, pending: stats.pending, duration: stats.duration, output },
              null,
              2,
            ),
          );
        }
        if (failures > 0) reject(new Error(`${failures} in-process test(s) failed`));
        else resolve();
      });
      // A plain copy of the report for the results file (the spec reporter's own output goes
      // wherever the host sends the extension host's console).
      runner.on('pass', (test) => (output += `  ok    ${test.fullTitle()} (${test.duration ?? 0} ms)\n`));
      runner.on('pending', (test) => (output += `  skip  ${test.fullTitle()}\n`));
      runner.on('fail', (test, err: Error) => {
        output += `  FAIL  ${test.fullTitle()}\n        ${String(err?.stack ?? err)
          .split('\n')
          .slice(0, 6)
          .join('\n        ')}\n`;
      });
    } catch (e) {
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passes: 0, failures: 1, pending: 0, output: String(e) }));
      reject(e);
    }
  });
}
