import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRequest,
  CompletionList,
  CompletionRequest,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializeResult,
  InitializedNotification,
  MarkupContent,
  ProtocolConnection,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:GetUser", "iam:Get"],
      "Resource": "*"
    }
  ]
}`;

describe('completion, hover and code lens over stdio (dist/server.js)', function () {
  this.timeout(30000);
  let child: ChildProcess;
  let connection: ProtocolConnection;
  let initialized: InitializeResult;
  let settings: unknown = {};
  const uri = pathToFileURL(join(ROOT, 'test', 'fixtures', 'lsp', 'editor.policy.json')).toString();

  before(async () => {
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
    initialized = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).toString(),
      capabilities: { workspace: { configuration: true } },
      workspaceFolders: null,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: POLICY } });
  });

  after(async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    connection.dispose();
    await new Promise((resolve) => child.once('exit', resolve));
  });

  it('advertises completion (with trigger characters), hover and code lens', () => {
    const caps = initialized.capabilities;
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['"', ':', '*']);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeLensProvider);
  });

  it('completes actions with a text edit inside the string', async () => {
    const position = { line: 5, character: POLICY.split('\n')[5].indexOf('iam:Get"') + 'iam:Get'.length };
    const list = (await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
    assert.equal(list.isIncomplete, true);
    const pattern = list.items.find((i) => i.label === 'iam:Get*');
    assert.ok(pattern);
    assert.deepEqual(pattern.textEdit && 'range' in pattern.textEdit ? pattern.textEdit.range : undefined, {
      start: { line: 5, character: position.character - 'iam:Get'.length },
      end: position,
    });
    const getUser = list.items.find((i) => i.label === 'iam:GetUser');
    assert.equal(getUser?.labelDetails?.description, 'Read');
    assert.equal((getUser?.documentation as MarkupContent).kind, 'markdown');
  });

  it('hovers on an action with markdown and the string\'s range', async () => {
    const character = POLICY.split('\n')[5].indexOf('iam:GetUser') + 4;
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character } });
    assert.ok(hover);
    assert.match((hover.contents as MarkupContent).value, /^\*\*iam:GetUser\*\* — Read/);
    assert.equal(hover.range?.start.line, 5);
  });

  it('gives one lens per statement, above it', async () => {
    const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    assert.equal(lenses![0].range.start.line, 3);
    assert.match(lenses![0].command!.title, /^grants 1 action: 0 write, 1 read\/list$/);
  });

  it('answers nothing when the extension is disabled', async () => {
    settings = { enable: false };
    // Settings are pulled once and cached until the client says they changed.
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 20 } });
    assert.equal(hover, null);
  });
});
