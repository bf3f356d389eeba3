import * as assert from 'node:assert/strict';
import {
  CodeLensRequest,
  CompletionList,
  CompletionRequest,
  HoverRequest,
  InitializeResult,
  MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { LspClient, fixtureUri } from '../../support/lspClient';

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
  let server: LspClient;
  let initialized: InitializeResult;
  const uri = fixtureUri('editor.policy.json');

  before(async () => {
    server = new LspClient();
    initialized = await server.initialize({ capabilities: { workspace: { configuration: true } } });
    await server.open(uri, POLICY);
  });

  after(async () => {
    await server.stop();
  });

  it('advertises completion (with trigger characters), hover and code lens', () => {
    const caps = initialized.capabilities;
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['"', ':', '*']);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeLensProvider);
  });

  it('completes actions with a text edit inside the string', async () => {
    const position = { line: 5, character: POLICY.split('\n')[5].indexOf('iam:Get"') + 'iam:Get'.length };
    const list = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
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

  it("hovers on an action with markdown and the string's range", async () => {
    const character = POLICY.split('\n')[5].indexOf('iam:GetUser') + 4;
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character } });
    assert.ok(hover);
    assert.match((hover.contents as MarkupContent).value, /^\*\*iam:GetUser\*\* — Read/);
    assert.equal(hover.range?.start.line, 5);
  });

  it('gives one lens per statement, above it', async () => {
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    assert.equal(lenses![0].range.start.line, 3);
    assert.match(lenses![0].command!.title, /^grants 1 action: 0 write, 1 read\/list$/);
  });

  it('answers nothing when the extension is disabled', async () => {
    server.settings = { enable: false };
    // Settings are pulled once and cached until the client says they changed.
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 20 } });
    assert.equal(hover, null);
  });
});
