import { ActionSet } from '../catalog/actionSet';
import { AccessLevel, Catalog } from '../catalog/catalog';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['Write', 'Permissions management', 'Tagging', 'Read', 'List'];

/** Write, Permissions management and Tagging change things; Read and List do not. */
export function isWriteLevel(level: AccessLevel): boolean {
  return level !== 'Read' && level !== 'List';
}

const levelSets = new WeakMap<Catalog, Map<AccessLevel, ActionSet>>();

/** Every catalog action of `level`, across services (computed once per catalog). */
function levelSet(catalog: Catalog, level: AccessLevel): ActionSet {
  let sets = levelSets.get(catalog);
  if (!sets) {
    sets = new Map(ACCESS_LEVELS.map((l) => [l, catalog.emptySet()]));
    for (const action of catalog.actions) sets.get(action.level)!.add(action.index);
    levelSets.set(catalog, sets);
  }
  return sets.get(level)!;
}

export interface LevelCounts {
  total: number;
  byLevel: Record<AccessLevel, number>;
  /** Write + Permissions management + Tagging. */
  write: number;
  /** Read + List. */
  readList: number;
}

/** How many of the set's actions have each access level: bitset intersections, no iteration. */
export function levelCounts(catalog: Catalog, set: ActionSet): LevelCounts {
  const byLevel = {} as Record<AccessLevel, number>;
  let write = 0;
  let readList = 0;
  for (const level of ACCESS_LEVELS) {
    const n = set.clone().retainAll(levelSet(catalog, level)).count();
    byLevel[level] = n;
    if (isWriteLevel(level)) write += n;
    else readList += n;
  }
  return { total: write + readList, byLevel, write, readList };
}

/** The set's action names grouped by access level, each group sorted. */
export function namesByLevel(catalog: Catalog, set: ActionSet): Map<AccessLevel, string[]> {
  const groups = new Map<AccessLevel, string[]>();
  for (const level of ACCESS_LEVELS) groups.set(level, []);
  for (const i of set.indexes()) {
    const action = catalog.actionAt(i);
    groups.get(action.level)!.push(action.fullName);
  }
  for (const names of groups.values()) names.sort();
  return groups;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** "34 actions: 0 write, 34 read/list". */
export function describeCounts(counts: LevelCounts): string {
  return `${plural(counts.total, 'action')}: ${counts.write.toLocaleString('en-US')} write, ${counts.readList.toLocaleString('en-US')} read/list`;
}

/**
 * Markdown: the set's actions grouped by access level with a count per level, each group showing
 * its first `perLevel` names in catalog order (long lists are truncated with "… and N more").
 * Counts come from bitset intersections and the names from one early-stopping pass, so a NotAction
 * reaching 20,000 actions costs no more than a pattern reaching twenty.
 */
export function groupedMarkdown(catalog: Catalog, set: ActionSet, perLevel = 8): string {
  const counts = levelCounts(catalog, set);
  const shown = new Map<AccessLevel, string[]>(ACCESS_LEVELS.map((l) => [l, []]));
  let missing = ACCESS_LEVELS.reduce((n, l) => n + Math.min(perLevel, counts.byLevel[l]), 0);
  for (const i of set.indexes()) {
    if (missing === 0) break;
    const action = catalog.actionAt(i);
    const names = shown.get(action.level)!;
    if (names.length < perLevel) {
      names.push(action.fullName);
      missing--;
    }
  }
  const lines: string[] = [];
  for (const level of ACCESS_LEVELS) {
    const total = counts.byLevel[level];
    if (total === 0) continue;
    const names = shown
      .get(level)!
      .map((n) => `\`${n}\``)
      .join(', ');
    const more = total > perLevel ? `, … and ${(total - perLevel).toLocaleString('en-US')} more` : '';
    lines.push(`- **${level}** (${total.toLocaleString('en-US')}): ${names}${more}`);
  }
  return lines.join('\n');
}
