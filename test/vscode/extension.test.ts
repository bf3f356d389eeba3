// The extension loads and activates in a real VS Code, and every command it contributes is registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './support';

describe('extension in VS Code', () => {
  it('activates without error', async () => {
    const extension = await activateExtension();
    assert.equal(extension.isActive, true);
  });

  it('registers every command it contributes', async () => {
    const extension = await activateExtension();
    const contributed: Array<{ command: string }> = extension.packageJSON.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
