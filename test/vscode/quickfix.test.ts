// Quick fixes through VS Code's own code action command: the IAM-write Deny and the ExternalId
// Condition.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, hasCodes, openDocument, waitForDiagnostics, quickFixes } from './support';

async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('quick fixes', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the fix of missing-iam-write-deny adds the Deny statement and the problem goes away', async () => {
    const editor = await openDocument('policies', 'quickfix-deny.json');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, hasCodes('missing-iam-write-deny'), 'missing-iam-write-deny');
    const finding = diagnostics.find((d) => codeOf(d) === 'missing-iam-write-deny')!;
    const actions = await quickFixes(uri, finding.range);
    const fix = actions.find((a) => /denying every IAM write action/.test(a.title));
    assert.ok(fix, `no Deny quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    await applyAction(fix);
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'missing-iam-write-deny'), 'missing-iam-write-deny to go away');
    const text = editor.document.getText();
    const policy = JSON.parse(text) as { Statement: Array<{ Sid?: string; Effect: string; Resource?: unknown; Condition?: unknown }> };
    const deny = policy.Statement.find((s) => s.Sid === 'DenyIamWrite');
    assert.ok(deny, `no DenyIamWrite statement in:\n${text}`);
    assert.equal(deny.Effect, 'Deny');
    assert.equal(deny.Resource, '*');
    assert.equal(deny.Condition, undefined);
  });

  it('the fix of trust-missing-external-id adds an sts:ExternalId Condition', async () => {
    const editor = await openDocument('policies', 'quickfix-trust.json');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, hasCodes('trust-missing-external-id'), 'trust-missing-external-id');
    const finding = diagnostics.find((d) => codeOf(d) === 'trust-missing-external-id')!;
    const actions = await quickFixes(uri, finding.range);
    const fix = actions.find((a) => /ExternalId/.test(a.title));
    assert.ok(fix, `no ExternalId quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    await applyAction(fix);
    await waitForDiagnostics(
      uri,
      (ds) => !ds.some((d) => codeOf(d) === 'trust-missing-external-id'),
      'trust-missing-external-id to go away',
    );
    assert.match(editor.document.getText(), /"Condition"\s*:\s*\{\s*"StringEquals"\s*:\s*\{\s*"sts:ExternalId"/);
  });
});
