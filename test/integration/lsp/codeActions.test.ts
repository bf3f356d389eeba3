import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../../support/lspClient';

describe('language server: code actions and .iamlp.json (dist/server.js)', () => {
  let server: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iamlp-lsp-'));
    writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ rules: { 'missing-version': 'off' } }));
    server = new LspClient();
    const init = await server.initialize({ rootUri: pathToFileURL(dir).toString(), capabilities: {} });
    assert.deepEqual(init.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.iamLeastPrivilege'],
      resolveProvider: true,
    });
  });

  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const text =
    '{\n  "Statement": [\n    {\n      "Effect": "allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}\n';

  it('applies the project config, offers quick fixes and source.fixAll, and reloads on change', async () => {
    const uri = pathToFileURL(join(dir, 'a.json')).toString();
    const document = TextDocument.create(uri, 'json', 1, text);
    const first = await server.open(uri, text);
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['invalid-effect'],
      'missing-version is off in .iamlp.json',
    );

    const range = first.diagnostics[0].range;
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
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

    const fixAll = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepEqual(
      fixAll.map((a) => a.kind),
      ['source.fixAll.iamLeastPrivilege'],
    );

    writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ rules: { 'missing-version': 'error', 'invalid-effect': 'off' } }));
    const republished = server.diagnostics(uri);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(join(dir, '.iamlp.json')).toString(), type: FileChangeType.Changed }],
    });
    const second = await republished;
    assert.deepEqual(
      second.diagnostics.map((d) => [d.code, d.severity]),
      [['missing-version', 1]],
    );
  });

  it('sends snippet fixes as plain text with the snippet in data, for clients that can apply it', async () => {
    const trust = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/svc' }, Action: 'sts:AssumeRole' }],
      },
      null,
      2,
    );
    const uri = pathToFileURL(join(dir, 'role.trust.json')).toString();
    const published = await server.open(uri, trust);
    const missing = published.diagnostics.find((d) => d.code === 'trust-missing-external-id')!;
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: missing.range,
      context: { diagnostics: [missing] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.includes('ExternalId'))!;
    const plain = (fix.edit!.changes![uri] as TextEdit[])[0];
    const [snippet] = (fix.data as { snippetEdits: Array<{ range: TextEdit['range']; snippet: string }> }).snippetEdits;
    assert.deepEqual(snippet.range, plain.range);
    assert.match(snippet.snippet, /\$\{1:external-id-agreed-with-the-third-party\}/);
    assert.ok(plain.newText.includes('"external-id-agreed-with-the-third-party"'));
    assert.ok(!plain.newText.includes('${1:'));
  });
});
