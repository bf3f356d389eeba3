import type { PolicyKind } from '../hostPolicy';

/**
 * Data documents merged into another (`source_policy_documents = [data.aws_iam_policy_document.base.json]`,
 * and `override_policy_documents`, `source_json`, `override_json`): the merged statements are part
 * of the policy the other renders. Each document is still judged on its own tree, where the merged
 * ones are a value known only at deploy time; what makes them one policy is that a part goes where
 * the whole goes: it takes the kind of the slot that uses the whole (unless a slot uses the part
 * itself), and it is attached to the principals the whole is attached to, so that a path split
 * between a part and the rest is found (engine/principalScope.ts). Only documents of the same file
 * are followed. An override that replaces a part's statement by its Sid is not modelled: the
 * replaced statement still counts among the principal's policies.
 */

/** `data.aws_iam_policy_document.NAME.json` (also `[0].json`, `.minified_json`) anywhere in an expression. */
const DATA_DOCUMENT_JSON = /\bdata\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?\.(?:minified_)?json\b/g;

/** The data documents an attribute's expression text names, in order, once each. */
export function mergedDocumentNames(expression: string): string[] {
  return [...new Set([...expression.matchAll(DATA_DOCUMENT_JSON)].map((m) => m[1]))];
}

const addressOf = (name: string) => `data.aws_iam_policy_document.${name}`;

/**
 * Gives each part (by name) the kind and the users of the documents it is merged into, through
 * parts of parts. `parts` maps a document's name to the names merged into it; `usage` and `users`
 * are the file's (kind by name, using resources by address), extended in place.
 */
export function shareWithParts(
  parts: ReadonlyMap<string, readonly string[]>,
  usage: Map<string, PolicyKind>,
  users: Map<string, string[]>,
): void {
  // A document merged into itself, directly or not, is an error Terraform reports; each round
  // spreads one level further, so as many rounds as documents reach every part.
  for (let round = 0; round <= parts.size; round++) {
    let changed = false;
    for (const [whole, names] of parts) {
      const kind = usage.get(whole);
      const wholeUsers = users.get(addressOf(whole)) ?? [];
      for (const part of names) {
        if (part === whole) continue;
        if (kind && !usage.has(part)) {
          usage.set(part, kind);
          changed = true;
        }
        const partUsers = users.get(addressOf(part)) ?? [];
        const added = wholeUsers.filter((user) => !partUsers.includes(user));
        if (added.length > 0) {
          users.set(addressOf(part), [...partUsers, ...added]);
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}
