/**
 * Work that can pause: a generator that yields between steps (`yield;`) and returns its result.
 * The language server drives it a slice at a time, giving the event loop a turn between slices;
 * the CLI and the tests run it to the end at once with `runToEnd`.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
