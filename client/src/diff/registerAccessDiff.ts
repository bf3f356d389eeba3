import * as vscode from 'vscode';
import { AccessDiffRunner } from './accessDiffRunner';
import { AccessSinceHead } from './accessSinceHead';
import { CommittedText, committedText } from './committedText';
import { DIFF_FILE_PATTERNS, DIFF_LANGUAGES, isDiffCandidate } from './diffDocuments';
import { MarkdownReports } from '../markdownReports';

const SHOW_COMMAND = 'iamLeastPrivilege.showAccessAddedSinceHead';
const REPORT_SCHEME = 'iamlp-access-diff';

/** Policy files and templates (diffDocuments.ts); what holds no policy gets no lens. */
function isPolicyCandidate(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && isDiffCandidate(document.languageId, document.uri.fsPath);
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('iamLeastPrivilege').get<boolean>('enable') !== false;
}

function compare(
  runner: AccessDiffRunner,
  document: vscode.TextDocument,
  committed = committedText(document.uri.fsPath),
): Promise<AccessSinceHead> {
  return runner.compare(document.uri.fsPath, committed, document.getText());
}

/** "+12 actions, +1 IAM write since HEAD" above a policy that allows something its committed version did not. */
class AccessLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new Map<string, { version: number; result: Promise<AccessSinceHead> }>();
  /** The committed text per file, read once until something may have moved HEAD: typing does not run git. */
  private readonly committed = new Map<string, Promise<CommittedText>>();

  constructor(private readonly runner: AccessDiffRunner) {}

  refresh(): void {
    this.cache.clear();
    this.committed.clear();
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isPolicyCandidate(document) || !enabled()) return [];
    const key = document.uri.toString();
    let entry = this.cache.get(key);
    if (!entry || entry.version !== document.version) {
      let committed = this.committed.get(key);
      if (!committed) this.committed.set(key, (committed = committedText(document.uri.fsPath)));
      entry = { version: document.version, result: compare(this.runner, document, committed) };
      this.cache.set(key, entry);
    }
    let lens: string | undefined;
    try {
      ({ lens } = await entry.result);
    } catch {
      // The comparison failed (its worker stopped): no lens, and the command says why.
      return [];
    }
    if (!lens) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: lens, command: SHOW_COMMAND, arguments: [document.uri] })];
  }
}

/** "IAM: Show Access Added Since HEAD" and its code lens. */
export function registerAccessDiff(context: vscode.ExtensionContext): void {
  const reports = new MarkdownReports('# Access added since HEAD\n\nRun "IAM: Show Access Added Since HEAD" again.\n');
  const runner = new AccessDiffRunner();
  const lens = new AccessLens(runner);
  context.subscriptions.push(
    runner,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.languages.registerCodeLensProvider(
      [
        ...DIFF_LANGUAGES.map((language) => ({ scheme: 'file', language })),
        ...DIFF_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
      ],
      lens,
    ),
    // A commit or checkout changes HEAD without touching the editor's text.
    vscode.workspace.onDidSaveTextDocument(() => lens.refresh()),
    vscode.window.onDidChangeWindowState((state) => state.focused && lens.refresh()),
    vscode.commands.registerCommand(SHOW_COMMAND, async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('Show Access Added Since HEAD: open a policy file first.');
        return undefined;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      let result: AccessSinceHead;
      try {
        result = await compare(runner, document);
      } catch (err) {
        void vscode.window.showErrorMessage(`Show Access Added Since HEAD: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
      const reportUri = vscode.Uri.from({
        scheme: REPORT_SCHEME,
        path: `/Access Added Since HEAD - ${uri.path.split('/').pop() ?? 'policy'}.md`,
      });
      reports.set(reportUri, result.markdown);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', reportUri);
      } catch {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), { preview: true });
      }
      return result;
    }),
  );
}
