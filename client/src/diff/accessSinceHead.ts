import { basename } from 'node:path';
import { Catalog, sharedCatalog } from '../../../server/src/catalog/catalog';
import { FileChange, iamWrites } from '../../../server/src/cli/format/diffModel';
import { formatDiffMarkdown } from '../../../server/src/cli/format/diffMarkdown';
import { PolicyInput, diffPolicies, grantsNewAccess, policiesOfFile } from '../../../server/src/linter/policyDiff';
import { plural } from '../../../server/src/util/messages';
import { CommittedText } from './committedText';

/** What the editor shows for a policy against its committed version. */
export interface AccessSinceHead {
  /** The code lens title, when the working copy allows something new: "+12 actions, +1 IAM write since HEAD". */
  lens?: string;
  /** The report the command opens. */
  markdown: string;
  newAccess: boolean;
}

/** The policies of a file's committed text: what the worker reads once per commit, not on every edit. */
export type CommittedPolicies = (file: string, text: string) => PolicyInput[];

const readPolicies: CommittedPolicies = (file, text) => policiesOfFile(text, file).policies;

/**
 * Compares the editor's text of a policy with its committed text, as `iamlp diff --base HEAD` does
 * for the file; plain so node tests cover it without VS Code.
 */
export function accessSinceHead(
  file: string,
  committed: CommittedText,
  text: string,
  catalog: Catalog = sharedCatalog(),
  committedPolicies: CommittedPolicies = readPolicies,
): AccessSinceHead {
  const name = basename(file);
  if (committed.kind === 'unavailable')
    return { markdown: `# Access added since HEAD\n\nNothing to compare ${name} with: ${committed.reason}.\n`, newAccess: false };
  const base = committed.kind === 'committed' ? committedPolicies(file, committed.text) : [];
  const head = policiesOfFile(text, file).policies;
  if (base.length === 0 && head.length === 0)
    return { markdown: `# Access added since HEAD\n\n${name} is not an IAM policy.\n`, newAccess: false };
  const changes: FileChange[] =
    committed.kind === 'committed' && committed.text === text
      ? []
      : diffPolicies(base, head, catalog).map((change) => ({ file: name, change }));
  const newAccess = changes.some((c) => grantsNewAccess(c.change));
  const intro = committed.kind === 'new' ? `${name} is not in HEAD yet: everything it allows is new.\n\n` : '';
  const markdown = `# Access added since HEAD: ${name}\n\n${intro}${changes.length === 0 ? 'No change since HEAD.\n' : formatDiffMarkdown(catalog, changes).replace(/^### IAM access changes\n\n/, '')}`;
  return { lens: newAccess ? lensTitle(catalog, changes) : undefined, markdown, newAccess };
}

function lensTitle(catalog: Catalog, changes: readonly FileChange[]): string {
  let actions = 0;
  let writes = 0;
  let principals = 0;
  for (const { change } of changes) {
    // Entries compared by name (unknown to the catalog, or known only at deploy time) count too:
    // an edit adding only such an entry adds access, and the lens said "+0 actions".
    actions += change.delta.added.count() + change.delta.broadened.count() + change.delta.unknownAdded.length;
    writes += iamWrites(catalog, change).added.count();
    principals += change.delta.principalsAdded.length;
  }
  const parts = [`+${plural(actions, 'action')}`];
  if (writes > 0) parts.push(`+${plural(writes, 'IAM write')}`);
  if (principals > 0) parts.push(`+${plural(principals, 'principal')}`);
  return `${parts.join(', ')} since HEAD`;
}
