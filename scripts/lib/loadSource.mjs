// Loads a TypeScript module of the project by bundling it in memory with esbuild, so the scripts
// that generate committed files from it (the baseline templates, the escalation rule page) run
// without a prior compile.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';

export function loadSource(entry) {
  const bundled = buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}
