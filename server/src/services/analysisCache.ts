import { AnalysisResult, AnalyzeOptions } from '../engine/analyze';
import { PolicyDocument } from '../engine/model';
import { HostFileRead, readHostFile, readHostFileInSteps } from '../iac/hostFile';
import { analyzePolicyInSteps } from '../linter/analyze';
import { FileAnalysis, analyzeFileInSteps } from '../linter/analyzeFile';
import { Steps, runToEnd } from '../util/steps';

let last:
  { text: string; optionsKey: string; language: 'json' | 'jsonc'; catalog: AnalyzeOptions['catalog']; result: AnalysisResult } | undefined;
let lastFile:
  { text: string; fileName: string; optionsKey: string; catalog: AnalyzeOptions['catalog']; analysis: FileAnalysis } | undefined;

function keyOf(options: AnalyzeOptions): string {
  // The principal's other policies change the findings: their sources and texts are part of the key.
  const principals = (options.principals ?? []).map((p) => [p.name, p.others.map((o) => [o.source, o.document.text])]);
  return JSON.stringify([
    options.language ?? 'json',
    options.forcePolicy ?? false,
    options.rules ?? {},
    options.suppressions ?? [],
    principals,
  ]);
}

/**
 * The analysis of `text` under `options`, reusing the last one when both are the same. After an
 * edit the editor asks for diagnostics, then code actions at the cursor (and again at every cursor
 * move): on a large policy each of those was a full analysis of the same text. Results are shared
 * and must not be modified.
 */
export function cachedAnalysis(text: string, options: AnalyzeOptions): AnalysisResult {
  return runToEnd(cachedAnalysisInSteps(text, options));
}

/**
 * The analysis of a whole file (a policy file, or a template and every policy in it), cached like
 * cachedAnalysis; a policy file's goes through cachedAnalysis, so both caches agree on it.
 */
export function cachedFileAnalysis(text: string, fileName: string, options: AnalyzeOptions): FileAnalysis {
  return runToEnd(cachedFileAnalysisInSteps(text, fileName, options));
}

/** Time the language server analyses before it gives the event loop a turn. */
export const SLICE_MS = 10;

/** Gives the event loop one turn: the JSON-RPC messages waiting (a hover, a newer version) are handled. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * cachedFileAnalysis for the language server, in slices: after the file is read (always) and then
 * every SLICE_MS it gives the event loop a turn (`pause`), so a hover or a completion that arrives
 * during a long analysis is answered between slices rather than after the whole file. When
 * `isCurrent()` is false after a pause (a newer version or a close came in), the run is dropped:
 * undefined, and nothing is cached.
 */
export async function analyzeFileInSlices(
  text: string,
  fileName: string,
  options: AnalyzeOptions,
  isCurrent: () => boolean,
  pause: () => Promise<void> = nextTurn,
): Promise<FileAnalysis | undefined> {
  const optionsKey = keyOf(options);
  const steps = cachedFileAnalysisInSteps(text, fileName, options);
  let paused = false;
  let sliceStart = performance.now();
  let end = () => {};
  const mine = { text, fileName, ended: new Promise<void>((resolve) => (end = resolve)) };
  running = mine;
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (paused && performance.now() - sliceStart < SLICE_MS) continue;
      paused = true;
      await pause();
      // A stale run is dropped where it stands.
      if (!isCurrent()) return undefined;
      // A code action between slices needs the findings at once and analyses the file itself: reused.
      const finished = cachedFile(text, fileName, options, optionsKey);
      if (finished) return finished;
      sliceStart = performance.now();
    }
  } finally {
    // A run dropped mid-read frees what its paused read holds (a .tf's parser state or tree) at once.
    steps.return(undefined as never);
    if (running === mine) running = undefined;
    end();
  }
}

/** The sliced analysis under way, if one is, and a promise settled when it ends (done or dropped). */
let running: { text: string; fileName: string; ended: Promise<void> } | undefined;

/**
 * From this size on, whoever needs a file's whole analysis (code lenses, code actions) waits for the
 * server's sliced one, and a fix-all is worked out only when chosen (codeActions.ts); a smaller file
 * is analysed at once, in well under a slice.
 */
export const LARGE_FILE_FROM = 64 * 1024;

/**
 * Settles when the analysis of `text` as `fileName` is cached, for a file of 64 KB or more: at once
 * when it is (or the file is smaller, or none is coming), else when the sliced analysis under way
 * ends, or one that `pending()` says is scheduled (the server waits for a pause in typing) has run;
 * after `patienceMs`, or when `cancelled()` says so, at the latest. A code lens or a code action,
 * which need every policy of the file, wait here: analysing a large template themselves would read
 * it in one block, with no hover answered meanwhile (a code lens and a code action sent with a
 * hover on a fresh 1 MB .tf held it back 2.7 s, and 23 s when the fixes were worked out too).
 */
export async function analysisSettled(
  text: string,
  fileName: string,
  { pending = () => false, cancelled = () => false }: { pending?: () => boolean; cancelled?: () => boolean } = {},
  patienceMs = 10_000,
): Promise<void> {
  if (text.length < LARGE_FILE_FROM) return;
  const deadline = performance.now() + patienceMs;
  for (;;) {
    if (lastFile && lastFile.text === text && lastFile.fileName === fileName) return;
    const left = deadline - performance.now();
    if (left <= 0 || cancelled()) return;
    const current = running;
    const ofThis = current && current.text === text && current.fileName === fileName;
    // Another file's analysis was the last: this one's is not coming, and the caller reads the file itself.
    if (!ofThis && !pending()) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ofThis ? left : Math.min(left, 25));
      if (ofThis)
        void current.ended.then(() => {
          clearTimeout(timer);
          resolve();
        });
    });
  }
}

function cachedFile(text: string, fileName: string, options: AnalyzeOptions, optionsKey: string): FileAnalysis | undefined {
  const earlier = earlierVersion(fileName, options, optionsKey);
  return earlier && lastFile?.text === text ? earlier : undefined;
}

/** The last file analysis, when it was of `fileName` under the same options: an earlier version of it, or this one. */
function earlierVersion(fileName: string, options: AnalyzeOptions, optionsKey: string): FileAnalysis | undefined {
  const same = lastFile && lastFile.fileName === fileName && lastFile.optionsKey === optionsKey && lastFile.catalog === options.catalog;
  return same ? lastFile?.analysis : undefined;
}

function* cachedFileAnalysisInSteps(text: string, fileName: string, options: AnalyzeOptions): Steps<FileAnalysis> {
  const optionsKey = keyOf(options);
  const cached = cachedFile(text, fileName, options, optionsKey);
  if (cached) return cached;
  // The previous version of the same file under the same options: its unchanged template policies are reused.
  const previous = earlierVersion(fileName, options, optionsKey);
  const analysis = yield* analyzeFileInSteps(text, fileName, options, {
    standalone: cachedAnalysisInSteps,
    read: hostFileReadInSteps,
    incremental: { previous },
  });
  // A Terraform file seen before its parser was loaded is analysed again once it is.
  if (!analysis.notLoaded) lastFile = { text, fileName, optionsKey, catalog: options.catalog, analysis };
  return analysis;
}

function* cachedAnalysisInSteps(text: string, options: AnalyzeOptions): Steps<AnalysisResult> {
  const optionsKey = keyOf(options);
  if (last && last.text === text && last.optionsKey === optionsKey && last.catalog === options.catalog) return last.result;
  const result = yield* analyzePolicyInSteps(text, options);
  last = { text, optionsKey, language: options.language ?? 'json', catalog: options.catalog, result };
  return result;
}

let lastRead: { text: string; fileName: string; read: HostFileRead } | undefined;
/** The file whose read in steps is paused, if one is. */
let reading: { text: string; fileName: string } | undefined;

function lastReadOf(text: string, fileName: string): HostFileRead | undefined {
  return lastRead && lastRead.text === text && lastRead.fileName === fileName ? lastRead.read : undefined;
}

/**
 * hostFileRead in steps, for the sliced analysis: a large .tf's first read pauses (iac/hostFile.ts
 * readHostFileInSteps). When a request between slices read the same text itself (a code lens needs
 * every policy), that read is taken and this one dropped, its parser state or tree freed.
 */
function* hostFileReadInSteps(text: string, fileName: string): Steps<HostFileRead> {
  const done = lastReadOf(text, fileName);
  if (done) return done;
  const steps = readHostFileInSteps(text, fileName, SLICE_MS);
  const mine = { text, fileName };
  reading = mine;
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) {
        if (step.value.kind !== 'reader-not-loaded') lastRead = { text, fileName, read: step.value };
        return step.value;
      }
      yield;
      const theirs = lastReadOf(text, fileName);
      if (theirs) return theirs;
    }
  } finally {
    steps.return(undefined as never);
    if (reading === mine) reading = undefined;
  }
}

/**
 * Whether the read of `text` as `fileName` is under way in a paused sliced analysis and not yet
 * done: a hover then reads just what is under its cursor (parseCache.ts) rather than the whole file.
 */
export function readInProgress(text: string, fileName: string): boolean {
  return reading !== undefined && reading.text === text && reading.fileName === fileName && !lastReadOf(text, fileName);
}

/**
 * What `text` holds as `fileName` (iac/hostFile.ts readHostFile), the last read reused: a hover
 * during a sliced analysis reads the template's policies from the parse the analysis made, rather
 * than parsing the file again.
 */
export function hostFileRead(text: string, fileName: string): HostFileRead {
  const done = lastReadOf(text, fileName);
  if (done) return done;
  const read = readHostFile(text, fileName);
  // A Terraform file read before its parser loaded is read again once it has.
  if (read.kind !== 'reader-not-loaded') lastRead = { text, fileName, read };
  return read;
}

/** The template the last file analysis read, when it read `text` as `fileName`: its policies, as the analysis read them. */
export function lastAnalysedTemplate(text: string, fileName: string): FileAnalysis | undefined {
  if (!lastFile || lastFile.text !== text || lastFile.fileName !== fileName || lastFile.analysis.format === 'policy') return undefined;
  return lastFile.analysis;
}

/** The document the last analysis read, when it read `text` as `language`. */
export function lastAnalysedDocument(text: string, language: 'json' | 'jsonc'): PolicyDocument | undefined {
  if (!last || last.text !== text || last.language !== language) return undefined;
  return last.result.document;
}
