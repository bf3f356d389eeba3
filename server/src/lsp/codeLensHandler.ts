import { CodeLens, Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readerReady } from '../iac/hostFile';
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
  /** Whether an analysis of the document is scheduled or under way (services/validationQueue.ts isBusy). */
  analysisPending: (uri: string) => boolean = () => false,
): void {
  connection.onCodeLens(async (params, token): Promise<CodeLens[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const { enabled, language, forcePolicy } = await scope(document);
    if (!enabled) return [];
    const text = document.getText();
    const fileName = filePathOf(document.uri) ?? document.uri;
    // The lenses of a large file come from its analysis when it has run (hovers are answered meanwhile).
    await readerReady(fileName, text);
    await analysisSettled(text, fileName, { pending: () => analysisPending(document.uri), cancelled: () => token.isCancellationRequested });
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
