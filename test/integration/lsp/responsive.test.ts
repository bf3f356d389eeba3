/**
 * Hover stays responsive during a long analysis (dist/server.js over stdio): the server analyses a
 * template in slices and answers requests between them. Ordered, not timed: the hover is sent
 * while the server waits for its settings, so it is queued before the analysis starts; a server
 * that analyses the whole file at once publishes before it answers.
 */
import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  CodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLens,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  DidCloseTextDocumentNotification,
  Hover,
  HoverRequest,
  MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { forgetTerraformFile, loadTerraformParser } from '../../../server/src/iac/terraform/terraform';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { LspClient, fixtureUri } from '../../support/lspClient';
import { terraformRoles } from '../../support/templateText';

/** A CloudFormation YAML stack of `roles` IAM roles, each with an inline policy (~300 bytes a role). */
function stack(roles: number): string {
  const parts = ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'];
  for (let i = 0; i < roles; i++) {
    parts.push(`  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data-${i}
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, iam:PassRole]
                Resource: "*"
`);
  }
  return parts.join('');
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server stays responsive during a long analysis (dist/server.js)', function () {
  this.timeout(60000);
  let server: LspClient;

  beforeEach(async () => {
    server = new LspClient();
    await server.initialize();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('answers a hover on a large template before it publishes that version’s diagnostics', async () => {
    const uri = fixtureUri('responsive-stack.yaml');
    const text = stack(1500);
    assert.ok(text.length > 400_000);
    const position = positionAt(text, text.lastIndexOf('iam:PassRole') + 5);
    const arrivals: string[] = [];
    let hovered: Promise<Hover | null> | undefined;
    // The first analysis asks for the settings: the hover is sent before they are answered.
    server.beforeConfigurationAnswer = () => {
      server.beforeConfigurationAnswer = undefined;
      hovered = server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }).then((hover) => {
        arrivals.push('hover');
        return hover;
      });
    };
    const published = await server.open(uri, text, 'yaml').then((diagnostics) => {
      arrivals.push('diagnostics');
      return diagnostics;
    });
    assert.ok(hovered, 'the server asked for its settings');
    const hover = await hovered;
    assert.deepEqual(arrivals, ['hover', 'diagnostics']);
    assert.match((hover?.contents as MarkupContent).value, /PassRole/);
    // The sliced analysis is the whole one: what analysing the file at once finds, in order.
    const whole = analyzeFile(text, fileURLToPath(uri)).findings;
    assert.ok(whole.length >= 1500);
    assert.deepEqual(
      published.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
      whole.map((f) => `${f.rule}@${f.range.start.line}`),
    );
  });

  it('a hover and the code lenses on the first .tf, sent as it opens, wait for the HCL parser instead of finding nothing', async () => {
    // A fresh server: the parser loads on this first .tf.
    const uri = fixtureUri('responsive-first.tf');
    const text = terraformRoles(3);
    const position = positionAt(text, text.indexOf('iam:PassRole') + 5);
    const opened = server.open(uri, text, 'terraform');
    const [hover, lenses] = await Promise.all([
      server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }),
    ]);
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? 'no hover', /PassRole/);
    assert.equal(lenses?.length, 2 * 3);
    await opened;
  });

  it('a code lens and a code action sent with the hover wait for the analysis, and do not hold the hover back', async () => {
    const warm = fixtureUri('responsive-warm-2.tf');
    await server.open(warm, terraformRoles(1), 'terraform');
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: warm } });
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const uri = fixtureUri('responsive-lens.tf');
    const text = terraformRoles(2000);
    const at = text.lastIndexOf('iam:PassRole') + 5;
    const position = positionAt(text, at);
    const arrivals: string[] = [];
    const after: Record<string, number> = {};
    let sent = 0;
    let requests: Promise<unknown> | undefined;
    const track = <T>(name: string, request: Promise<T>) =>
      request.then((answer) => {
        after[name] = performance.now() - sent;
        arrivals.push(name);
        return answer;
      });
    server.beforeConfigurationAnswer = () => {
      server.beforeConfigurationAnswer = undefined;
      sent = performance.now();
      // As VS Code sends them on opening a file: the lenses, the actions at the cursor; then the user hovers.
      requests = Promise.all([
        track('codeLens', server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })),
        track(
          'codeAction',
          server.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri },
            range: { start: position, end: position },
            context: { diagnostics: [] },
          }),
        ),
        track('hover', server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })),
      ]);
    };
    await track('diagnostics', server.open(uri, text, 'terraform'));
    assert.ok(requests, 'the server asked for its settings');
    const [lenses, actions, hover] = (await requests) as [CodeLens[], CodeAction[], Hover | null];
    assert.equal(arrivals[0], 'hover', arrivals.join(', '));
    assert.match((hover?.contents as MarkupContent).value, /PassRole/);
    assert.ok(
      after.hover < after.diagnostics / 4,
      `hover after ${after.hover.toFixed(0)} ms, diagnostics after ${after.diagnostics.toFixed(0)} ms`,
    );
    // Both read the analysis the diagnostics came from: the lenses count every statement (more than
    // are shown lenses of, so one says so), the fixes are those of the finding at the cursor.
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command?.title ?? '', /its 4,000 statements are more than/);
    assert.ok(
      actions.some((a) => /Remove the IAM write actions/.test(a.title)),
      actions.map((a) => a.title).join('; '),
    );
    // A fix-all of a file this large is worked out when chosen: offered without its edit, resolved on request.
    const fixAll = actions.find((a) => a.title === 'Fix all allow-iam-write problems in this file') as CodeAction | undefined;
    assert.ok(fixAll && !fixAll.edit && fixAll.data, actions.map((a) => a.title).join('; '));
    const resolved = await server.connection.sendRequest(CodeActionResolveRequest.type, fixAll);
    const edits = resolved.edit?.changes?.[uri] ?? [];
    assert.ok(edits.length > 0, 'the resolved fix-all has its edits');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'terraform', 1, text), edits);
    assert.ok(!fixed.includes('"iam:PassRole"') && fixed.includes('"s3:GetObject"'));
  });

  it('answers a hover on a freshly opened large .tf before that file’s read ends, not after it', async () => {
    // The HCL grammar loads on the first .tf; then the settings are forgotten, so the next open asks again.
    const warm = fixtureUri('responsive-warm.tf');
    await server.open(warm, terraformRoles(1), 'terraform');
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: warm } });
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const uri = fixtureUri('responsive-main.tf');
    const text = terraformRoles(2000);
    assert.ok(text.length > 600_000);
    const position = positionAt(text, text.lastIndexOf('iam:PassRole') + 5);
    const arrivals: string[] = [];
    let sent = 0;
    let hoveredAfter = 0;
    let hovered: Promise<Hover | null> | undefined;
    server.beforeConfigurationAnswer = () => {
      server.beforeConfigurationAnswer = undefined;
      sent = performance.now();
      hovered = server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }).then((hover) => {
        hoveredAfter = performance.now() - sent;
        arrivals.push('hover');
        return hover;
      });
    };
    const published = await server.open(uri, text, 'terraform').then((diagnostics) => {
      arrivals.push('diagnostics');
      return diagnostics;
    });
    const publishedAfter = performance.now() - sent;
    assert.ok(hovered, 'the server asked for its settings');
    const hover = await hovered;
    assert.deepEqual(arrivals, ['hover', 'diagnostics']);
    assert.match((hover?.contents as MarkupContent).value, /PassRole/);
    // Most of the analysis is reading the file (parse and walk): a hover that waits for the read came
    // at 0.6 to 0.9 of the diagnostics' time; one answered between the read's slices comes at a few hundredths.
    assert.ok(
      hoveredAfter < publishedAfter / 4,
      `hover after ${hoveredAfter.toFixed(0)} ms, diagnostics after ${publishedAfter.toFixed(0)} ms: the hover waited for the read`,
    );
    await loadTerraformParser();
    const fileName = fileURLToPath(uri);
    forgetTerraformFile(fileName);
    const whole = analyzeFile(text, fileName).findings;
    forgetTerraformFile(fileName);
    assert.ok(whole.length >= 2000);
    assert.deepEqual(
      published.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
      whole.map((f) => `${f.rule}@${f.range.start.line}`),
    );
  });
});
