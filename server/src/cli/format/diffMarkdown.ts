import { Catalog } from '../../catalog/catalog';
import { principalText } from '../../engine/accessPrincipals';
import { grantsNewAccess } from '../../linter/policyDiff';
import { plural, withThousands } from '../../util/messages';
import { FileChange, iamWrites, isSummary, namedOnly, reviewGroups, whyOf } from './diffModel';
import { summaryLine } from './diffText';

/** Markdown table cells: pipes and backticks in policy text must not break the table. */
function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
}

/** Prose from messages, safe in a comment: angle brackets would be read as HTML. */
function prose(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function codeList(names: readonly string[], shown = 4): string {
  if (names.length <= shown + 1) return names.map(code).join(', ');
  return `${names.slice(0, shown).map(code).join(', ')} and ${withThousands(names.length - shown)} more`;
}

/** GitHub refuses comments over 65,536 characters; the report stops well before. */
const MAX_COMMENT = 60000;

/** One file's section: what is newly allowed (IAM writes and principals first), why, what is gone. */
function section(catalog: Catalog, fc: FileChange): string[] {
  const { change } = fc;
  const d = change.delta;
  const out: string[] = [];
  const policy = change.policy ? ` › ${code(change.policy)}` : '';
  const icon = grantsNewAccess(change) ? '🔺' : '✅';
  out.push(`#### ${icon} ${code(fc.file)}${policy} (${change.status}, ${change.kind} policy)`, '');
  const writes = iamWrites(catalog, change);
  if (!writes.added.isEmpty()) out.push(`- **IAM writes added:** ${codeList(catalog.names(writes.added), 8)}`);
  if (d.principalsAdded.length > 0) out.push(`- **New principals:** ${d.principalsAdded.map((p) => code(principalText(p))).join(', ')}`);
  const named = namedOnly(d.unknownAdded);
  if (named.unknown.length > 0) out.push(`- **Actions the catalog does not know:** ${codeList(named.unknown)}`);
  if (named.deployTime.length > 0) out.push(`- **Actions known only at deploy time:** ${codeList(named.deployTime)}`);
  const groups = reviewGroups(catalog, change);
  if (groups.length > 0 || d.unknownAdded.length > 0) {
    if (out[out.length - 1] !== '') out.push('');
    if (groups.length > 0) {
      out.push('| Service | Access level | Added | Broadened |', '| --- | --- | --- | --- |');
      for (const g of groups) {
        if (isSummary(g)) {
          const count = (names: string[]) => (names.length > 0 ? plural(names.length, 'action') : '');
          out.push(
            `| ${plural(g.services.length, 'service')}: ${codeList(g.services)} | ${g.level} | ${count(g.added)} | ${count(g.broadened)} |`,
          );
        } else out.push(`| ${g.service} | ${g.level} | ${codeList(g.added)} | ${codeList(g.broadened)} |`);
      }
      out.push('');
    }
    out.push('<details><summary>Why this is new access</summary>', '');
    for (const w of whyOf(catalog, fc))
      out.push(
        `- line ${w.line}, statement ${code(w.statement)}: ${w.actions.length > 0 ? `${codeList(w.actions, 3)}: ` : ''}${prose(w.why)}`,
      );
    out.push('', '</details>', '');
  } else if (!grantsNewAccess(change)) out.push('No new access.', '');
  const gone = removedText(catalog, fc);
  if (gone) out.push(`Removed: ${gone}.`, '');
  if (change.findingsAdded.length > 0) {
    out.push(`**New findings (${change.findingsAdded.length}):**`, '');
    for (const f of change.findingsAdded) out.push(`- line ${f.range.start.line + 1}: ${f.severity} ${code(f.rule)}: ${prose(f.message)}`);
    out.push('');
  }
  if (change.findingsResolved.length > 0)
    out.push(`Resolved findings: ${change.findingsResolved.map((f) => code(f.rule)).join(', ')}.`, '');
  return out;
}

function removedText(catalog: Catalog, fc: FileChange): string | undefined {
  const d = fc.change.delta;
  const removed: string[] = [];
  if (!d.removed.isEmpty()) removed.push(`${plural(d.removed.count(), 'action')} no longer allowed: ${codeList(catalog.names(d.removed))}`);
  if (d.principalsRemoved.length > 0)
    removed.push(`principals no longer allowed: ${d.principalsRemoved.map((p) => code(principalText(p))).join(', ')}`);
  return removed.length > 0 ? removed.join('; ') : undefined;
}

/**
 * A pull-request comment a reviewer reads in ten seconds: one line of summary, then a section per
 * file that adds access or findings (new access first), the reasons folded away, and one line
 * each for the files that add nothing.
 */
export function formatDiffMarkdown(catalog: Catalog, changes: readonly FileChange[]): string {
  const out: string[] = ['### IAM access changes', '', `**${summaryLine(catalog, changes)}**`, ''];
  const detailed = changes.filter((c) => grantsNewAccess(c.change) || c.change.findingsAdded.length > 0);
  detailed.sort((a, b) => Number(grantsNewAccess(b.change)) - Number(grantsNewAccess(a.change)));
  const quiet = changes.filter((c) => !detailed.includes(c));
  let length = out.join('\n').length;
  let left = changes.length;
  const add = (lines: string[]): boolean => {
    const size = lines.join('\n').length + 1;
    if (length + size > MAX_COMMENT) return false;
    out.push(...lines);
    length += size;
    left--;
    return true;
  };
  for (const fc of detailed) if (!add(section(catalog, fc))) break;
  if (left === changes.length - detailed.length && quiet.length > 0) {
    out.push(detailed.length > 0 ? '**No new access in the other files:**' : '', '');
    for (const fc of quiet) {
      const gone = removedText(catalog, fc);
      const policy = fc.change.policy ? ` › ${code(fc.change.policy)}` : '';
      if (!add([`- ✅ ${code(fc.file)}${policy} (${fc.change.status}): no new access${gone ? `; ${gone}` : ''}`])) break;
    }
  }
  if (left > 0) out.push('', `…and ${plural(left, 'more file')}: the comment would be too long. Run \`iamlp diff\` for the whole report.`);
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
