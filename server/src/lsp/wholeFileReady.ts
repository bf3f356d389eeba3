import { CancellationToken } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readerReady } from '../iac/hostFile';
import { analysisSettled } from '../services/analysisCache';
import { filePathOf } from './documentScope';

/**
 * Before a request that reads every policy of a document (code lenses, code actions, a fix-all's
 * resolve): its reader loaded (the HCL parser, on the first .tf), and a large file's analysis in,
 * waited for rather than made here in one block, so hovers are answered meanwhile. The document's
 * text and file name, or undefined when the client cancelled the request meanwhile.
 */
export async function wholeFileReady(
  document: TextDocument,
  token: CancellationToken,
  analysisPending: (uri: string) => boolean,
): Promise<{ text: string; fileName: string } | undefined> {
  const text = document.getText();
  const fileName = filePathOf(document.uri) ?? document.uri;
  await readerReady(fileName, text);
  await analysisSettled(text, fileName, { pending: () => analysisPending(document.uri), cancelled: () => token.isCancellationRequested });
  return token.isCancellationRequested ? undefined : { text, fileName };
}
