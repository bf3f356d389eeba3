import { Catalog, RetiredEntry, splitAction } from '../catalog/catalog';
import { suggestActions, suggestServices } from '../catalog/suggest';
import { hasWildcard } from '../catalog/wildcard';
import { actionItems, matchItem } from '../engine/actionItems';
import { Rule } from '../engine/rule';

/**
 * Unknown names past this many in one document get no suggestions: each is compared with every
 * name of its service, and a generated policy of 60,000 unknown names took 13 s to check. A person
 * fixes typos from the first ones; the rest still get their finding.
 */
export const MAX_SUGGESTED_PER_DOCUMENT = 200;

function didYouMean(suggestions: string[]): string {
  return suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : '';
}

function retiredMessage(value: string, subject: string, retired: RetiredEntry): string {
  const seen = retired.lastSeen
    ? ` (${retired.lastSeen.package} ${retired.lastSeen.version} of ${retired.lastSeen.updatedAt?.slice(0, 10) ?? 'an earlier date'} still had it)`
    : '';
  return `"${value}": AWS has retired ${subject}. It is no longer in the Service Authorization Reference${seen}, so the entry grants and denies nothing: remove it.`;
}

/**
 * What to offer for an action of an unknown service, from the close services: the action as
 * written where it reaches something there (`ec3:DescribeInstances` → `ec2:DescribeInstances`,
 * `ec3:*` → `ec2:*`), else the close services' actions nearest to it (`ec3:DescribeInstancez`).
 * Never a name that matches nothing: its quick fix would only trade one unknown action for another.
 */
function servicesSuggestions(catalog: Catalog, services: string[], action: string): string[] {
  const reaching: string[] = [];
  for (const service of services) {
    const name = `${service}:${action}`;
    const match = catalog.match(name);
    if (match.kind === 'matched' && match.count > 0) reaching.push(catalog.action(name)?.fullName ?? name);
  }
  if (reaching.length > 0 || hasWildcard(action)) return reaching;
  return services.flatMap((service) => suggestActions(catalog, service, action, 1)).slice(0, 3);
}

/**
 * An action or pattern that reaches nothing: a typo grants nothing (and denies nothing, which is
 * worse in a Deny), so the closest real names are offered. Names AWS grants in its own managed
 * policies are not typos, documented or not; a retired service or action is told apart from a typo.
 */
export const unknownAction: Rule = {
  meta: {
    id: 'unknown-action',
    severity: 'warning',
    category: 'catalog',
    description: 'An action, pattern or service prefix matches nothing in the IAM action catalog.',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, catalog, report }) {
    let suggested = 0;
    const suggesting = () => suggested++ < MAX_SUGGESTED_PER_DOCUMENT;
    for (const statement of doc.statements) {
      for (const item of actionItems(statement)) {
        const match = matchItem(catalog, item);
        if (match.kind === 'malformed' || (match.kind === 'matched' && match.count > 0)) continue;
        const split = splitAction(item.value);
        // AWS grants it in its own managed policies: IAM knows it, documented or not (hover says so).
        if ('error' in split || catalog.undocumented(item.value)) continue;
        const retired =
          match.kind === 'unknown-service' ? catalog.retiredService(split.service) : catalog.retiredAction(split.service, split.action);
        if (retired) {
          const prefix = split.service.toLowerCase();
          const subject =
            match.kind === 'unknown-service' ? `${retired.serviceName} (${prefix})` : `this action of ${retired.serviceName} (${prefix})`;
          report({
            node: item.node,
            message: retiredMessage(item.value, subject, retired),
            severity: 'info',
            data: { suggestions: [] },
          });
          continue;
        }
        let suggestions: string[];
        let message: string;
        if (match.kind === 'unknown-service') {
          const services = hasWildcard(split.service) || !suggesting() ? [] : suggestServices(catalog, split.service);
          suggestions = servicesSuggestions(catalog, services, split.action);
          message =
            suggestions.length > 0
              ? `Unknown service prefix "${split.service}" in "${item.value}".${didYouMean(suggestions)}`
              : services.length > 0
                ? `Unknown service prefix "${split.service}" in "${item.value}", and no close service (${services.join(', ')}) ` +
                  `has an action like "${split.action}".`
                : `Service prefix "${split.service}" in "${item.value}" is not in the IAM action catalog ` +
                  `(data of ${catalog.source.updatedAt.slice(0, 10)}): a typo, or a service AWS has retired.`;
        } else {
          const service = catalog.service(split.service);
          const where = service ? `${service.name} (${service.prefix})` : `the services matching "${split.service}"`;
          suggestions = hasWildcard(split.action) || !service || !suggesting() ? [] : suggestActions(catalog, split.service, split.action);
          message = `"${item.value}" matches no action of ${where}.${didYouMean(suggestions)}`;
        }
        report({ node: item.node, message, data: { suggestions } });
      }
    }
  },
  fixes(finding) {
    const suggestions = Array.isArray(finding.data?.suggestions) ? (finding.data.suggestions as string[]) : [];
    return suggestions.map((s) => ({
      title: `Replace with "${s}"`,
      kind: 'quickfix',
      edits: [{ offset: finding.offset, length: finding.length, newText: JSON.stringify(s) }],
      isPreferred: suggestions.length === 1,
    }));
  },
};
