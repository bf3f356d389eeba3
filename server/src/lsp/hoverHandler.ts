import { Connection, Hover, MarkupKind, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hover } from '../services/hover';
import { readerReady } from '../iac/hostFile';
import { DocumentScope, filePathOf } from './documentScope';

export function registerHoverHandler(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  scope: (document: TextDocument) => Promise<DocumentScope>,
): void {
  // The catalog details (descriptions, condition keys) are read on first use, by the first hover or
  // completion. Not warmed on a timer: parsing them blocks the server for tens of milliseconds,
  // and a document opened meanwhile waited that long for its diagnostics.
  connection.onHover(async (params): Promise<Hover | null> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const { enabled, language } = await scope(document);
    if (!enabled) return null;
    const fileName = filePathOf(document.uri) ?? document.uri;
    await readerReady(fileName, document.getText());
    const result = hover(document.getText(), document.offsetAt(params.position), { language, fileName });
    if (!result) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: result.markdown },
      range: { start: document.positionAt(result.start), end: document.positionAt(result.end) },
    };
  });
}
