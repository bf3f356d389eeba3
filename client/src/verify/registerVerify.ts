import * as vscode from 'vscode';
import { isCancelled } from '../../../server/src/aws/callLimits';
import { describeAwsError } from '../../../server/src/aws/errors';
import { createIamClient, principalArnProblem } from '../../../server/src/aws/iamSimulate';
import { verifyLeastPrivilege } from '../../../server/src/aws/verifyLeastPrivilege';
import { abortSignalOf } from '../cancellation';
import { getActiveSession } from '../session/activeSession';
import { registerScenarioCommands } from './scenarioCommands';
import { formatVerifyMarkdown } from './verifyMarkdown';
import { MarkdownReports } from '../markdownReports';
import { principalChoices, readVerifySettings, REPORT_SCHEME, reportPath, verifyConnection } from './verifySetup';

const LAST_PRINCIPAL = 'iamLeastPrivilege.verify.lastPrincipal';

async function pickPrincipal(context: vscode.ExtensionContext, arn?: string): Promise<string | undefined> {
  if (arn) return arn;
  const settings = readVerifySettings((key) => vscode.workspace.getConfiguration('iamLeastPrivilege').get(key));
  const choices = principalChoices(getActiveSession(), settings, context.globalState.get<string>(LAST_PRINCIPAL));
  const enter = async () =>
    vscode.window.showInputBox({
      title: 'Verify Least Privilege',
      prompt: 'The ARN of the IAM user, group or role to verify (iam:SimulatePrincipalPolicy, read-only)',
      placeHolder: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? principalArnProblem(value.trim()) : 'Enter an ARN'),
    });
  if (choices.length === 0) return (await enter())?.trim();
  const other = { label: '$(edit) Another principal…', description: 'enter an ARN', arn: '' };
  const picked = await vscode.window.showQuickPick([...choices, other], {
    title: 'Verify Least Privilege: which principal?',
    placeHolder: 'Every IAM write is simulated for this principal; no write call is made',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  return picked.arn || (await enter())?.trim();
}

/** "IAM: Verify Least Privilege" and the walkthrough's scenario commands. */
export function registerVerify(context: vscode.ExtensionContext): void {
  const documents = new MarkdownReports(
    '# Verify Least Privilege\n\nThis report is no longer available: run "IAM: Verify Least Privilege" again.\n',
  );
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, documents));
  registerScenarioCommands(context);

  context.subscriptions.push(
    vscode.commands.registerCommand('iamLeastPrivilege.verifyLeastPrivilege', async (arg?: string) => {
      const principalArn = await pickPrincipal(context, typeof arg === 'string' ? arg : undefined);
      if (!principalArn) return undefined;
      const problem = principalArnProblem(principalArn);
      if (problem) {
        void vscode.window.showErrorMessage(`Verify Least Privilege: ${problem}.`);
        return undefined;
      }
      await context.globalState.update(LAST_PRINCIPAL, principalArn);
      const settings = readVerifySettings((key) => vscode.workspace.getConfiguration('iamLeastPrivilege').get(key));
      try {
        const connection = verifyConnection(getActiveSession(), settings, process.env);
        const report = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Verifying ${principalArn} as ${connection.caller}`, cancellable: true },
          async (progress, token) => {
            // Cancel aborts the simulation call in flight and fails the ones after it.
            const client = createIamClient({ ...connection, limits: { ...connection.limits, signal: abortSignalOf(token) } });
            try {
              let reported = 0;
              return await verifyLeastPrivilege(client, {
                principalArn,
                profile: connection.profile,
                endpoint: connection.endpoint,
                onProgress: (done, total) => {
                  const percent = Math.round((done / total) * 100);
                  progress.report({ increment: percent - reported, message: `${done} of ${total} actions simulated` });
                  reported = percent;
                },
              });
            } finally {
              client.destroy();
            }
          },
        );
        const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: reportPath(principalArn) });
        documents.set(uri, formatVerifyMarkdown(report));
        try {
          await vscode.commands.executeCommand('markdown.showPreview', uri);
        } catch {
          await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
        }
        if (!report.ok) {
          void vscode.window.showWarningMessage(
            `${report.allowedWrites.length} IAM write action(s) are allowed for ${report.simulatedArn}: it is not least privilege.`,
          );
        }
        return report;
      } catch (err) {
        if (isCancelled(err)) return undefined;
        // An AwsFailure (every failure of the AWS layer) is already its sentence; anything else becomes one.
        void vscode.window.showErrorMessage(
          `Verify Least Privilege: ${describeAwsError(err, { operation: 'SimulatePrincipalPolicy', service: 'iam' })}`,
        );
        return undefined;
      }
    }),
  );
}
