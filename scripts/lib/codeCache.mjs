// Makes dist/<bundle>.cache, the V8 code cache bin/loadBundle.js compiles the bundle with: it
// loads the bundle and runs `iamlp check` on the inputs (the functions a check runs are compiled
// by then, so their bytecode is in the cache), then writes the cache as the process exits.
// Run by scripts/build.mjs in a node of its own, with no flags: V8 uses a cache only under the
// flags it was made with. Usage: node scripts/lib/codeCache.mjs BUNDLE INPUT...
import { createRequire } from 'node:module';

const { loadBundle, writeCache } = createRequire(import.meta.url)('../../bin/loadBundle.js');

const [bundle, ...inputs] = process.argv.slice(2);
const loaded = loadBundle(bundle);
process.on('exit', () => writeCache(bundle, loaded));
process.argv = [process.argv[0], 'iamlp', 'check', ...inputs];
loaded.exports.runFromProcess();
