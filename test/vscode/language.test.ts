// Completion and hover from the language server, through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openDocument } from './support';

/** Re-asks `ask` until `ready` holds (the server may still be starting), at most `timeoutMs`. */
async function until<T>(ask: () => Thenable<T>, ready: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('completion and hover', () => {
  before(async () => {
    await activateExtension();
  });

  it('completes IAM action names from the catalog inside an Action string', async () => {
    const editor = await openDocument('policies', 'catalog-lookup.json');
    const text = editor.document.getText();
    const position = editor.document.positionAt(text.indexOf('"iam:GetUs"') + '"iam:GetUs'.length);
    const list = await until(
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position),
      (l) => l.items.some((i) => labelOf(i) === 'iam:GetUser'),
      'iam:GetUser among the completions',
    );
    const item = list.items.find((i) => labelOf(i) === 'iam:GetUser')!;
    assert.equal(item.kind, vscode.CompletionItemKind.Function);
    assert.ok(list.items.filter((i) => labelOf(i).startsWith('iam:')).length > 100, 'the whole iam service is offered');
  });

  it('hovers an IAM action with its access level and catalog description', async () => {
    const editor = await openDocument('policies', 'catalog-lookup.json');
    const position = editor.document.positionAt(editor.document.getText().indexOf('iam:GetUser') + 6);
    const hovers = await until(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position),
      (h) => hoverText(h).includes('iam:GetUser'),
      'a hover naming iam:GetUser',
    );
    const text = hoverText(hovers);
    assert.match(text, /\*\*iam:GetUser\*\* — Read/);
    assert.match(text, /retrieve information about the specified IAM user/);
  });
});
