import { fileURLToPath } from 'node:url';
import { matchesGlob } from '../util/glob';
import { JSON_VALIDATION } from './contributes';
import { ServerSettings } from './settings';

/** How the server treats one document: whether it looks at it at all, and as what. */
export interface DocumentScope {
  /** `iamLeastPrivilege.enable` is on and no `excludeFiles` glob matches. */
  enabled: boolean;
  language: 'json' | 'jsonc';
  /** A `policyFiles` glob matches: a policy whatever its content. */
  forcePolicy: boolean;
  /** A JSON Schema of package.json's jsonValidation applies (VS Code's JSON support uses it too). */
  schemaCovered: boolean;
}

/** Whether a file name falls under one of the contributed JSON Schemas (`!` globs exclude). */
export function schemaCovered(path: string): boolean {
  return JSON_VALIDATION.some(
    (entry) =>
      entry.fileMatch.some((g) => !g.startsWith('!') && matchesGlob(g, path)) &&
      !entry.fileMatch.some((g) => g.startsWith('!') && matchesGlob(g.slice(1), path)),
  );
}

/** The file system path of a `file:` URI; undefined for other schemes (untitled documents). */
export function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** The same decision the diagnostics make, for the completion, hover and code lens handlers. */
export function documentScope(settings: ServerSettings, uri: string, languageId: string): DocumentScope {
  const path = filePathOf(uri) ?? uri;
  return {
    enabled: settings.enable && !settings.excludeFiles.some((g) => matchesGlob(g, path)),
    language: languageId === 'jsonc' || path.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json',
    forcePolicy: settings.policyFiles.some((g) => matchesGlob(g, path)),
    // Schemas apply to .json files only: VS Code's jsonValidation does not reach JSONC documents.
    schemaCovered: languageId === 'json' && schemaCovered(path),
  };
}
