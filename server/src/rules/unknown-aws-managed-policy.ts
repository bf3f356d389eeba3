import { awsManagedPolicyIndex, awsManagedPolicyName } from '../catalog/awsManagedPolicies';
import { suggestNames } from '../catalog/suggest';
import { Fix, Rule } from '../engine/rule';
import { withThousands } from '../util/messages';

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
    const seen = new Set<number>();
    for (const attachment of awsManagedAttachments ?? []) {
      // A Terraform attachment of several principals names the policy once.
      if (seen.has(attachment.offset)) continue;
      seen.add(attachment.offset);
      const { path } = attachment;
      const elsewhere = index.pathsByName.get(awsManagedPolicyName(path)) ?? [];
      if (attachment.byName ? elsewhere.length > 0 : index.has(path)) continue;
      if (!attachment.byName && elsewhere.length === 1) {
        report({
          offset: attachment.offset,
          length: attachment.length,
          severity: 'error',
          message:
            `No AWS managed policy is at policy/${path}: AWS publishes ${awsManagedPolicyName(path)} at policy/${elsewhere[0]}, ` +
            'so attaching this ARN fails ("does not exist or is not attachable").',
          data: { written: path, suggestions: elsewhere },
        });
        continue;
      }
      const suggestions = attachment.byName
        ? suggestNames(catalog, 'aws-managed-names', () => [...index.pathsByName.keys()], path)
        : suggestNames(catalog, 'aws-managed-paths', () => [...index.paths], path);
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
