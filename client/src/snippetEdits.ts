/** A snippet edit as the language server sends it in CodeAction.data (see server/src/lsp/codeActionHandler.ts). */
export interface SnippetEditData {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  snippet: string;
}

function isPosition(value: unknown): value is { line: number; character: number } {
  const p = value as { line?: unknown; character?: unknown } | undefined;
  return typeof p?.line === 'number' && typeof p?.character === 'number';
}

/** The snippet edits in a code action's data, or undefined when it carries none (or anything malformed). */
export function snippetEditsOf(data: unknown): SnippetEditData[] | undefined {
  const edits = (data as { snippetEdits?: unknown } | undefined)?.snippetEdits;
  if (!Array.isArray(edits) || edits.length === 0) return undefined;
  for (const e of edits) {
    const edit = e as Partial<SnippetEditData>;
    if (typeof edit.snippet !== 'string' || !isPosition(edit.range?.start) || !isPosition(edit.range?.end)) return undefined;
  }
  return edits as SnippetEditData[];
}
