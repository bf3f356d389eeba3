import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Connection, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FILE_NAME,
  FileSettings,
  ProjectConfig,
  combineRuleSettings,
  findProjectConfig,
  loadProjectConfig,
  parseProjectConfig,
  settingsForFile,
} from '../config/projectConfig';
import { PolicyReader, diskPolicyReader, peerFiles, principalScopes } from '../config/principalScopes';
import { AnalyzeOptions } from '../engine/analyze';
import { parsePolicy } from '../engine/parse';
import { PrincipalScope } from '../engine/principalScope';
import { LineIndex } from '../engine/lineIndex';
import { DIAGNOSTIC_SEVERITY, DIAGNOSTIC_SOURCE } from './diagnostics';
import { DocumentScope, filePathOf } from './documentScope';
import { ServerSettings } from './settings';

/**
 * The `.iamlp.json` files the language server applies: for each policy, the nearest one in its
 * folder or a parent (the workspace root's, in the usual layout), as saved on disk. The client
 * watches `**\/.iamlp.json`; any change drops the cache and every open document is analysed again.
 */
export class ProjectConfigs {
  private readonly byDirectory = new Map<string, ProjectConfig | null>();

  constructor(private readonly log: (message: string) => void = () => {}) {}

  /** The configuration for a document, or undefined (untitled documents, no config file). */
  forUri(uri: string): ProjectConfig | undefined {
    const path = filePathOf(uri);
    if (!path) return undefined;
    const dir = dirname(path);
    let cached = this.byDirectory.get(dir);
    if (cached === undefined) {
      cached = null;
      const file = findProjectConfig(dir);
      if (file) {
        try {
          cached = loadProjectConfig(file);
        } catch (err) {
          this.log(`cannot read ${file}: ${String(err)}`);
        }
      }
      this.byDirectory.set(dir, cached);
    }
    return cached ?? undefined;
  }

  invalidate(): void {
    this.byDirectory.clear();
  }

  /** The principals the document's file belongs to, with their other policies as `read` finds them. */
  principalScopes(uri: string, read: PolicyReader): PrincipalScope[] {
    const path = filePathOf(uri);
    return path
      ? principalScopes(this.forUri(uri), path, read, (peer) => this.log(`cannot read ${peer}, listed in .iamlp.json principals`))
      : [];
  }

  /** The URIs of the files that share a principal with the document's: analysed again when it changes. */
  peerUris(uri: string): string[] {
    const path = filePathOf(uri);
    return path ? peerFiles(this.forUri(uri), path).map((p) => pathToFileURL(p).href) : [];
  }

  /** The file's settings from its configuration. */
  fileSettings(uri: string): FileSettings {
    const path = filePathOf(uri);
    return path ? settingsForFile(this.forUri(uri), path) : { ignored: false, rules: {}, suppressions: [] };
  }
}

/**
 * How to analyse a document: editor settings and the project file combined (the project file
 * wins for every rule it names), or undefined when the document is disabled or ignored.
 */
export function analysisOptions(
  scope: DocumentScope,
  settings: ServerSettings,
  file: FileSettings,
  principals: readonly PrincipalScope[] = [],
): AnalyzeOptions | undefined {
  if (!scope.enabled || file.ignored) return undefined;
  return {
    language: scope.language,
    forcePolicy: scope.forcePolicy,
    rules: combineRuleSettings(settings.rules, file.rules),
    suppressions: file.suppressions,
    ...(principals.length > 0 ? { principals } : {}),
    ...(file.account ? { account: file.account } : {}),
  };
}

/** Reads a principal's other policies as the editor has them: an open document's text, else the file on disk. */
export function openDocumentsFirst(documents: { get(uri: string): { getText(): string; languageId: string } | undefined }): PolicyReader {
  const disk = diskPolicyReader();
  return (path) => {
    const open = documents.get(pathToFileURL(path).href);
    if (!open) return disk(path);
    const jsonc = open.languageId === 'jsonc' || path.toLowerCase().endsWith('.jsonc');
    return parsePolicy(open.getText(), { language: jsonc ? 'jsonc' : 'json' });
  };
}

export function isConfigDocument(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

/** Diagnostics for an open .iamlp.json: its problems, including suppressions without a reason. */
export function configDiagnostics(document: TextDocument): Diagnostic[] {
  const config = parseProjectConfig(document.getText(), filePathOf(document.uri) ?? document.uri);
  const lines = new LineIndex(config.text);
  return config.problems.map((p) => ({
    range: lines.rangeOf(p.offset, p.length),
    severity: DIAGNOSTIC_SEVERITY[p.severity],
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
    ...(p.rule ? { code: p.rule } : {}),
  }));
}

/** Reloads configurations when the client reports a change to a watched .iamlp.json. */
export function watchProjectConfigs(connection: Connection, configs: ProjectConfigs, revalidate: () => void): void {
  connection.onDidChangeWatchedFiles((params) => {
    if (!params.changes.some((c) => isConfigDocument(c.uri))) return;
    configs.invalidate();
    revalidate();
  });
}
