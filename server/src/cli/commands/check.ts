import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { diskPolicyReader, principalScopes } from '../../config/principalScopes';
import { ProjectConfig, configFindings, findProjectConfig, loadProjectConfig, settingsForFile } from '../../config/projectConfig';
import { FileAnalysis, analyzeFile } from '../../linter/analyzeFile';
import { AnalyzeOptions } from '../../engine/analyze';
import { loadTerraformParser } from '../../iac/terraform/hclParser';
import { MAX_DOCUMENT_BYTES } from '../../engine/limits';
import { Finding } from '../../engine/rule';
import { analyzePolicy } from '../../linter/analyze';
import { choice, flag, parseArgs } from '../args';
import { CollectedFile, collectFiles } from '../files';
import { ReportWriter, jsonWriter } from '../format/json';
import { FileReport } from '../format/report';
import { formatSarif } from '../format/sarif';
import { formatText } from '../format/text';
import { CliCommand, CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../types';
import { readPolicyFile } from '../../util/policyFile';
import { batchRun } from '../batchRun';

const FORMATS = ['text', 'json', 'sarif'] as const;

const isTerraformFile = (file: string) => /\.tf$/i.test(file);

/**
 * The reports of one file: the file itself for a policy file; for a template one per embedded
 * policy (with its locator) and one for the template's own findings when it has any. Only SARIF
 * reads the documents (for its fingerprints): holding every parse tree of a large run until the
 * end would cost the garbage collector more than the analysis.
 */
function fileReports(file: string, analysis: FileAnalysis, keepDocuments: boolean): FileReport[] {
  if (analysis.format === 'policy') {
    const [policy] = analysis.policies;
    // A .yaml or .tf file that is no template of ours (a workflow, a manifest) holds no policy.
    if (!policy) return [{ file, kind: 'none', findings: [] }];
    const report: FileReport = { file, kind: policy.kind, findings: policy.findings };
    if (keepDocuments) report.document = policy.results[0].document;
    return [report];
  }
  const reports = analysis.policies.map((policy) => {
    const report: FileReport = {
      file,
      policy: policy.locator,
      resource: policy.host?.resource,
      kind: policy.kind,
      findings: policy.findings,
      template: true,
    };
    if (keepDocuments && policy.results[0]) report.document = policy.results[0].document;
    return report;
  });
  // Each place that attaches an AWS managed policy is a policy the template gives its principals.
  for (const attachment of analysis.awsManaged ?? []) {
    const report: FileReport = {
      file,
      policy: attachment.locator,
      resource: attachment.principals[0],
      kind: 'identity',
      findings: attachment.findings,
      template: true,
    };
    if (keepDocuments) report.document = attachment.document;
    reports.push(report);
  }
  if (analysis.templateFindings.length > 0 || reports.length === 0) {
    reports.unshift({ file, policy: null, kind: 'none', findings: analysis.templateFindings, template: true });
  }
  return reports;
}

/**
 * One file's analysis, as the run keeps it: its reports and the files it points at, or the reader
 * it lacked. A function of its own so that nothing else of the analysis outlives it: held in the
 * run's loop, the last file's statements stayed reachable while the next file was analysed (a heap
 * snapshot's retainers showed them), for any young-generation collection to copy.
 */
function checkFile(
  text: string,
  file: string,
  options: AnalyzeOptions,
  keepDocuments: boolean,
  stderr: (text: string) => void,
): { reports: FileReport[]; referencedPaths: string[] } | { notLoaded: string } {
  let analysis = analyzeFile(text, file, options);
  // Nesting too deep to read hides whether it is a policy: fail closed, as for a policy.
  const [only] = analysis.policies;
  if (analysis.format === 'policy' && only?.kind === 'none' && only.results[0]?.document.unreadable) {
    analysis = analyzeFile(text, file, { ...options, forcePolicy: true });
  }
  if (analysis.notLoaded) return { notLoaded: analysis.notLoaded };
  for (const policy of [...analysis.policies, ...(analysis.awsManaged ?? [])]) {
    for (const failure of policy.ruleErrors) stderr(`iamlp check: internal error in rule ${failure.rule} on ${file}; please report it.\n`);
  }
  return { reports: fileReports(file, analysis, keepDocuments), referencedPaths: analysis.referencedFiles.map((r) => r.path) };
}

/** A file that is not text fails closed: it cannot be shown to be a harmless non-policy. */
function binaryFinding(offset: number, setting: string | undefined): Finding[] {
  if (setting === 'off') return [];
  return [
    {
      rule: 'invalid-json',
      severity: setting === 'warning' || setting === 'info' || setting === 'hint' ? setting : 'error',
      message: `The file is not text (binary content at byte ${offset}): it cannot be read as a policy.`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      offset: 0,
      length: 0,
    },
  ];
}

export const checkCommand: CliCommand = {
  name: 'check',
  usage:
    'iamlp check [--format text|json|sarif] [--sarif-root DIR] [--config PATH | --no-config] PATH...\n' +
    '  --sarif-root: the folder SARIF artifact URIs are relative to (default: the working folder).\n' +
    "  Without --config, each file takes the nearest .iamlp.json in its folder or a parent (else the working folder's).",
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['format', 'config', 'sarif-root'], booleans: ['no-config'] });
    const format = choice(parsed, 'format', FORMATS, 'text');
    if (parsed.positionals.length === 0) throw new CliError('name at least one file, folder or glob to check');
    const configFor = projectConfigs(flag(parsed, 'config'), parsed.booleans.has('no-config'), io);
    const { files, problems } = collectFiles(parsed.positionals, io.cwd);
    for (const problem of problems) io.stderr(`iamlp check: ${problem}\n`);
    if (files.length === 0 && problems.length > 0) return EXIT_USAGE;
    const sarifRoot = resolve(io.cwd, flag(parsed, 'sarif-root') ?? '.');
    const output = reportOutput(format, io.stdout, { cwd: io.cwd, root: sarifRoot });
    let anyError = false;
    const report = (...reports: FileReport[]) => {
      for (const r of reports) {
        anyError ||= r.findings.some((f) => f.severity === 'error');
        output.add(r);
      }
    };
    const reported = new Set<ProjectConfig>();
    const shownPath = (path: string) => relative(io.cwd, path) || path;
    const readPeer = diskPolicyReader();
    const unreadablePeers = new Set<string>();
    const onUnreadablePeer = (path: string) => {
      if (unreadablePeers.has(path)) return;
      unreadablePeers.add(path);
      io.stderr(`iamlp check: cannot read ${shownPath(path)}, a policy of a principal in .iamlp.json; judged without it\n`);
    };
    let ioFailures = problems.length;
    const ignored = new Map<ProjectConfig, number>();
    const queue: CollectedFile[] = [...files];
    const queued = new Set(files.map((f) => f.absolute));
    const aboutToAnalyse = batchRun(io.onLongRun);
    for (let index = 0; index < queue.length; index++) {
      const { path: file, absolute, regular } = queue[index];
      const config = configFor(absolute);
      if (config && !reported.has(config)) {
        reported.add(config);
        const findings = configFindings(config);
        if (findings.length > 0) report({ file: shownPath(config.path), kind: 'none', findings });
      }
      if (config && absolute === config.path) continue; // reported above, as configuration
      const fileSettings = settingsForFile(config, absolute);
      if (fileSettings.ignored) {
        ignored.set(config!, (ignored.get(config!) ?? 0) + 1);
        continue;
      }
      const reading = readPolicyFile(absolute, MAX_DOCUMENT_BYTES, { seenAsRegularFile: regular });
      if (reading.status === 'error' || reading.status === 'not-a-file') {
        io.stderr(
          `iamlp check: cannot read ${file} (${reading.status === 'error' ? reading.code : `${reading.what}, not a regular file`})\n`,
        );
        ioFailures++;
        continue;
      }
      if (reading.status === 'binary') {
        report({ file, kind: 'none', findings: binaryFinding(reading.offset, fileSettings.rules['invalid-json']) });
        continue;
      }
      const options = {
        language: file.toLowerCase().endsWith('.jsonc') ? ('jsonc' as const) : ('json' as const),
        rules: fileSettings.rules,
        suppressions: fileSettings.suppressions,
        principals: principalScopes(config, absolute, readPeer, onUnreadablePeer),
        account: fileSettings.account,
      };
      if (reading.status === 'too-large') {
        // Not read at all, whatever its format: the file-too-large verdict needs only its size.
        const verdict = analyzePolicy('', { ...options, sizeBytes: reading.bytes });
        report({ file, kind: 'none', findings: verdict.findings });
        continue;
      }
      const text = reading.text;
      aboutToAnalyse(reading.bytes);
      // The HCL grammar (WebAssembly) loads on the first Terraform file of a run; a no-op after.
      if (isTerraformFile(file)) await loadTerraformParser();
      const outcome = checkFile(text, file, options, format === 'sarif', io.stderr);
      if ('notLoaded' in outcome) {
        io.stderr(`iamlp check: cannot read ${file}: no ${outcome.notLoaded} reader is available\n`);
        ioFailures++;
        continue;
      }
      report(...outcome.reports);
      // Policy files a template points at (Terraform's file("policy.json")) are checked too, once.
      for (const referenced of outcome.referencedPaths) {
        const target = isAbsolute(referenced) ? referenced : resolve(dirname(absolute), referenced);
        if (queued.has(target)) continue;
        queued.add(target);
        const shown = relative(io.cwd, target) || target;
        queue.push({ path: shown, absolute: resolve(io.cwd, shown), regular: false });
      }
    }
    for (const [config, count] of ignored)
      io.stderr(`iamlp check: ${count} file${count === 1 ? '' : 's'} ignored by ${shownPath(config.path)}\n`);
    output.end();
    if (ioFailures > 0) return EXIT_USAGE;
    return anyError ? EXIT_FINDINGS : EXIT_OK;
  },
};

/**
 * Where a run's reports go as they come: JSON is written as the run goes (its results are in
 * input order, each whole in itself); text groups and sorts a file's findings and SARIF ends with
 * its rules, so they are written from all the reports at the end. A run stopped halfway (an invalid
 * .iamlp.json met in a subfolder) exits 2 with JSON cut short, never a document that parses.
 */
function reportOutput(format: (typeof FORMATS)[number], write: (text: string) => void, sarif: { cwd: string; root: string }): ReportWriter {
  if (format === 'json') return jsonWriter(write);
  const reports: FileReport[] = [];
  return {
    add: (report) => reports.push(report),
    end: () => write(format === 'sarif' ? formatSarif(reports, sarif) : formatText(reports)),
  };
}

/**
 * Which configuration applies to a file: --config PATH for every file, none with --no-config, else
 * the nearest .iamlp.json in the file's folder or a parent (as in the language server), else the
 * one the working folder finds. Each is read once.
 */
function projectConfigs(
  explicit: string | undefined,
  disabled: boolean,
  io: { cwd: string; stderr(text: string): void },
): (absolutePath: string) => ProjectConfig | undefined {
  const fallback = projectConfig(explicit, disabled, io);
  if (explicit || disabled) return () => fallback;
  const byPath = new Map<string, ProjectConfig>();
  if (fallback) byPath.set(fallback.path, fallback);
  const byFolder = new Map<string, ProjectConfig | undefined>();
  return (absolutePath) => {
    const folder = dirname(absolutePath);
    if (byFolder.has(folder)) return byFolder.get(folder);
    const path = findProjectConfig(folder);
    let config = fallback;
    if (path) {
      config = byPath.get(path) ?? projectConfig(path, false, io);
      if (config) byPath.set(path, config);
    }
    byFolder.set(folder, config);
    return config;
  };
}

/**
 * One project configuration: PATH, else the nearest .iamlp.json in the working folder or
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
