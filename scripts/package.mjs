// `npm run package`: build the bundles (minified) and package the VSIX with @vscode/vsce.
// Everything that runs is bundled into dist/, so the VSIX is made with --no-dependencies and
// .vscodeignore keeps it to dist/, package.json, README, LICENSE, media/ and schemas/.
// Options: --no-build (package what dist/ holds), --out <file>. Prints the VSIX path and size.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function vsixPath() {
  const pkg = require(join(root, 'package.json'));
  return join(root, `${pkg.name}-${pkg.version}.vsix`);
}

/** Runs a command in the project; `quiet` keeps its output, returned (and printed if it fails). */
function run(command, args, quiet = false) {
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout}${r.stderr}`);
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
  return r.stdout;
}

/** Builds (unless build is false) and packages; returns { path, bytes }. `quiet`: no file listing. */
export function packageVsix({ build = true, out = vsixPath(), quiet = false } = {}) {
  if (build) run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--minify']);
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/catalog.json']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build (or drop --no-build)`);
  }
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  // Every file of dist/ the extension loads (all but iamlp's and the source maps), each read only
  // when a feature first runs: one .vscodeignore leaves out would fail there, not here.
  const listed = new Set(run(process.execPath, [vsce, 'ls', '--no-dependencies'], true).split(/\r?\n/));
  const left = readdirSync(join(root, 'dist'))
    .filter((f) => !f.startsWith('cli') && !f.endsWith('.map'))
    .map((f) => `dist/${f}`)
    .filter((f) => !listed.has(f));
  if (left.length > 0) throw new Error(`.vscodeignore leaves out of the VSIX what the extension loads: ${left.join(', ')}`);
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], quiet);
  const bytes = statSync(out).size;
  console.log(`VSIX: ${relative(process.cwd(), out) || out} (${(bytes / 1024 / 1024).toFixed(2)} MB)`);
  return { path: out, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  try {
    packageVsix({ build: !args.includes('--no-build'), out: outIndex >= 0 ? args[outIndex + 1] : undefined });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
