import {
  CodeAction,
  CodeActionKind,
  CodeActionOptions,
  CodeActionParams,
  Connection,
  Diagnostic,
  TextDocuments,
  TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalyzeOptions } from '../engine/analyze';
import { snippetToPlain } from '../engine/edits';
import { Finding } from '../engine/rule';
import { FIX_ALL_KIND, FixAllFilter, QUICKFIX_KIND, codeActionsAt, fixAll } from '../services/codeActions';
import { toDiagnostic } from './diagnostics';
import { wholeFileReady } from './wholeFileReady';

/** A fix-all worked out when chosen: the document version it was offered for, and which fixes it applies. */
interface DeferredFixAllData {
  deferredFixAll: { uri: string; version: number; filter: FixAllFilter };
}

function deferredOf(data: unknown): DeferredFixAllData['deferredFixAll'] | undefined {
  const deferred = (data as Partial<DeferredFixAllData> | undefined)?.deferredFixAll;
  return deferred && typeof deferred.uri === 'string' && typeof deferred.version === 'number' ? deferred : undefined;
}

/** A snippet fix's edits in snippet syntax, carried in CodeAction.data for clients that can apply them. */
export interface SnippetEditData {
  range: TextEdit['range'];
  snippet: string;
}

/** The server capability: quick fixes, and source.fixAll for "fix on save". */
export const CODE_ACTION_PROVIDER: CodeActionOptions = {
  codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
  // A large file's fix-all actions are worked out when chosen (services/analysisCache.ts LARGE_FILE_FROM).
  resolveProvider: true,
};

function sameDiagnostic(finding: Finding, diagnostics: readonly Diagnostic[]): Diagnostic {
  const own = toDiagnostic(finding);
  // Prefer the client's own diagnostic object, so the editor links the fix to what it shows.
  return (
    diagnostics.find(
      (d) =>
        d.code === own.code &&
        d.range.start.line === own.range.start.line &&
        d.range.start.character === own.range.start.character &&
        d.range.end.line === own.range.end.line &&
        d.range.end.character === own.range.end.character,
    ) ?? own
  );
}

/**
 * Translates services/codeActions.ts into LSP: offsets into ranges, findings into the diagnostics
 * the client shows. Snippet fixes are sent as plain text (placeholders keep their default), since
 * LSP 3.17 workspace edits carry no snippets, with the snippet itself in the action's data.
 */
export function registerCodeActionHandler(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  optionsFor: (document: TextDocument) => Promise<AnalyzeOptions | undefined>,
  /** Whether an analysis of the document is scheduled or under way (services/validationQueue.ts isBusy). */
  analysisPending: (uri: string) => boolean = () => false,
): void {
  connection.onCodeAction(async (params: CodeActionParams, token): Promise<CodeAction[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const options = await optionsFor(document);
    if (!options) return [];
    const ready = await wholeFileReady(document, token, analysisPending);
    if (!ready) return [];
    const { text, fileName } = ready;
    const start = document.offsetAt(params.range.start);
    const end = document.offsetAt(params.range.end);
    const items = codeActionsAt(text, start, end, options, params.context.only, fileName, true);
    return items.map((item) => {
      const edits: TextEdit[] = item.edits.map((e) => ({
        range: { start: document.positionAt(e.offset), end: document.positionAt(e.offset + e.length) },
        newText: item.snippet ? snippetToPlain(e.newText) : e.newText,
      }));
      const action: CodeAction = {
        title: item.title,
        kind: item.kind === QUICKFIX_KIND ? CodeActionKind.QuickFix : FIX_ALL_KIND,
        edit: { changes: { [document.uri]: edits } },
      };
      // The client's middleware (client/src/snippetCodeActions.ts) turns these back into snippet
      // edits, so the placeholder is selected and a Tab away; other clients apply the plain text.
      if (item.snippet) {
        const snippetEdits: SnippetEditData[] = item.edits.map((e, i) => ({ range: edits[i].range, snippet: e.newText }));
        action.data = { snippetEdits };
      }
      if (item.deferred) {
        delete action.edit;
        action.data = {
          deferredFixAll: { uri: document.uri, version: document.version, filter: item.deferred },
        } satisfies DeferredFixAllData;
      }
      if (item.isPreferred) action.isPreferred = true;
      if (item.findings.length > 0) action.diagnostics = item.findings.map((f) => sameDiagnostic(f, params.context.diagnostics));
      return action;
    });
  });

  connection.onCodeActionResolve(async (action: CodeAction, token): Promise<CodeAction> => {
    const deferred = deferredOf(action.data);
    if (!deferred) return action;
    const document = documents.get(deferred.uri);
    // Offered for another version (or a closed file): no edit, rather than one computed on other text.
    if (!document || document.version !== deferred.version) return action;
    const options = await optionsFor(document);
    if (!options) return action;
    const ready = await wholeFileReady(document, token, analysisPending);
    if (!ready) return action;
    const { text, fileName } = ready;
    const all = fixAll(text, options, deferred.filter, fileName);
    if (all.edits.length > 0) {
      action.edit = {
        changes: {
          [document.uri]: all.edits.map((e) => ({
            range: { start: document.positionAt(e.offset), end: document.positionAt(e.offset + e.length) },
            newText: e.newText,
          })),
        },
      };
    }
    return action;
  });
}
