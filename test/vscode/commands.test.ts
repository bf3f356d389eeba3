// The product's commands, executed as the command palette would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, hasCodes, waitForDiagnostics } from './support';

describe('commands', () => {
  before(async () => {
    await activateExtension();
  });

  it('"Open Broken Twin" opens an untitled trust policy without ExternalId, and it is diagnosed', async () => {
    await vscode.commands.executeCommand('iamLeastPrivilege.openBrokenTwin');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.equal(editor.document.uri.scheme, 'untitled');
    assert.match(editor.document.getText(), /sts:AssumeRole/);
    assert.doesNotMatch(editor.document.getText(), /sts:ExternalId/);
    await waitForDiagnostics(editor.document.uri, hasCodes('trust-missing-external-id'), 'trust-missing-external-id on the broken twin');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
