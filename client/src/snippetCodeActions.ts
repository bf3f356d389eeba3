import * as vscode from 'vscode';
import { Middleware } from 'vscode-languageclient/node';
import { snippetEditsOf } from './snippetEdits';

/**
 * LSP 3.17 workspace edits cannot carry snippets, so quick fixes that insert a value for the user to
 * fill in (an ExternalId) arrive as plain text plus the snippet in CodeAction.data. This middleware
 * rebuilds their edit from SnippetTextEdits: the placeholder is then selected, ready to type over.
 */
export const snippetCodeActionsMiddleware: Middleware['provideCodeActions'] = async (document, range, context, token, next) => {
  const actions = await next(document, range, context, token);
  if (!actions) return actions;
  for (const action of actions) {
    if (!(action instanceof vscode.CodeAction)) continue;
    const edits = snippetEditsOf((action as vscode.CodeAction & { data?: unknown }).data);
    if (!edits) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.set(
      document.uri,
      edits.map((e) => {
        const snippetEdit = new vscode.SnippetTextEdit(
          new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
          new vscode.SnippetString(e.snippet),
        );
        // The server already indented the text like the document; re-indenting would double it.
        snippetEdit.keepWhitespace = true;
        return snippetEdit;
      }),
    );
    action.edit = edit;
  }
  return actions;
};
