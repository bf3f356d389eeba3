// The mocha reporter of every suite `npm test` runs: mocha's spec reporter on the console, which is
// what people read, and, when the environment variable IAMLP_TEST_RESULTS names a file, mocha's own
// json report written to that file. scripts/test.mjs sums the suites' counts from those files
// instead of reading numbers out of console text. The node suites get this reporter from
// .mocharc.json, the UI suite from scripts/vscode/runUi.mjs, the in-process suite from
// test/vscode/index.ts. `--reporter-option output=<file>` names the file too.
import Mocha from 'mocha';

class SpecWithJsonResults extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions = {}) {
    super(runner, options);
    const fromOption = (options as { reporterOption?: { output?: unknown } }).reporterOption?.output;
    const output = typeof fromOption === 'string' ? fromOption : process.env.IAMLP_TEST_RESULTS;
    // mocha's json reporter listens to the same runner and writes the file when the run ends.
    if (output) new Mocha.reporters.JSON(runner, { ...options, reporterOption: { output } } as Mocha.MochaOptions);
  }
}

// A reporter module's export is the reporter itself: mocha `require`s the path and constructs it.
export = SpecWithJsonResults;
