import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');

/** Drives the bundled language server over stdio, as VS Code's client does. */
class ServerUnderTest {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  private readonly waiters: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  settings: unknown = {};
  readonly registrations: string[] = [];

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const index = this.waiters.findIndex((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version));
      if (index !== -1) this.waiters.splice(index, 1)[0].resolve(params);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    this.connection.listen();
  }

  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async initialize(): Promise<void> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).toString(),
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      workspaceFolders: null,
    });
    assert.ok(result.capabilities.textDocumentSync);
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  async open(name: string, text: string, languageId = 'json'): Promise<PublishDiagnosticsParams> {
    const uri = pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp', name)).toString();
    const published = this.diagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    await new Promise((resolve) => this.process.once('exit', resolve));
  }
}

const ADMIN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }, null, 2);

describe('language server over stdio (dist/server.js)', function () {
  this.timeout(30000);
  let server: ServerUnderTest;

  before(async () => {
    server = new ServerUnderTest();
    await server.initialize();
  });

  after(async () => {
    await server.stop();
  });

  it('publishes diagnostics on open with rule ids, ranges and documentation links', async () => {
    const published = await server.open('admin.policy.json', ADMIN);
    const codes = published.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['allow-iam-write', 'missing-iam-write-deny']);
    const write = published.diagnostics.find((d) => d.code === 'allow-iam-write')!;
    assert.equal(write.severity, 1);
    assert.deepEqual(write.range, { start: { line: 5, character: 16 }, end: { line: 5, character: 23 } });
    assert.match(write.codeDescription!.href, /docs\/rules\/allow-iam-write\.md$/);
    assert.equal((write.data as { actions: string[] }).actions.length, 113);
  });

  it('re-analyses on every change', async () => {
    const uri = pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp', 'editing.policy.json')).toString();
    await server.open('editing.policy.json', ADMIN);
    const next = server.diagnostics(uri, 2);
    const readOnly = ADMIN.replace('"iam:*"', '"iam:Get*"');
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: readOnly }],
    });
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['missing-iam-write-deny']);
  });

  it('gives a half-typed policy every finding it can', async () => {
    const partial = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "iam:Create*", "Resource": "*"';
    const codes = (await server.open('partial.policy.json', partial)).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('invalid-json'));
    assert.ok(codes.includes('allow-iam-write'));
  });

  it('publishes nothing for JSON that is not a policy', async () => {
    const published = await server.open('package.json', '{"name": "app", "version": "1.0.0"}');
    assert.deepEqual(published.diagnostics, []);
  });

  it('applies rule settings pulled from the client', async () => {
    assert.ok(server.registrations.includes('workspace/didChangeConfiguration'));
    server.settings = { rules: { 'missing-iam-write-deny': 'off', 'allow-iam-write': 'warning' } };
    const uri = pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp', 'admin.policy.json')).toString();
    const republished = server.diagnostics(uri);
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const diagnostics = (await republished).diagnostics;
    assert.deepEqual(diagnostics.map((d) => `${d.code}:${d.severity}`), ['allow-iam-write:2']);
    server.settings = {};
  });
});
