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
require('./helperThreads').yieldHelperThreads();
const loaded = require('./loadBundle').loadBundle(bundle);
require('./batchJit').tuneJitForBatch();
loaded.exports.runFromProcess();
