/**
 * The language server keeps up with typing (dist/server.js over stdio): a burst of edits gives a
 * handful of publications, the last for the last version; the same after a configuration change;
 * and a document closed while its analysis waits publishes nothing after its empty publication.
 */
import * as assert from 'node:assert/strict';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { LspClient, fixtureUri } from '../../support/lspClient';

/** A ~190 KB identity policy: 1500 statements, the last one an IAM write. */
function bigPolicy(action: string): string {
  const statements = Array.from({ length: 1500 }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: ['s3:GetObject', i === 1499 ? action : 'iam:GetUser'],
    Resource: [`arn:aws:s3:::bucket-${i}/*`],
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('language server under a burst of edits (dist/server.js)', function () {
  this.timeout(60000);
  let server: LspClient;

  beforeEach(async () => {
    server = new LspClient();
    await server.initialize();
  });
  afterEach(async () => {
    await server.stop();
  });

  async function burst(uri: string, from: number, count: number, textOf: (version: number) => string): Promise<void> {
    for (let version = from; version < from + count; version++) {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: textOf(version) }],
      });
    }
  }

  it('200 quick edits of a 190 KB policy: a handful of publications, the last for the last version', async () => {
    const uri = fixtureUri('burst.policy.json');
    const base = bigPolicy('iam:CreateUser');
    assert.ok(base.length > 150_000);
    await server.open(uri, base);
    const before = server.published.length;
    const last = server.diagnostics(uri, 201);
    // Each version differs; the last one fixes the IAM write, so its findings tell it apart.
    await burst(uri, 2, 200, (v) => (v === 201 ? bigPolicy('iam:GetRole') : base.replace('"S0"', `"S0v${v}"`)));
    const final = await last;
    await sleep(500);
    const publications = server.published.slice(before).filter((p) => p.uri === uri);
    assert.ok(publications.length <= 5, `${publications.length} publications for 200 edits`);
    assert.equal(publications.at(-1)!.version, 201, 'the last publication is for the last version');
    assert.ok(!final.diagnostics.some((d) => d.code === 'allow-iam-write'), 'the last version was analysed');
  });

  it('a configuration change during a burst: one analysis of the latest version with the new settings', async () => {
    const uri = fixtureUri('burst-config.policy.json');
    const base = bigPolicy('iam:CreateUser');
    await server.open(uri, base);
    const before = server.published.length;
    server.settings = { rules: { 'allow-iam-write': 'off' } };
    const last = server.diagnostics(uri, 51);
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await burst(uri, 2, 50, (v) => base.replace('"S0"', `"S0v${v}"`));
    const final = await last;
    await sleep(500);
    const publications = server.published.slice(before).filter((p) => p.uri === uri);
    assert.ok(publications.length <= 3, `${publications.length} publications`);
    assert.equal(publications.at(-1)!.version, 51);
    assert.ok(!final.diagnostics.some((d) => d.code === 'allow-iam-write'), 'the new settings apply');
  });

  it('a document closed while its analysis waits gets no late publication', async () => {
    const uri = fixtureUri('closing.policy.json');
    await server.open(uri, bigPolicy('iam:CreateUser'));
    // The next analysis asks for the settings again; the document closes before they arrive.
    let closed!: () => void;
    const closedSent = new Promise<void>((resolve) => (closed = resolve));
    server.beforeConfigurationAnswer = async () => {
      server.beforeConfigurationAnswer = undefined;
      await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      closed();
      await sleep(50);
    };
    const before = server.published.length;
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await burst(uri, 2, 1, () => bigPolicy('iam:DeleteUser'));
    await closedSent;
    await sleep(1000);
    const publications = server.published.slice(before).filter((p) => p.uri === uri);
    assert.deepEqual(
      publications.map((p) => p.diagnostics.length),
      [0],
      'only the empty publication of the close',
    );
  });
});
