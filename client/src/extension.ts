import * as vscode from 'vscode';
import type { IamLeastPrivilegeApi } from './api';
import { startLanguageClient, stopLanguageClient } from './languageClient';
import { registerVerify } from './verify/registerVerify';
import { registerAccessDiff } from './diff/registerAccessDiff';
import { registerAssumeRoleEventsView } from './events/eventsView';
import { registerRoleSession } from './session/registerRoleSession';

/**
 * Activation wires each feature from its own module; a feature module exports one
 * `register...(context)` function and owns its commands, views and status bar items.
 * The returned object is the extension's public API (`extension.exports`), documented in api.ts.
 */
export async function activate(context: vscode.ExtensionContext): Promise<IamLeastPrivilegeApi> {
  const assumeRoleEvents = registerAssumeRoleEventsView(context);
  registerRoleSession(context);
  registerVerify(context);
  registerAccessDiff(context);
  await startLanguageClient(context);
  return { version: 1, assumeRoleEvents };
}

export async function deactivate(): Promise<void> {
  await stopLanguageClient();
}
