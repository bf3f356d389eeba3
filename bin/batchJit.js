'use strict';
// V8's optimizing compiler is tuned for long-lived pages: it inlines generously, and a run of
// iamlp is over before much of that pays back. Over the 1,571 AWS managed policies, on two cores,
// V8's helper threads compiled for more CPU time than the analysis itself ran (1.1 s against
// 0.9 s), and the analysis waited 300 ms for a CPU while they did. A smaller inlining budget and no
// loop peeling cut the compiling by 40% and the run's wall time by a fifth; the optimized code ran
// as fast (`npm run bench`, "whole run"). Once the engine ran less code per document, a budget of
// 100 (from 200) took another 3-6% off such a run and 10% off a run over CloudFormation and Terraform
// files (interleaved runs, V8 11.3); 50 and no inlining at all were slower. The flags change what V8
// compiles, never what the code does.
//
// Set after the bundle is loaded: V8 accepts a code cache only under the flags it was made with
// (bin/loadBundle.js), and the build makes it with V8's defaults. Only on the V8 versions these
// figures were measured on; any other runs with its own defaults (an unknown flag would also be
// reported on stderr on every run).
const v8 = require('node:v8');

const BATCH_FLAGS = ['--max-inlined-bytecode-size-cumulative=100', '--no-turbo-loop-peeling'];
const MEASURED_V8_MAJORS = [11];

function tunedForThisV8(version = process.versions.v8) {
  return MEASURED_V8_MAJORS.includes(Number(version.split('.')[0]));
}

function tuneJitForBatch() {
  if (!tunedForThisV8()) return false;
  for (const flag of BATCH_FLAGS) v8.setFlagsFromString(flag);
  return true;
}

module.exports = { BATCH_FLAGS, tunedForThisV8, tuneJitForBatch };
