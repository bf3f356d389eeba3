/**
 * A run of `iamlp check` over many files, or large ones, is tuned for a long run by the process
 * that started it (bin/iamlp.js: V8's helper threads lowered, its optimizing compiler made to
 * compile less). Those settings cost a few milliseconds (loading node's `v8` and `os` modules),
 * half of what a check of one small policy takes beyond starting node, and pay back only over a
 * long run: they are made once the run turns out to be one.
 */

/** From this many files read, a run is long. */
export const BATCH_FILES = 32;
/** From this many bytes read, a run is long: one large template is analysed for longer than 32 small policies. */
export const BATCH_BYTES = 256 * 1024;

/**
 * What a command calls with each file it is about to analyse (its size in bytes): `start` runs
 * once, before the file that makes the run long is analysed. Nothing happens without `start`.
 */
export function batchRun(start: (() => void) | undefined): (bytes: number) => void {
  let files = 0;
  let total = 0;
  let started = start === undefined;
  return (bytes) => {
    if (started) return;
    files++;
    total += bytes;
    if (files < BATCH_FILES && total < BATCH_BYTES) return;
    started = true;
    start!();
  };
}
