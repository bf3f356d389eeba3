import { Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { mayHoldTemplate } from '../iac/detect';
import { globDepth, globMatcher } from '../util/glob';
import { describeFileType } from '../util/policyFile';
import { CliError } from './types';

const POLICY_EXTENSIONS = ['.json', '.jsonc'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', '.terraform']);

function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/**
 * A folder's entries by name, case-insensitively, then as written: the same order on every machine
 * and locale (a collator's depends on both, and making one loads ICU's data; comparing through it
 * cost a run over 1,500 files 25 ms).
 */
function sortedByName(entries: Dirent[]): Dirent[] {
  const keyed = entries.map((entry) => ({ entry, key: entry.name.toLowerCase() }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
  return keyed.map((k) => k.entry);
}

/** A file to check. */
export interface CollectedFile {
  /** The path as the user gave it (or a folder they gave, joined with the names below it). */
  path: string;
  absolute: string;
  /** Its folder's entry or a stat said it is a regular file (readPolicyFile need not stat it again). */
  regular: boolean;
}

/** The files to check, and what could not be looked at (said on stderr; the run exits 2). */
export interface CollectedFiles {
  files: CollectedFile[];
  problems: string[];
}

/**
 * Walks `dir` down to `depth` levels, following symbolic links to folders and files. A folder is
 * entered once by its real path, so a link back up (a loop) ends; an unreadable folder becomes a
 * problem and the walk goes on. Non-regular files (FIFOs, sockets, devices) are passed as they
 * are: the caller decides, and the reader never opens them. `visit` gets each file's path, its
 * path below the folder the walk started from (made by joining names as the walk descends, since
 * deriving it again with path.relative for every file of a large tree showed in a run's profile),
 * and whether it is a regular file.
 */
function walk(
  dir: string,
  depth: number,
  visit: (file: string, inner: string, regular: boolean) => void,
  problems: string[],
  entered: Set<string>,
  inner = '',
): void {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    if (entered.has(real)) return;
    entered.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    problems.push(`cannot read folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return;
  }
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const entry of sortedByName(entries)) {
    // A folder entry's name holds no separator: this is join(dir, name) without its normalising.
    const full = prefix + entry.name;
    const below = inner === '' ? entry.name : inner + sep + entry.name;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
        if (!isDirectory && !isFile) visit(full, below, false);
      } catch (err) {
        problems.push(`cannot follow the link ${full} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        continue;
      }
    } else if (!isDirectory && !isFile) {
      visit(full, below, false);
      continue;
    }
    if (isDirectory) {
      if (depth > 0 && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full, depth - 1, visit, problems, entered, below);
    } else if (isFile) visit(full, below, true);
  }
}

function hasPolicyExtension(file: string): boolean {
  return POLICY_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext)) || mayHoldTemplate(file);
}

/**
 * The files named by the CLI's PATH arguments: files as given, folders searched for .json and
 * .jsonc files and templates (.yaml, .yml, .template, .tf, .tf.json; skipping node_modules, .git,
 * dist, out, .terraform), globs expanded from their static prefix, no deeper than the glob reaches.
 * Paths keep the form the user gave, so output matches what they typed. A folder that cannot be
 * read is a problem, not the end of the run.
 */
export function collectFiles(args: string[], cwd: string): CollectedFiles {
  const files: CollectedFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: string, absolute: string, regular: boolean) => {
    if (!seen.has(absolute)) {
      seen.add(absolute);
      files.push({ path: file, absolute, regular });
    }
  };
  for (const arg of args) {
    if (isGlob(arg)) {
      const normalized = arg.split(sep).join('/');
      const parts = normalized.split('/');
      const firstGlob = parts.findIndex(isGlob);
      const base = parts.slice(0, firstGlob).join('/') || (normalized.startsWith('/') ? '/' : '.');
      const matches = globMatcher(normalized.replace(/^\.\//, ''));
      let found = 0;
      const asGiven = isAbsolute(arg);
      // A file in the base folder is depth 0: `/usr/*.json` reads /usr and nothing below it.
      const depth = globDepth(parts.slice(firstGlob).join('/')) - 1;
      walk(
        resolve(cwd, base),
        depth,
        (file, _inner, regular) => {
          const shown = (asGiven ? file : relative(cwd, file)).split(sep).join('/');
          if (matches(shown)) {
            add(shown, file, regular);
            found++;
          }
        },
        problems,
        new Set(),
      );
      if (found === 0 && problems.length === 0) throw new CliError(`no file matches ${arg}`);
      continue;
    }
    const path = resolve(cwd, arg);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new CliError(`no such file or folder: ${arg}`);
    }
    if (stats.isDirectory()) {
      // join(arg, inner) for each file: the names below the folder need no normalising, and
      // path.join's was most of what listing a folder of 1,500 policies cost.
      const folder = normalize(arg);
      const shownBelow = folder === '.' || folder === `.${sep}` ? '' : folder.endsWith(sep) ? folder : folder + sep;
      walk(
        path,
        Infinity,
        (file, inner, regular) => {
          // A FIFO or socket named like a policy is listed too: the reader says what it is, never opening it.
          if (hasPolicyExtension(file)) add(shownBelow + inner, file, regular);
        },
        problems,
        new Set(),
      );
    } else if (stats.isFile()) add(arg, path, true);
    else problems.push(`${arg} is ${describeFileType(stats)}, not a policy file: not read`);
  }
  return { files, problems };
}
