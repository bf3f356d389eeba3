// The extension loads and activates in a real VS Code, and every command it contributes is registered.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGE_SERVER_V8_FLAGS } from '../../server/src/lsp/v8Flags';
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

describe('language server process', () => {
  it('runs with the V8 flags the engine is measured under (LANGUAGE_SERVER_V8_FLAGS)', async function () {
    if (!existsSync('/proc/self/cmdline')) this.skip(); // the process table is read from Linux's /proc
    const extension = await activateExtension();
    const serverModule = join(extension.extensionPath, 'dist', 'server.js');
    const commandLines: string[][] = [];
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (args.includes(serverModule)) commandLines.push(args);
      } catch {
        // The process ended while the table was read.
      }
    }
    assert.ok(commandLines.length > 0, `no process runs ${serverModule}`);
    for (const args of commandLines) {
      for (const flag of LANGUAGE_SERVER_V8_FLAGS) assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
    }
  });
});
