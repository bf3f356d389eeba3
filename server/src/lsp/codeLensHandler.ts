import { CodeLens, Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analysisSettled } from '../services/analysisCache';
import { statementLenses } from '../services/codeLens';
import { PrincipalScope } from '../engine/principalScope';
import { DocumentScope, filePathOf } from './documentScope';

/** One lens per statement with what it grants or denies; informational (no command to run). */
export function registerCodeLensHandler(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  scope: (document: TextDocument) => Promise<DocumentScope>,
  principals: (document: TextDocument) => readonly PrincipalScope[] = () => [],
): void {
  connection.onCodeLens(async (params, token): Promise<CodeLens[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const { enabled, language, forcePolicy } = await scope(document);
    if (!enabled) return [];
    const text = document.getText();
    const fileName = filePathOf(document.uri) ?? document.uri;
    // During a sliced analysis of this version the lenses come from it when it ends (hovers are answered meanwhile).
    await analysisSettled(text, fileName);
    if (token.isCancellationRequested) return [];
    return statementLenses(text, {
      language,
      forcePolicy,
      fileName,
      principals: principals(document),
    }).map((lens) => {
      const position = document.positionAt(lens.offset);
      return { range: { start: position, end: position }, command: { title: lens.title, command: '' } };
    });
  });
}
