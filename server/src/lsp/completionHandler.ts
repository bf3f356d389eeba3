import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  Connection,
  InsertTextFormat,
  MarkupKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionEntry, CompletionKind, complete } from '../services/completion';
import { readerReady } from '../iac/hostFile';
import { DocumentScope, filePathOf } from './documentScope';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  pattern: CompletionItemKind.Constant,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  snippet: CompletionItemKind.Snippet,
};

/** Characters that open a completion inside policy strings and objects. */
export const COMPLETION_TRIGGERS = ['"', ':', '*'];

function toItem(document: TextDocument, entry: CompletionEntry): CompletionItem {
  const range = { start: document.positionAt(entry.replace.start), end: document.positionAt(entry.replace.end) };
  const item: CompletionItem = {
    label: entry.label,
    kind: KINDS[entry.kind],
    textEdit: { range, newText: entry.insertText },
    insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (entry.description) item.labelDetails = { description: entry.description };
  if (entry.detail) item.detail = entry.detail;
  if (entry.documentation) item.documentation = { kind: MarkupKind.Markdown, value: entry.documentation };
  if (entry.filterText) item.filterText = entry.filterText;
  if (entry.sortText) item.sortText = entry.sortText;
  if (entry.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return item;
}

export function registerCompletionHandler(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  scope: (document: TextDocument) => Promise<DocumentScope>,
): void {
  connection.onCompletion(async (params): Promise<CompletionList | null> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const { enabled, language, forcePolicy, schemaCovered } = await scope(document);
    if (!enabled) return null;
    const fileName = filePathOf(document.uri) ?? document.uri;
    await readerReady(fileName, document.getText());
    const result = complete(document.getText(), document.offsetAt(params.position), {
      language,
      forcePolicy,
      schemaCovered,
      fileName,
    });
    if (result.items.length === 0) return null;
    return { isIncomplete: result.isIncomplete, items: result.items.map((e) => toItem(document, e)) };
  });
}
