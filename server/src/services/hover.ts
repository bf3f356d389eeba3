import { Catalog, sharedCatalog, splitAction } from '../catalog/catalog';
import { catalogDetails, serviceReferenceUrl } from '../catalog/details';
import { suggestActions, suggestServices } from '../catalog/suggest';
import { hasWildcard } from '../catalog/wildcard';
import { parseOperator } from '../engine/conditions';
import { PolicyDocument, StatementModel, StringItem } from '../engine/model';
import { MAX_DOCUMENT_LENGTH } from '../engine/limits';
import { statementActions } from '../engine/statementActions';
import { pathsReaching, pathsWithAction } from '../engine/escalation';
import { EscalationPath } from '../engine/escalationPaths';
import { describeCounts, groupedMarkdown, levelCounts } from './actionSummary';
import { statementAt } from './locate';
import { parsedPolicy, templateDocumentAt, templateDocuments } from './parseCache';
import { describeOperator } from './operatorDocs';

/** A hover, protocol-free: markdown and the [start, end) offsets of what it describes. */
export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

export interface HoverOptions {
  language?: 'json' | 'jsonc';
  catalog?: Catalog;
  /** The document's file name: a template's hover reads the policy under the cursor. */
  fileName?: string;
}

function within(node: { offset: number; length: number }, offset: number): boolean {
  return node.offset <= offset && offset < node.offset + node.length;
}

function range(node: { offset: number; length: number }): { start: number; end: number } {
  return { start: node.offset, end: node.offset + node.length };
}

/** "3 escalation paths (rule privilege-escalation): `a` (iam:X), ...": paths of the rule's table. */
function describePaths(paths: readonly EscalationPath[]): string {
  const shown = paths.slice(0, 5).map((p) => `\`${p.id}\` (${p.title})`);
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
  return `${paths.length} escalation path${paths.length === 1 ? '' : 's'} (rule privilege-escalation): ${shown.join(', ')}${more}.`;
}

/** Markdown for one action string of an Action or NotAction list. */
export function describeActionItem(catalog: Catalog, value: string, inNotAction: boolean): string {
  const match = catalog.match(value);
  if (match.kind === 'malformed') return `**${value}**: not an action (${match.reason}).`;
  const split = splitAction(value);
  const undocumented = match.kind === 'unknown-service' || match.count === 0 ? catalog.undocumented(value) : undefined;
  if (undocumented) {
    return (
      `**${value}**: not in the Service Authorization Reference (the catalog's data of ${catalog.source.updatedAt.slice(0, 10)}), ` +
      `but AWS grants \`${undocumented.name}\` in its own managed policies: ${undocumented.policies}.\n\n_Source: ${undocumented.source}._`
    );
  }
  if (match.kind === 'unknown-service') {
    const suggestions = 'error' in split ? [] : suggestServices(catalog, split.service);
    return (
      `**${value}**: the catalog has no service \`${match.service}\`.` +
      (suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '')
    );
  }
  const lines: string[] = [];
  if (!hasWildcard(value)) {
    const action = catalog.action(value);
    if (!action) {
      const suggestions = 'error' in split ? [] : suggestActions(catalog, split.service, split.action);
      return (
        `**${value}**: the catalog has no such action.` +
        (suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '')
      );
    }
    const service = catalog.service(action.service)!;
    const details = catalogDetails(catalog)?.action(action);
    lines.push(`**${action.fullName}** — ${action.level}`);
    if (details?.description) lines.push('', details.description);
    if (details && details.resourceTypes.length > 0) {
      lines.push(
        '',
        `**Resource types:** ${details.resourceTypes.map((r) => `\`${r.name}\`${r.required ? ' (required)' : ''}`).join(', ')}`,
      );
    }
    if (details && details.conditionKeys.length > 0) {
      lines.push('', `**Condition keys:** ${details.conditionKeys.map((k) => `\`${k}\``).join(', ')}`);
    }
    lines.push('', `[${service.name} in the Service Authorization Reference](${serviceReferenceUrl(service.name)})`);
    if (inNotAction) lines.push('', '_In NotAction: the statement applies to every action except this one._');
    const paths = pathsWithAction(catalog, action.fullName);
    if (paths.length > 0) lines.push('', `**Privilege escalation:** part of ${describePaths(paths)}`);
    return lines.join('\n');
  }
  const counts = levelCounts(catalog, match.set);
  lines.push(`**${value}** matches ${describeCounts(counts)}`);
  if (inNotAction) lines.push('', '_In NotAction: the statement applies to every action except these._');
  if (counts.total > 0) lines.push('', groupedMarkdown(catalog, match.set));
  const paths = counts.total > 0 ? pathsReaching(catalog, match.set) : [];
  if (paths.length > 0) lines.push('', `**Privilege escalation:** matches actions of ${describePaths(paths)}`);
  else lines.push('', 'No action of the catalog matches this pattern.');
  if (!('error' in split) && !hasWildcard(split.service)) {
    const service = catalog.service(split.service);
    if (service) lines.push('', `[${service.name} in the Service Authorization Reference](${serviceReferenceUrl(service.name)})`);
  }
  return lines.join('\n');
}

/** Markdown for a statement's NotAction element: what the statement reaches through it. */
function describeNotAction(catalog: Catalog, statement: StatementModel): string | undefined {
  const reached = statementActions(catalog, statement);
  if (!reached?.viaNotAction) return undefined;
  const counts = levelCounts(catalog, reached.set);
  const verb = statement.effect?.value === 'Deny' ? 'denies' : 'allows';
  return [
    `**NotAction**: this statement ${verb} every action except those listed: ${describeCounts(counts)}` +
      (statement.effect?.value === 'Allow' ? ', and every action AWS adds later.' : '.'),
    '',
    groupedMarkdown(catalog, reached.set, 5),
  ].join('\n');
}

function describeConditionKey(catalog: Catalog, key: string): string {
  const info = catalogDetails(catalog)?.conditionKey(key);
  if (!info) return `**${key}**: the catalog has no such condition key.`;
  const lines = [`**${key}** — ${info.type} condition key${info.global ? ' (global)' : ''}`];
  if (info.name.toLowerCase() !== key.toLowerCase()) lines.push('', `Matches \`${info.name}\`.`);
  if (info.description) lines.push('', info.description);
  if (info.advice) lines.push('', info.advice);
  const service = info.service ? catalog.service(info.service) : undefined;
  if (service) lines.push('', `[${service.name} in the Service Authorization Reference](${serviceReferenceUrl(service.name)})`);
  return lines.join('\n');
}

function itemAt(items: StringItem[] | undefined, offset: number): StringItem | undefined {
  return items?.find((item) => within(item.node, offset));
}

/** The hover at `offset` of a policy document's text, if the cursor is on something it explains. */
export function hover(text: string, offset: number, options: HoverOptions = {}): HoverResult | undefined {
  if (text.length > MAX_DOCUMENT_LENGTH) return undefined;
  const catalog = options.catalog ?? sharedCatalog();
  const embedded = templateDocuments(text, options.fileName, offset);
  const doc: PolicyDocument | undefined = embedded ? templateDocumentAt(embedded, offset)?.doc : parsedPolicy(text, options.language);
  if (!doc) return undefined;
  const statement = statementAt(doc, offset);
  if (!statement) return undefined;

  for (const [list, inNotAction] of [
    [statement.action, false],
    [statement.notAction, true],
  ] as const) {
    if (!list) continue;
    const item = itemAt(list.items, offset);
    if (item) return { markdown: describeActionItem(catalog, item.value, inNotAction), ...range(item.node) };
    const keyNode = list.property.children?.[0];
    if (inNotAction && keyNode && within(keyNode, offset)) {
      const markdown = describeNotAction(catalog, statement);
      if (markdown) return { markdown, ...range(keyNode) };
    }
  }

  for (const operator of statement.condition?.operators ?? []) {
    if (within(operator.operatorNode, offset)) {
      return { markdown: describeOperator(parseOperator(operator.operator)), ...range(operator.operatorNode) };
    }
    for (const key of operator.keys) {
      if (within(key.keyNode, offset)) return { markdown: describeConditionKey(catalog, key.key), ...range(key.keyNode) };
    }
  }
  return undefined;
}
