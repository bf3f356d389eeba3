import { Catalog } from '../../catalog/catalog';
import { principalText } from '../../engine/accessPrincipals';
import { grantsNewAccess } from '../../linter/policyDiff';
import { plural } from '../../util/messages';
import { FileChange, diffJsonModel, iamWrites, isSummary, namedOnly, reviewGroups, shortList, whyOf } from './diffModel';

function title(fc: FileChange): string {
  const policy = fc.change.policy ? ` ${fc.change.policy}` : '';
  return `${fc.file}${policy} (${fc.change.status}, ${fc.change.kind})`;
}

/** The terminal report: per file what is newly allowed, IAM writes and principals first, then why. */
export function formatDiffText(catalog: Catalog, changes: readonly FileChange[]): string {
  const out: string[] = [];
  for (const fc of changes) {
    const { change } = fc;
    const d = change.delta;
    out.push(title(fc));
    const writes = iamWrites(catalog, change);
    if (!writes.added.isEmpty()) out.push(`  + IAM writes: ${shortList(catalog.names(writes.added), 8)}`);
    if (d.principalsAdded.length > 0) out.push(`  + principals: ${d.principalsAdded.map(principalText).join(', ')}`);
    const named = namedOnly(d.unknownAdded);
    if (named.unknown.length > 0) out.push(`  + unknown to the catalog: ${shortList(named.unknown)}`);
    if (named.deployTime.length > 0) out.push(`  + known only at deploy time: ${shortList(named.deployTime)}`);
    for (const g of reviewGroups(catalog, change)) {
      if (isSummary(g)) {
        const where = `${g.level} in ${plural(g.services.length, 'service')} (${shortList(g.services)})`;
        if (g.added.length > 0) out.push(`  + ${where}: ${plural(g.added.length, 'action')}`);
        if (g.broadened.length > 0) out.push(`  ~ ${where} (broadened): ${plural(g.broadened.length, 'action')}`);
        continue;
      }
      if (g.added.length > 0) out.push(`  + ${g.service} ${g.level}: ${shortList(g.added)}`);
      if (g.broadened.length > 0) out.push(`  ~ ${g.service} ${g.level} (broadened): ${shortList(g.broadened)}`);
    }
    for (const why of whyOf(catalog, fc))
      out.push(
        `    line ${why.line}, statement ${why.statement}: ${why.actions.length > 0 ? `${shortList(why.actions, 3)}: ` : ''}${why.why}`,
      );
    if (!d.removed.isEmpty())
      out.push(`  - ${plural(d.removed.count(), 'action')} no longer allowed: ${shortList(catalog.names(d.removed))}`);
    if (d.principalsRemoved.length > 0) out.push(`  - principals: ${d.principalsRemoved.map(principalText).join(', ')}`);
    for (const f of change.findingsAdded)
      out.push(`  ! ${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity}  ${f.message}  ${f.rule}`);
    for (const f of change.findingsResolved) out.push(`  ✓ resolved: ${f.message}  ${f.rule}`);
    if (!grantsNewAccess(change) && d.removed.isEmpty() && d.principalsRemoved.length === 0) out.push('  no change in access');
    out.push('');
  }
  out.push(summaryLine(catalog, changes));
  return out.join('\n') + '\n';
}

/** One line for the end of the text report and the top of the markdown one. */
export function summaryLine(catalog: Catalog, changes: readonly FileChange[]): string {
  const s = diffJsonModel(catalog, changes).summary;
  if (changes.length === 0) return 'No policy changed.';
  const files = plural(s.files, 'file');
  if (!s.newAccess)
    return `No new access in ${files}${s.grantsRemoved > 0 ? ` (${plural(s.grantsRemoved, 'action')} no longer allowed)` : ''}.`;
  const parts = [`${plural(s.grantsAdded, 'action')} added`];
  if (s.iamWritesAdded > 0) parts.push(plural(s.iamWritesAdded, 'IAM write'));
  if (s.broadened > 0) parts.push(`${s.broadened} broadened`);
  if (s.principalsAdded > 0) parts.push(plural(s.principalsAdded, 'new principal'));
  return `New access in ${files}: ${parts.join(', ')}.`;
}
