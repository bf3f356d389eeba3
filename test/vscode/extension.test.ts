// The extension loads and activates in a real VS Code, and every command it contributes is registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, sdkLoadedAtActivation } from './support';

describe('extension in VS Code', () => {
  it('activates without error', async () => {
    const extension = await activateExtension();
    assert.equal(extension.isActive, true);
  });

  it('activates without loading the AWS SDK, which its first AWS call loads (dist/vendor-aws-sdk.js)', async () => {
    await activateExtension();
    assert.equal(sdkLoadedAtActivation, false);
  });

  it('registers every command it contributes', async () => {
    const extension = await activateExtension();
    const contributed: Array<{ command: string }> = extension.packageJSON.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
