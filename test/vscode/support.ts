// Helpers for the in-process suite (runs inside VS Code's extension host, see index.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iam-least-privilege.iam-least-privilege';

/** The copy of test/vscode/workspace/ that the run opened. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the in-process suite needs the test workspace open (test/vscode/workspace)');
  return folder.uri;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** Whether the AWS SDK's bundle was loaded when the suite first activated the extension (undefined before). */
export let sdkLoadedAtActivation: boolean | undefined;

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  await extension.activate();
  // The extension and this suite share the extension host's module cache. The first suite file
  // (accessDiff) activates it before any test calls AWS, so this says what activation alone loads.
  sdkLoadedAtActivation ??= Object.keys(require.cache).some((file) => file.endsWith('vendor-aws-sdk.js'));
  return extension;
}

export async function openDocument(...segments: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  return vscode.window.showTextDocument(doc);
}

/** An untitled JSON document with `content` (for edits that must not touch the workspace files). */
export async function openUntitled(content: string, language = 'json'): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(doc);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * Resolves with the document's diagnostics once `ready` holds for them; waits on
 * onDidChangeDiagnostics (no fixed sleeps), rejects after `timeoutMs` with what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  ready: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (ready(current)) {
        finish();
        resolve(current);
        return true;
      }
      return false;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const current = vscode.languages.getDiagnostics(uri);
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} on ${path.basename(uri.path)}; diagnostics: ` +
            JSON.stringify(current.map((d) => ({ code: codeOf(d), message: d.message, line: d.range.start.line }))),
        ),
      );
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export function hasCodes(...codes: string[]) {
  return (diagnostics: vscode.Diagnostic[]) => codes.every((c) => diagnostics.some((d) => codeOf(d) === c));
}

/** The quick fixes VS Code offers for a range, through its own code action command. */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? []
  );
}

/**
 * Applies the quick fix at `range` whose title matches `title`, then waits until the document's
 * diagnostics satisfy `settled` (the finding gone, the file still parsing).
 */
export async function applyQuickFix(
  uri: vscode.Uri,
  range: vscode.Range,
  title: RegExp,
  settled: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<void> {
  const fix = (await quickFixes(uri, range)).find((a) => title.test(a.title));
  assert.ok(fix?.edit, `no quick fix ${title}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  await waitForDiagnostics(uri, settled, what);
}
