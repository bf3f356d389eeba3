#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build` (run by `npm install`'s prepare step).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('iamlp: dist/cli.js is missing; run `npm run build` in the extension folder first.\n');
  process.exit(2);
}
const loaded = require('./loadBundle').loadBundle(bundle);
loaded.exports.runFromProcess({
  // Only for a long run (server/src/cli/batchRun.ts): a check of one small policy pays for neither.
  // The JIT flags come after the bundle is loaded either way: V8 takes a code cache only under the
  // flags it was made with (bin/batchJit.js).
  onLongRun() {
    require('./helperThreads').yieldHelperThreads();
    require('./batchJit').tuneJitForBatch();
  },
});
