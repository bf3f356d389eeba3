import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const SERVER = join(__dirname, '..', '..', '..', '..', 'dist', 'server.js');

describe('language server: code actions and .iamlp.json (dist/server.js)', () => {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  let dir: string;
  const published: PublishDiagnosticsParams[] = [];
  const next = (uri: string) =>
    new Promise<PublishDiagnosticsParams>((resolve) => {
      const timer = setInterval(() => {
        const i = published.findIndex((p) => p.uri === uri);
        if (i !== -1) {
          clearInterval(timer);
          resolve(published.splice(i, 1)[0]);
        }
      }, 10);
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iamlp-lsp-'));
    writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ rules: { 'missing-version': 'off' } }));
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => void published.push(p));
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {}, workspaceFolders: null });
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.iamLeastPrivilege'], resolveProvider: false });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    connection.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = '{\n  "Statement": [\n    {\n      "Effect": "allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}\n';

  it('applies the project config, offers quick fixes and source.fixAll, and reloads on change', async () => {
    const uri = pathToFileURL(join(dir, 'a.json')).toString();
    const document = TextDocument.create(uri, 'json', 1, text);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
    const first = await next(uri);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['invalid-effect'], 'missing-version is off in .iamlp.json');

    const range = first.diagnostics[0].range;
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics: first.diagnostics },
    })) as CodeAction[];
    const quick = actions.find((a) => a.kind === 'quickfix');
    assert.ok(quick && quick.isPreferred);
    assert.equal(quick.title, 'Write "Allow"');
    assert.deepEqual(quick.diagnostics, [first.diagnostics[0]]);
    const edited = TextDocument.applyEdits(document, quick.edit!.changes![uri] as TextEdit[]);
    assert.ok(edited.includes('"Effect": "Allow"'));

    const fixAll = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepEqual(fixAll.map((a) => a.kind), ['source.fixAll.iamLeastPrivilege']);

    writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ rules: { 'missing-version': 'error', 'invalid-effect': 'off' } }));
    await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(join(dir, '.iamlp.json')).toString(), type: FileChangeType.Changed }],
    });
    const second = await next(uri);
    assert.deepEqual(second.diagnostics.map((d) => [d.code, d.severity]), [['missing-version', 1]]);
  });
});
