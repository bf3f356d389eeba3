import * as vscode from 'vscode';
import { startLanguageClient, stopLanguageClient } from './languageClient';
import { registerVerify } from './verify/registerVerify';
import { registerAssumeRoleEventsView } from './events/eventsView';
import { registerRoleSession } from './session/registerRoleSession';

/**
 * Activation wires each feature from its own module; a feature module exports one
 * `register...(context)` function and owns its commands, views and status bar items.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  registerAssumeRoleEventsView(context);
  registerRoleSession(context);
  registerVerify(context);
  await startLanguageClient(context);
}

export async function deactivate(): Promise<void> {
  await stopLanguageClient();
}
