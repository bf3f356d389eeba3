import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ProjectConfig, configFindings, findProjectConfig, loadProjectConfig, settingsForFile } from '../../config/projectConfig';
import { analyzePolicy } from '../../linter/analyze';
import { MAX_DOCUMENT_LENGTH } from '../../engine/limits';
import { choice, flag, parseArgs } from '../args';
import { collectFiles } from '../files';
import { formatJson } from '../format/json';
import { FileReport } from '../format/report';
import { formatSarif } from '../format/sarif';
import { formatText } from '../format/text';
import { CliCommand, CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types';
import { readTextFile } from '../../util/textFile';

const FORMATS = ['text', 'json', 'sarif'] as const;

/** Reads a file as UTF-8, refusing to load more than the analysis would look at. */
function readPolicyText(path: string): string {
  const size = statSync(path).size;
  if (size > MAX_DOCUMENT_LENGTH) {
    // The size verdict only needs the length: read no more than one byte past the limit.
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_DOCUMENT_LENGTH + 1);
      readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.toString('latin1');
    } finally {
      closeSync(fd);
    }
  }
  return readTextFile(path);
}

export const checkCommand: CliCommand = {
  name: 'check',
  usage:
    'iamlp check [--format text|json|sarif] [--sarif-root DIR] [--config PATH | --no-config] PATH...\n' +
    '  --sarif-root: the folder SARIF artifact URIs are relative to (default: the working folder).',
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['format', 'config', 'sarif-root'], booleans: ['no-config'] });
    const format = choice(parsed, 'format', FORMATS, 'text');
    if (parsed.positionals.length === 0) throw new CliError('name at least one file, folder or glob to check');
    const config = projectConfig(flag(parsed, 'config'), parsed.booleans.has('no-config'), io);
    const files = collectFiles(parsed.positionals, io.cwd);
    const reports: FileReport[] = [];
    if (config) {
      const findings = configFindings(config);
      if (findings.length > 0) reports.push({ file: relative(io.cwd, config.path) || config.path, kind: 'none', findings });
    }
    let ioFailures = 0;
    let ignored = 0;
    for (const file of files) {
      const absolute = resolve(io.cwd, file);
      if (config && absolute === config.path) continue; // reported above, as configuration
      const fileSettings = settingsForFile(config, absolute);
      if (fileSettings.ignored) {
        ignored++;
        continue;
      }
      let text: string;
      try {
        text = readPolicyText(absolute);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        io.stderr(`iamlp check: cannot read ${file}${code ? ` (${code})` : ''}\n`);
        ioFailures++;
        continue;
      }
      const result = analyzePolicy(text, {
        language: file.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json',
        rules: fileSettings.rules,
        suppressions: fileSettings.suppressions,
      });
      for (const failure of result.ruleErrors) {
        io.stderr(`iamlp check: internal error in rule ${failure.rule} on ${file}; please report it.\n`);
      }
      // Only SARIF reads the document (for its fingerprints): holding every parse tree of a large
      // run until the end would cost the garbage collector more than the analysis.
      reports.push({ file, kind: result.kind, findings: result.findings, ...(format === 'sarif' ? { document: result.document } : {}) });
    }
    if (ignored > 0)
      io.stderr(`iamlp check: ${ignored} file${ignored === 1 ? '' : 's'} ignored by ${relative(io.cwd, config!.path) || config!.path}\n`);
    const sarifRoot = resolve(io.cwd, flag(parsed, 'sarif-root') ?? '.');
    const output =
      format === 'json'
        ? formatJson(reports)
        : format === 'sarif'
          ? formatSarif(reports, { cwd: io.cwd, root: sarifRoot })
          : formatText(reports);
    io.stdout(output);
    if (ioFailures > 0) return EXIT_USAGE;
    return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  },
};

/**
 * The project configuration: --config PATH, else the nearest .iamlp.json in the working folder or
 * a parent, none with --no-config. Its non-finding problems go to stderr; an unreadable or invalid
 * file is a usage error, since checking without it would report what the team has accepted.
 */
export function projectConfig(
  explicit: string | undefined,
  disabled: boolean,
  io: { cwd: string; stderr(text: string): void },
): ProjectConfig | undefined {
  if (disabled) {
    if (explicit) throw new CliError('--config and --no-config exclude each other');
    return undefined;
  }
  const path = explicit ? resolve(io.cwd, explicit) : findProjectConfig(io.cwd);
  if (!path) return undefined;
  let config: ProjectConfig;
  try {
    config = loadProjectConfig(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the configuration ${explicit ?? path}${code ? ` (${code})` : ''}`);
  }
  const shown = relative(io.cwd, config.path) || config.path;
  if (config.unusable) {
    throw new CliError(`${shown}: ${config.problems.map((p) => p.message).join('; ') || 'not a JSON object'}`);
  }
  for (const problem of config.problems.filter((p) => !p.rule)) {
    const line = config.text.slice(0, problem.offset).split(/\r?\n/).length;
    io.stderr(`iamlp check: ${shown}:${line}: ${problem.severity}: ${problem.message}\n`);
  }
  return config;
}
