import * as assert from 'node:assert/strict';
import { CodeAction, CodeActionRequest, DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { LspClient, fixtureUri } from '../../support/lspClient';

const ADMIN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }, null, 2);

describe('language server over stdio (dist/server.js)', function () {
  this.timeout(30000);
  let server: LspClient;
  /** Opens test/fixtures/lsp/<name>. */
  const open = (name: string, text: string) => server.open(fixtureUri(name), text);

  before(async () => {
    server = new LspClient();
    const result = await server.initialize();
    assert.ok(result.capabilities.textDocumentSync);
  });

  after(async () => {
    await server.stop();
  });

  it('publishes diagnostics on open with rule ids, ranges and documentation links', async () => {
    const published = await open('admin.policy.json', ADMIN);
    const codes = published.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['allow-iam-write', 'missing-iam-write-deny', 'privilege-escalation']);
    const write = published.diagnostics.find((d) => d.code === 'allow-iam-write')!;
    assert.equal(write.severity, 1);
    assert.deepEqual(write.range, { start: { line: 5, character: 16 }, end: { line: 5, character: 23 } });
    assert.match(write.codeDescription!.href, /docs\/rules\/allow-iam-write\.md$/);
    assert.equal((write.data as { actions: string[] }).actions.length, 113);
  });

  it('re-analyses on every change', async () => {
    const uri = fixtureUri('editing.policy.json');
    await open('editing.policy.json', ADMIN);
    const readOnly = ADMIN.replace('"iam:*"', '"iam:Get*"');
    const next = await server.change(uri, 2, readOnly);
    assert.deepEqual(
      next.diagnostics.map((d) => d.code),
      ['missing-iam-write-deny'],
    );
  });

  it('gives a half-typed policy every finding it can', async () => {
    const partial = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "iam:Create*", "Resource": "*"';
    const codes = (await open('partial.policy.json', partial)).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('invalid-json'));
    assert.ok(codes.includes('allow-iam-write'));
  });

  it('serves a 1 MB policy: diagnostics on open and after an edit, quick fixes at a finding', async () => {
    const statements = Array.from({ length: 4000 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: ['s3:GetObject', i === 3999 ? 'iam:CreateUser' : 'iam:GetUser'],
      Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:iam::111122223333:user/u${i}`],
    }));
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    assert.ok(big.length > 500_000);
    const uri = fixtureUri('large.policy.json');
    const opened = await open('large.policy.json', big);
    const write = opened.diagnostics.find((d) => d.code === 'allow-iam-write');
    assert.ok(write, JSON.stringify(opened.diagnostics.map((d) => d.code)));
    // On the item that grants the write, in the last statement, 44,000 lines down.
    const item = big.indexOf('"iam:CreateUser"');
    assert.equal(write.range.start.line, big.slice(0, item).split('\n').length - 1);
    assert.equal(write.range.end.character - write.range.start.character, '"iam:CreateUser"'.length);

    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: write.range,
      context: { diagnostics: [write] },
    })) as CodeAction[];
    assert.ok(
      actions.some((a) => a.kind === 'quickfix' && a.title === 'Remove the IAM write actions from this statement'),
      JSON.stringify(actions.map((a) => a.title)),
    );

    const edited = await server.change(uri, 2, big.replace('"iam:CreateUser"', '"iam:GetUser"'));
    assert.deepEqual(
      edited.diagnostics.map((d) => d.code),
      ['missing-iam-write-deny', 'policy-size-limit'],
    );
  });

  it('publishes nothing for JSON that is not a policy', async () => {
    const published = await open('package.json', '{"name": "app", "version": "1.0.0"}');
    assert.deepEqual(published.diagnostics, []);
  });

  it('applies rule settings pulled from the client', async () => {
    assert.ok(server.registrations.includes('workspace/didChangeConfiguration'));
    server.settings = { rules: { 'missing-iam-write-deny': 'off', 'allow-iam-write': 'warning' } };
    const uri = fixtureUri('admin.policy.json');
    const republished = server.diagnostics(uri);
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const diagnostics = (await republished).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}:${d.severity}`),
      ['allow-iam-write:2', 'privilege-escalation:1'],
    );
    server.settings = {};
  });
});
