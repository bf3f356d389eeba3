import * as vscode from 'vscode';

/**
 * Read-only markdown documents holding the reports a command opens (Verify Least Privilege, Show
 * Access Added Since HEAD), by path; `missing` is shown for a report no longer held.
 */
export class MarkdownReports implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly missing: string) {}

  set(uri: vscode.Uri, markdown: string): void {
    this.reports.set(uri.path, markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? this.missing;
  }
}
