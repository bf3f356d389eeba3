/**
 * Drives the bundled language server (dist/server.js --stdio) as VS Code's client does, for the
 * integration tests under test/integration/lsp: spawn, initialize, answer the server's
 * workspace/configuration and client/registerCapability requests, open and change documents, wait
 * for the diagnostics published for a uri (and version), shut down.
 *
 *   const server = new LspClient();
 *   const init = await server.initialize();
 *   const published = await server.open(fixtureUri('a.policy.json'), text);
 *   ...
 *   await server.stop();
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ClientCapabilities,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializeResult,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

/** The repository root (this file runs from out/test/support). */
export const ROOT = join(__dirname, '..', '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

/** What VS Code announces that matters here: settings pulled over workspace/configuration, and registered for dynamically. */
export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
};

/** The uri of a (not necessarily existing) file under test/fixtures/lsp. */
export function fixtureUri(name: string): string {
  return pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp', name)).toString();
}

export interface InitializeOptions {
  /** The workspace root; default the repository root. */
  rootUri?: string;
  capabilities?: ClientCapabilities;
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  /** What the client answers to every workspace/configuration item. */
  settings: unknown = {};
  /** The methods the server registered for (client/registerCapability). */
  readonly registrations: string[] = [];
  private readonly waiters: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  /** Every publication, in order of arrival. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Awaited before the client answers a workspace/configuration request: tests act while the server waits. */
  beforeConfigurationAnswer: (() => Promise<void> | void) | undefined;

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      const index = this.waiters.findIndex((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version));
      if (index !== -1) this.waiters.splice(index, 1)[0].resolve(params);
    });
    this.connection.onRequest(ConfigurationRequest.type, async (params) => {
      await this.beforeConfigurationAnswer?.();
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    this.connection.listen();
  }

  /** Sends initialize (then initialized) and returns the server's answer. */
  async initialize(options: InitializeOptions = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? pathToFileURL(ROOT).toString(),
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      workspaceFolders: null,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /**
   * The next diagnostics published for `uri` (of `version`, when given). Ask before sending what
   * makes the server publish: a publication nobody waits for is dropped.
   */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** Opens a document (version 1) and resolves with the diagnostics published for it. */
  async open(uri: string, text: string, languageId = 'json'): Promise<PublishDiagnosticsParams> {
    const published = this.diagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  /** Replaces a document's whole text and resolves with the diagnostics published for that version. */
  async change(uri: string, version: number, text: string): Promise<PublishDiagnosticsParams> {
    const published = this.diagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return published;
  }

  /** shutdown, exit, and the process's end. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    await exited;
  }
}
