// Runner of the in-process suite: VS Code loads this module in its extension host (as
// `extensionTestsPath`, through code-server's `payload` URL parameter or @vscode/test-electron)
// and calls run(); a rejection is a failed run. Every *.test.js beside this file is a suite file.
//
// The spec reporter prints (VS Code forwards the extension host's console where it can: stdout under
// test-electron, codeAutomationLog in the web workbench). When IAMLP_TEST_RESULTS names a file, the
// reporter also writes mocha's json report there (test/support/resultsReporter.ts), so the drivers
// and npm test read the results without depending on log forwarding.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import SpecWithJsonResults from '../support/resultsReporter';

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

/**
 * The results file of a run that could not start (a suite file that does not load): the same
 * json shape the reporter writes, with the error as one failure.
 */
function writeLoadFailure(resultsFile: string, error: unknown): void {
  const title = 'loading the in-process suite';
  const err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
  const failure = { title, fullTitle: title, err };
  const stats = { suites: 0, tests: 0, passes: 0, pending: 0, failures: 1 };
  fs.writeFileSync(resultsFile, JSON.stringify({ stats, tests: [], pending: [], failures: [failure], passes: [] }, null, 2));
}

export function run(): Promise<void> {
  const resultsFile = process.env.IAMLP_TEST_RESULTS;
  const grep = process.env.IAMLP_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: SpecWithJsonResults, ...(grep ? { grep } : {}) });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} in-process test(s) failed`));
        else resolve();
      });
    } catch (e) {
      if (resultsFile) writeLoadFailure(resultsFile, e);
      reject(e);
    }
  });
}
