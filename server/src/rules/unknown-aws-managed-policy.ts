import { awsManagedPolicyIndex } from '../catalog/awsManagedPolicies';
import { editDistance } from '../catalog/suggest';
import { Fix, Rule } from '../engine/rule';
import { withThousands } from '../util/messages';

/** How far a name may be from a published one to be offered instead (as unknown-action's typos). */
const MAX_DISTANCE = 3;

const lastSegment = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The published paths closest to `path` (by name alone for a bare name), nearest first. */
function closest(paths: readonly string[], path: string, byName: boolean): string[] {
  const wanted = path.toLowerCase();
  const scored: Array<{ path: string; distance: number }> = [];
  for (const candidate of paths) {
    const distance = editDistance(wanted, (byName ? lastSegment(candidate) : candidate).toLowerCase(), MAX_DISTANCE);
    if (distance <= MAX_DISTANCE) scored.push({ path: candidate, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || (a.path < b.path ? -1 : 1))
    .slice(0, 3)
    .map((s) => (byName ? lastSegment(s.path) : s.path));
}

/**
 * A template that attaches an AWS managed policy AWS does not publish fails when it is deployed
 * ("Policy ... does not exist or is not attachable"), late in a pipeline. The commonest case is a
 * right name at the wrong path: `arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole` for
 * `.../policy/service-role/AWSLambdaBasicExecutionRole`: certain, an error. A name no policy has
 * may be one AWS published after the bundled list: a warning, with the closest names.
 */
export const unknownAwsManagedPolicy: Rule = {
  meta: {
    id: 'unknown-aws-managed-policy',
    severity: 'warning',
    category: 'catalog',
    description: 'A template attaches an AWS managed policy that AWS does not publish, by that ARN or name: the deployment fails.',
    appliesTo: [],
    template: true,
  },
  check({ awsManagedAttachments, catalog, report }) {
    const index = awsManagedAttachments?.length ? awsManagedPolicyIndex(catalog) : undefined;
    if (!index) return;
    const published = new Set(index.paths);
    const byName = new Map<string, string[]>();
    for (const path of index.paths) byName.set(lastSegment(path), [...(byName.get(lastSegment(path)) ?? []), path]);
    const seen = new Set<number>();
    for (const attachment of awsManagedAttachments ?? []) {
      // A Terraform attachment of several principals names the policy once.
      if (seen.has(attachment.offset)) continue;
      seen.add(attachment.offset);
      const { path } = attachment;
      const elsewhere = byName.get(lastSegment(path)) ?? [];
      if (attachment.byName ? elsewhere.length > 0 : published.has(path)) continue;
      if (!attachment.byName && elsewhere.length === 1) {
        report({
          offset: attachment.offset,
          length: attachment.length,
          severity: 'error',
          message:
            `No AWS managed policy is at policy/${path}: AWS publishes ${lastSegment(path)} at policy/${elsewhere[0]}, ` +
            'so attaching this ARN fails ("does not exist or is not attachable").',
          data: { written: path, suggestions: elsewhere },
        });
        continue;
      }
      const suggestions = closest(index.paths, path, attachment.byName === true);
      const named = attachment.byName ? `named ${path}` : `at policy/${path}`;
      report({
        offset: attachment.offset,
        length: attachment.length,
        message:
          `AWS publishes no managed policy ${named} (none of the ${withThousands(index.paths.length)} in ${index.source}): ` +
          `attaching it fails, unless AWS published it since.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ''}`,
        data: { written: path, suggestions },
      });
    }
  },
  fixes(finding, { text }) {
    const written = finding.data?.written;
    const suggestions = finding.data?.suggestions;
    if (typeof written !== 'string' || !Array.isArray(suggestions)) return [];
    // The name as written inside the ARN or the name the finding covers: after `policy/`, or whole.
    const span = text.slice(finding.offset, finding.offset + finding.length);
    const at = span.indexOf(`policy/${written}`);
    const start = at !== -1 ? at + 'policy/'.length : span.indexOf(written);
    if (start === -1) return [];
    return suggestions
      .filter((s): s is string => typeof s === 'string')
      .map((suggestion, i): Fix => ({
        title: `Attach ${suggestion}`,
        kind: 'quickfix',
        edits: [{ offset: finding.offset + start, length: written.length, newText: suggestion }],
        isPreferred: i === 0 && suggestions.length === 1,
      }));
  },
};
