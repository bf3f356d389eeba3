import { PolicyDocument } from '../engine/model';
import { parsePolicy } from '../engine/parse';
import { lastAnalysedDocument } from './analysisCache';

let last: { text: string; language: 'json' | 'jsonc'; doc: PolicyDocument } | undefined;

/**
 * The parsed policy of `text`, reusing the last parse when the text is the same: hover, code lens
 * and completion requests on one version of a document then parse it once, and the engine's
 * per-statement memo (statementActions) carries over between them.
 */
export function parsedPolicy(text: string, language: 'json' | 'jsonc' = 'json'): PolicyDocument {
  if (last && last.language === language && last.text === text) return last.doc;
  // Usually the diagnostics have just read this very text.
  const doc = lastAnalysedDocument(text, language) ?? parsePolicy(text, { language });
  last = { text, language, doc };
  return doc;
}
