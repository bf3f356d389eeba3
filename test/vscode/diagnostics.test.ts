// Issue 6, in-process: the language server's diagnostics as VS Code holds them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, hasCodes, openDocument, waitForDiagnostics } from './support';

describe('diagnostics', () => {
  before(async () => {
    await activateExtension();
  });

  it('an Allow of "iam:*" gets allow-iam-write on the Action value and missing-iam-write-deny', async () => {
    const editor = await openDocument('policies', 'iam-star.json');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(
      uri,
      hasCodes('allow-iam-write', 'missing-iam-write-deny'),
      'allow-iam-write and missing-iam-write-deny',
    );
    const allow = diagnostics.find((d) => codeOf(d) === 'allow-iam-write')!;
    assert.equal(allow.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.getText(allow.range), /^"?iam:\*"?$/, 'the allow-iam-write squiggle sits on the Action value');
    const deny = diagnostics.find((d) => codeOf(d) === 'missing-iam-write-deny')!;
    assert.equal(deny.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('a trust policy without sts:ExternalId gets trust-missing-external-id on the Principal', async () => {
    const editor = await openDocument('policies', 'trust-no-external-id.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, hasCodes('trust-missing-external-id'), 'trust-missing-external-id');
    const finding = diagnostics.find((d) => codeOf(d) === 'trust-missing-external-id')!;
    assert.match(editor.document.getText(finding.range), /111122223333/, 'the squiggle sits on the Principal');
  });

  it('editing in the IAM-write Deny clears missing-iam-write-deny, live', async () => {
    const editor = await openDocument('policies', 'edit-live.json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, hasCodes('missing-iam-write-deny'), 'missing-iam-write-deny before the edit');
    const text = editor.document.getText();
    const end = text.lastIndexOf('}', text.lastIndexOf(']')); // the last statement's closing brace
    const deny = ',\n    { "Sid": "DenyIamWrite", "Effect": "Deny", "Action": "iam:*", "Resource": "*" }';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, editor.document.positionAt(end + 1), deny);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const after = await waitForDiagnostics(
        uri,
        (ds) => !ds.some((d) => codeOf(d) === 'missing-iam-write-deny'),
        'missing-iam-write-deny to disappear after the edit',
      );
      assert.ok(
        after.some((d) => codeOf(d) === 'allow-iam-write'),
        'the Allow of iam:* is still reported',
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
