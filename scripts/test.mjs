// `npm test`: the node suites (unit and integration, mocha) first; then the suites that run in a
// real VS Code. `npm test` runs `pretest` (build + compile) before this.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

function run(label, command, args) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

run('node suites (mocha)', process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js')]);
console.log(`\nnpm test: all suites passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
