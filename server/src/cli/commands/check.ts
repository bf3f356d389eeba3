import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzePolicy } from '../../engine/analyze';
import { MAX_DOCUMENT_LENGTH } from '../../rules/file-too-large';
import { choice, parseArgs } from '../args';
import { collectFiles } from '../files';
import { formatJson } from '../format/json';
import { FileReport } from '../format/report';
import { formatSarif } from '../format/sarif';
import { formatText } from '../format/text';
import { CliCommand, CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types';

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
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Lint IAM policy files (files, folders, globs)',
  usage: 'iamlp check [--format text|json|sarif] PATH...',
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['format'] });
    const format = choice(parsed, 'format', FORMATS, 'text');
    if (parsed.positionals.length === 0) throw new CliError('name at least one file, folder or glob to check');
    const files = collectFiles(parsed.positionals, io.cwd);
    const reports: FileReport[] = [];
    let ioFailures = 0;
    for (const file of files) {
      let text: string;
      try {
        text = readPolicyText(resolve(io.cwd, file));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        io.stderr(`iamlp check: cannot read ${file}${code ? ` (${code})` : ''}\n`);
        ioFailures++;
        continue;
      }
      const result = analyzePolicy(text, { language: file.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json' });
      for (const failure of result.ruleErrors) {
        io.stderr(`iamlp check: internal error in rule ${failure.rule} on ${file}; please report it.\n`);
      }
      reports.push({ file, kind: result.kind, findings: result.findings });
    }
    const output = format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports) : formatText(reports);
    io.stdout(output);
    if (ioFailures > 0) return EXIT_USAGE;
    return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  },
};
