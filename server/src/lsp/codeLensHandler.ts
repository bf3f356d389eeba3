import { CodeLens, Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { statementLenses } from '../services/codeLens';
import { PrincipalScope } from '../engine/principalScope';
import { DocumentScope } from './documentScope';
import { wholeFileReady } from './wholeFileReady';

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
    const ready = await wholeFileReady(document, token, analysisPending);
    if (!ready) return [];
    const { text, fileName } = ready;
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
