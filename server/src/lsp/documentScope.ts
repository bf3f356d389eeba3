import { fileURLToPath } from 'node:url';
import { matchesGlob } from '../util/glob';
import { ServerSettings } from './settings';

/** How the server treats one document: whether it looks at it at all, and as what. */
export interface DocumentScope {
  /** `iamLeastPrivilege.enable` is on and no `excludeFiles` glob matches. */
  enabled: boolean;
  language: 'json' | 'jsonc';
  /** A `policyFiles` glob matches: a policy whatever its content. */
  forcePolicy: boolean;
}

function pathOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/** The same decision the diagnostics make, for the completion, hover and code lens handlers. */
export function documentScope(settings: ServerSettings, uri: string, languageId: string): DocumentScope {
  const path = pathOf(uri);
  return {
    enabled: settings.enable && !settings.excludeFiles.some((g) => matchesGlob(g, path)),
    language: languageId === 'jsonc' || path.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json',
    forcePolicy: settings.policyFiles.some((g) => matchesGlob(g, path)),
  };
}
