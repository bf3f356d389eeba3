import { Dirent, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { mayHoldTemplate } from '../iac/detect';
import { globMatcher } from '../util/glob';
import { CliError } from './types';

const POLICY_EXTENSIONS = ['.json', '.jsonc'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', '.terraform']);

function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

// One collator for every folder, made on first use: localeCompare builds one per call, which showed
// in a run over 1,500 files, and making one loads ICU's data, which a run over one file need not.
let collator: Intl.Collator | undefined;
const byName = (a: Dirent, b: Dirent) => (collator ??= new Intl.Collator()).compare(a.name, b.name);

function walk(dir: string, visit: (file: string) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new CliError(`cannot read folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  for (const entry of entries.sort(byName)) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(join(dir, entry.name), visit);
    } else if (entry.isFile()) visit(join(dir, entry.name));
  }
}

function hasPolicyExtension(file: string): boolean {
  return POLICY_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext)) || mayHoldTemplate(file);
}

/**
 * The files named by the CLI's PATH arguments: files as given, folders searched for .json and
 * .jsonc files and templates (.yaml, .yml, .template, .tf, .tf.json; skipping node_modules, .git,
 * dist, out, .terraform), globs expanded from their static prefix.
 * Paths keep the form the user gave, so output matches what they typed.
 */
export function collectFiles(args: string[], cwd: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const arg of args) {
    if (isGlob(arg)) {
      const normalized = arg.split(sep).join('/');
      const parts = normalized.split('/');
      const firstGlob = parts.findIndex(isGlob);
      const base = parts.slice(0, firstGlob).join('/') || '.';
      const matches = globMatcher(normalized.replace(/^\.\//, ''));
      let found = 0;
      const absolute = isAbsolute(arg);
      walk(resolve(cwd, base), (file) => {
        const shown = (absolute ? file : relative(cwd, file)).split(sep).join('/');
        if (matches(shown)) {
          add(shown);
          found++;
        }
      });
      if (found === 0) throw new CliError(`no file matches ${arg}`);
      continue;
    }
    let stats;
    try {
      stats = statSync(resolve(cwd, arg));
    } catch {
      throw new CliError(`no such file or folder: ${arg}`);
    }
    if (stats.isDirectory()) {
      walk(resolve(cwd, arg), (file) => {
        if (hasPolicyExtension(file)) add(join(arg, relative(resolve(cwd, arg), file)));
      });
    } else add(arg);
  }
  return files;
}
