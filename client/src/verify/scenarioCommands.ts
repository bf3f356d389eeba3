import * as vscode from 'vscode';
import { POLICY_FILES, TEMPLATE_FILE } from '../../../server/src/scenario/baseline';
import { baselineTemplateFile, brokenTwinFile, ScenarioFile, scenarioPolicyFiles } from './scenarioContent';

/** The workspace's policies/ folder of the scenario, if it has one. */
async function workspacePoliciesFolder(): Promise<vscode.Uri | undefined> {
  const [found] = await vscode.workspace.findFiles(`**/policies/${POLICY_FILES.readOnly}`, '**/node_modules/**', 1);
  return found ? vscode.Uri.joinPath(found, '..') : undefined;
}

async function openUntitled(file: ScenarioFile): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: file.text });
  return vscode.window.showTextDocument(document, { preview: false });
}

async function openWorkspaceFile(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return true;
  } catch {
    return false;
  }
}

/** The walkthrough's helpers: open the scenario policies, a broken twin, the CloudFormation baseline. */
export function registerScenarioCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('iamLeastPrivilege.openScenarioPolicies', async () => {
      const folder = await workspacePoliciesFolder();
      for (const file of scenarioPolicyFiles()) {
        if (!(folder && (await openWorkspaceFile(vscode.Uri.joinPath(folder, file.name))))) await openUntitled(file);
      }
    }),
    vscode.commands.registerCommand('iamLeastPrivilege.openBrokenTwin', async () => openUntitled(brokenTwinFile())),
    vscode.commands.registerCommand('iamLeastPrivilege.openBaselineTemplate', async () => {
      const folder = await workspacePoliciesFolder();
      if (!(folder && (await openWorkspaceFile(vscode.Uri.joinPath(folder, TEMPLATE_FILE))))) await openUntitled(baselineTemplateFile());
    }),
  );
}
