import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { snippetCodeActionsMiddleware } from './snippetCodeActions';

let client: LanguageClient | undefined;

/** The running language client, for features that talk to the server (code lens refresh, commands). */
export function languageClient(): LanguageClient | undefined {
  return client;
}

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides by content (and the policyFiles globs) whether a JSON document is a policy;
    // every other document gets no diagnostics at all.
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'untitled', language: 'jsonc' },
      // Templates: CloudFormation/SAM YAML (and .template), Terraform whether or not an HCL
      // extension gives .tf files a language (terraform, hcl, or plain text by file name).
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', language: 'hcl' },
      { scheme: 'file', pattern: '**/*.tf' },
      { scheme: 'file', pattern: '**/*.template' },
    ],
    synchronize: {
      configurationSection: 'iamLeastPrivilege',
      // The project configuration: the server reloads it and re-checks open policies on change.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.iamlp.json'),
    },
    outputChannelName: 'IAM Least Privilege',
    middleware: { provideCodeActions: snippetCodeActionsMiddleware },
  };
  client = new LanguageClient('iamLeastPrivilege', 'IAM Least Privilege', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void stopLanguageClient() });
}

export async function stopLanguageClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
