import { loadTerraformParser } from '../../iac/terraform/hclParser';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { printParseErrorCode } from 'jsonc-parser';
import { sharedCatalog } from '../../catalog/catalog';
import { ProjectConfig, settingsForFile } from '../../config/projectConfig';
import { parsePolicy } from '../../engine/parse';
import { mayHoldTemplate } from '../../iac/detect';
import { FilePolicies, diffPolicies, grantsNewAccess, grantsNewWrites, policiesOfFile } from '../../linter/policyDiff';
import { readTextFile } from '../../util/textFile';
import { choice, flag, parseArgs } from '../args';
import { collectFiles } from '../files';
import { FileChange, diffJsonModel } from '../format/diffModel';
import { formatDiffMarkdown } from '../format/diffMarkdown';
import { formatDiffSarif } from '../format/diffSarif';
import { formatDiffText } from '../format/diffText';
import { GitRepository } from '../git';
import { CliCommand, CliError, CliIO, EXIT_FINDINGS, EXIT_OK } from '../types';
import { projectConfig } from './check';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
const FAIL_ON = ['any', 'writes'] as const;
const POLICY_EXTENSIONS = ['.json', '.jsonc'];

/** One file as it was and as it is; undefined text: the file is not on that side. */
interface FilePair {
  shown: string;
  /** Where HEAD's file is (or would be) on disk: what the project configuration's paths match. */
  absolute: string;
  base?: string;
  head?: string;
}

/** Policy files and the templates that may embed policies (CloudFormation, SAM, Terraform). */
function isPolicyPath(path: string): boolean {
  return POLICY_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext)) || mayHoldTemplate(path);
}

function read(path: string, shown: string): string {
  try {
    return readTextFile(path);
  } catch (err) {
    throw new CliError(`cannot read ${shown} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** BASE and HEAD given as two files or two folders (files paired by relative path). */
function pathPairs(basePath: string, headPath: string, cwd: string): FilePair[] {
  const stat = (p: string) => {
    try {
      return statSync(resolve(cwd, p));
    } catch {
      throw new CliError(`no such file or folder: ${p}`);
    }
  };
  const baseStat = stat(basePath);
  const headStat = stat(headPath);
  if (baseStat.isDirectory() !== headStat.isDirectory()) throw new CliError('BASE and HEAD must both be files or both be folders');
  if (!baseStat.isDirectory())
    return [
      {
        shown: headPath,
        absolute: resolve(cwd, headPath),
        base: read(resolve(cwd, basePath), basePath),
        head: read(resolve(cwd, headPath), headPath),
      },
    ];
  const relativeFiles = (root: string) => {
    // A comparison with a folder left out would be no comparison: what cannot be read fails the run.
    const { files, problems } = collectFiles([root], cwd);
    if (problems.length > 0) throw new CliError(problems.join('; '));
    return new Map(files.map((f) => [relative(resolve(cwd, root), f.absolute).split(sep).join('/'), f.path]));
  };
  const baseFiles = relativeFiles(basePath);
  const headFiles = relativeFiles(headPath);
  const names = [...new Set([...baseFiles.keys(), ...headFiles.keys()])].sort();
  return names.map((name) => {
    const b = baseFiles.get(name);
    const h = headFiles.get(name);
    const shown = h ?? join(headPath, name);
    return {
      shown,
      absolute: resolve(cwd, shown),
      base: b === undefined ? undefined : read(resolve(cwd, b), b),
      head: h === undefined ? undefined : read(resolve(cwd, h), h),
    };
  });
}

/** The working tree against a git ref, under the given paths (default: the whole repository). */
function gitPairs(ref: string, paths: readonly string[], cwd: string): FilePair[] {
  const repo = GitRepository.at(cwd);
  const commit = repo.resolve(ref);
  const specs = paths.length === 0 ? ['.'] : paths.map((p) => relative(repo.root, resolve(cwd, p)).split(sep).join('/') || '.');
  for (const [i, spec] of specs.entries())
    if (spec.startsWith('..') || isAbsolute(spec)) throw new CliError(`${paths[i]} is outside the repository ${repo.root}`);
  const changed = repo
    .changedFiles(commit, specs)
    .filter((f) => isPolicyPath(f.path) || (f.basePath !== undefined && isPolicyPath(f.basePath)));
  changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return changed.map(({ path, basePath, inWorkingTree }) => {
    const absolute = join(repo.root, path);
    const shown = relative(cwd, absolute).split(sep).join('/') || path;
    return {
      shown,
      absolute,
      base: basePath !== undefined && isPolicyPath(basePath) ? repo.show(commit, basePath) : undefined,
      head: inWorkingTree && isPolicyPath(path) && existsSync(absolute) ? read(absolute, shown) : undefined,
    };
  });
}

/**
 * Why a side could not be read, if it could not: a policy broken by a syntax error would otherwise
 * pass quietly for a policy removed, or for what its readable part allows.
 */
function syntaxProblem(text: string, file: string, read: FilePolicies): string | undefined {
  if (read.problem) return `${read.problem}; compared as far as it reads`;
  if (read.format !== 'policy' || mayHoldTemplate(file)) return undefined;
  const document = read.policies[0]?.document ?? parsePolicy(text, { language: file.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json' });
  if (document.unreadable) return document.unreadable;
  const error = document.parseErrors[0];
  if (!error) return undefined;
  const line = text.slice(0, error.offset).split('\n').length;
  const how = read.policies.length > 0 ? 'compared as far as it reads' : 'compared as no policy';
  return `not valid JSON (${printParseErrorCode(error.error)} on line ${line}); ${how}`;
}

function changesOf(pairs: readonly FilePair[], config: ProjectConfig | undefined, io: CliIO): FileChange[] {
  const changes: FileChange[] = [];
  for (const pair of pairs) {
    if (pair.base === pair.head) continue;
    const settings = settingsForFile(config, pair.absolute);
    if (settings.ignored) continue;
    const options = {
      rules: settings.rules,
      suppressions: settings.suppressions,
      ...(settings.account ? { account: settings.account } : {}),
    };
    const none: FilePolicies = { format: 'policy', policies: [] };
    const base = pair.base === undefined ? none : policiesOfFile(pair.base, pair.shown, options);
    const head = pair.head === undefined ? none : policiesOfFile(pair.head, pair.shown, options);
    for (const [side, text, read] of [
      ['BASE', pair.base, base],
      ['HEAD', pair.head, head],
    ] as const) {
      const problem = text === undefined ? undefined : syntaxProblem(text, pair.shown, read);
      if (problem) io.stderr(`iamlp diff: ${side} ${pair.shown}: ${problem}\n`);
    }
    for (const change of diffPolicies(base.policies, head.policies)) changes.push({ file: pair.shown, change });
  }
  return changes;
}

export const diffCommand: CliCommand = {
  name: 'diff',
  usage:
    'iamlp diff [--format text|json|markdown|sarif] [--fail-on any|writes] [--config PATH | --no-config] BASE HEAD\n' +
    '       iamlp diff --base GITREF [--format ...] [--fail-on any|writes] [--config PATH | --no-config] [PATH...]\n' +
    '  BASE HEAD: two policy files or templates, or two folders whose files pair by relative path.\n' +
    '  --base: the working tree against a git ref (default paths: the whole repository).\n' +
    '  --fail-on writes: exit 1 only for new Write, Permissions management or Tagging access.\n' +
    '  --config: the project configuration (default: the nearest .iamlp.json): rule settings, suppressions\n' +
    '    and ignored paths apply to the findings and files compared.\n' +
    '  --sarif-root DIR: the folder SARIF artifact URIs are relative to (default: the working folder).\n' +
    '  Exit 0: nothing newly allowed; 1: something is; 2: usage or I/O error.',
  async run(args: string[], io: CliIO) {
    const parsed = parseArgs(args, { values: ['format', 'base', 'fail-on', 'sarif-root', 'config'], booleans: ['no-config'] });
    const format = choice(parsed, 'format', FORMATS, 'text');
    const failOn = choice(parsed, 'fail-on', FAIL_ON, 'any');
    const ref = flag(parsed, 'base');
    let pairs: FilePair[];
    if (ref !== undefined) pairs = gitPairs(ref, parsed.positionals, io.cwd);
    else if (parsed.positionals.length === 2) pairs = pathPairs(parsed.positionals[0], parsed.positionals[1], io.cwd);
    else throw new CliError('give BASE and HEAD (two files or two folders), or --base GITREF [PATH...]');
    const config = projectConfig(flag(parsed, 'config'), parsed.booleans.has('no-config'), io);
    // The HCL grammar (WebAssembly) loads once, when a Terraform file is among the pairs.
    if (pairs.some((pair) => /\.tf$/i.test(pair.shown))) await loadTerraformParser();
    const changes = changesOf(pairs, config, io);
    const catalog = sharedCatalog();
    const root = resolve(io.cwd, flag(parsed, 'sarif-root') ?? '.');
    const output =
      format === 'json'
        ? JSON.stringify(diffJsonModel(catalog, changes), null, 2) + '\n'
        : format === 'markdown'
          ? formatDiffMarkdown(catalog, changes)
          : format === 'sarif'
            ? formatDiffSarif(catalog, changes, { cwd: io.cwd, root })
            : formatDiffText(catalog, changes);
    io.stdout(output);
    const failing = changes.some((c) => (failOn === 'writes' ? grantsNewWrites(c.change, catalog) : grantsNewAccess(c.change)));
    return failing ? EXIT_FINDINGS : EXIT_OK;
  },
};
