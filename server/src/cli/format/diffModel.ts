import { ActionSet } from '../../catalog/actionSet';
import { AccessLevel, Catalog } from '../../catalog/catalog';
import { principalText } from '../../engine/accessPrincipals';
import { Finding } from '../../engine/rule';
import { LineIndex } from '../../engine/lineIndex';
import { PolicyChange, grantsNewAccess } from '../../linter/policyDiff';
import { previewList } from '../../util/messages';

/** One policy change of one file, as every `iamlp diff` format sees it. */
export interface FileChange {
  /** The file as shown: relative to the working folder, or as given. */
  file: string;
  change: PolicyChange;
}

interface FindingJson {
  rule: string;
  severity: string;
  message: string;
  range: Finding['range'];
}

export interface ChangeJson {
  file: string;
  policy: string | null;
  status: PolicyChange['status'];
  kind: PolicyChange['kind'];
  grants: { added: string[]; removed: string[]; broadened: string[] };
  iamWrites: { added: string[]; removed: string[] };
  principals: { added: string[]; removed: string[] };
  findings: { added: FindingJson[]; resolved: FindingJson[] };
}

export interface WhyJson {
  file: string;
  policy: string | null;
  /** The HEAD statement granting it: its Sid, else its 1-based position. */
  statement: string;
  line: number;
  actions: string[];
  why: string;
}

export interface DiffJson {
  changes: ChangeJson[];
  summary: {
    files: number;
    newAccess: boolean;
    grantsAdded: number;
    grantsRemoved: number;
    broadened: number;
    iamWritesAdded: number;
    principalsAdded: number;
    principalsRemoved: number;
    findingsAdded: number;
    findingsResolved: number;
    /** Why each added or broadened action is new access, statement by statement. */
    why: WhyJson[];
  };
}

function findingJson(f: Finding): FindingJson {
  return { rule: f.rule, severity: f.severity, message: f.message, range: f.range };
}

/** IAM writes of the change: those added or broadened, and those removed. */
export function iamWrites(catalog: Catalog, change: PolicyChange): { added: ActionSet; removed: ActionSet } {
  const added = change.delta.added.clone().addAll(change.delta.broadened).retainAll(catalog.iamWrite);
  return { added, removed: change.delta.removed.clone().retainAll(catalog.iamWrite) };
}

/** The reasons of one change, with the statement and its line (1-based). */
export function whyOf(catalog: Catalog, fc: FileChange): WhyJson[] {
  const lines = new LineIndex(fc.change.document.text);
  return fc.change.delta.reasons.map((r) => ({
    file: fc.file,
    policy: fc.change.policy,
    statement: r.statement.sid ? r.statement.sid.value : `#${r.statement.index + 1}`,
    line: lines.positionAt(r.statement.node.offset).line + 1,
    actions: catalog.names(r.actions),
    why: r.why,
  }));
}

/** The `--format json` contract: the change fields exactly as issue 15 states them. */
export function diffJsonModel(catalog: Catalog, changes: readonly FileChange[]): DiffJson {
  const json: ChangeJson[] = changes.map(({ file, change }) => {
    const writes = iamWrites(catalog, change);
    return {
      file,
      policy: change.policy,
      status: change.status,
      kind: change.kind,
      grants: {
        // Names the catalog does not know come last, as written (see AccessDelta.unknownAdded).
        added: [...catalog.names(change.delta.added), ...change.delta.unknownAdded],
        removed: catalog.names(change.delta.removed),
        broadened: catalog.names(change.delta.broadened),
      },
      iamWrites: { added: catalog.names(writes.added), removed: catalog.names(writes.removed) },
      principals: { added: change.delta.principalsAdded.map(principalText), removed: change.delta.principalsRemoved.map(principalText) },
      findings: { added: change.findingsAdded.map(findingJson), resolved: change.findingsResolved.map(findingJson) },
    };
  });
  const sum = (f: (c: ChangeJson) => number) => json.reduce((n, c) => n + f(c), 0);
  return {
    changes: json,
    summary: {
      files: new Set(changes.map((c) => c.file)).size,
      newAccess: changes.some((c) => grantsNewAccess(c.change)),
      grantsAdded: sum((c) => c.grants.added.length),
      grantsRemoved: sum((c) => c.grants.removed.length),
      broadened: sum((c) => c.grants.broadened.length),
      iamWritesAdded: sum((c) => c.iamWrites.added.length),
      principalsAdded: sum((c) => c.principals.added.length),
      principalsRemoved: sum((c) => c.principals.removed.length),
      findingsAdded: sum((c) => c.findings.added.length),
      findingsResolved: sum((c) => c.findings.resolved.length),
      why: changes.flatMap((c) => whyOf(catalog, c)),
    },
  };
}

const LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

export interface AccessGroup {
  service: string;
  level: AccessLevel;
  added: string[];
  broadened: string[];
}

/**
 * Added and broadened actions grouped by service and access level, IAM writes first, then other
 * writes, then reads: the order a reviewer should look in.
 */
export function accessGroups(catalog: Catalog, change: PolicyChange): AccessGroup[] {
  const groups = new Map<string, AccessGroup>();
  const put = (set: ActionSet, field: 'added' | 'broadened') => {
    for (const i of set.indexes()) {
      const action = catalog.actionAt(i);
      const key = `${action.service}\0${action.level}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { service: action.service, level: action.level, added: [], broadened: [] }));
      group[field].push(action.fullName);
    }
  };
  put(change.delta.added, 'added');
  put(change.delta.broadened, 'broadened');
  const rank = (g: AccessGroup) => {
    const write = g.level !== 'Read' && g.level !== 'List';
    return (g.service === 'iam' && write ? 0 : write ? 10 : 20) + LEVEL_ORDER.indexOf(g.level);
  };
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** More groups than a reviewer reads, and more than a pull-request comment holds (65,536 characters). */
export const MAX_ACCESS_GROUPS = 12;

/** The services other than IAM of one access level, summed up: what a grant of `*` adds, in a few lines. */
export interface AccessSummary {
  level: AccessLevel;
  services: string[];
  added: string[];
  broadened: string[];
}

/**
 * accessGroups for a person to read: as they are up to MAX_ACCESS_GROUPS; past it (a grant of `*`
 * adds some 1,500), IAM's stay and every other service's are summed up per access level, in the
 * same order. The JSON output keeps every action.
 */
export function reviewGroups(catalog: Catalog, change: PolicyChange): Array<AccessGroup | AccessSummary> {
  const groups = accessGroups(catalog, change);
  if (groups.length <= MAX_ACCESS_GROUPS) return groups;
  const out: Array<AccessGroup | AccessSummary> = [];
  const byLevel = new Map<AccessLevel, AccessSummary>();
  for (const group of groups) {
    if (group.service === 'iam') {
      out.push(group);
      continue;
    }
    let summary = byLevel.get(group.level);
    if (!summary) {
      byLevel.set(group.level, (summary = { level: group.level, services: [], added: [], broadened: [] }));
      out.push(summary);
    }
    summary.services.push(group.service);
    summary.added.push(...group.added);
    summary.broadened.push(...group.broadened);
  }
  return out;
}

export function isSummary(group: AccessGroup | AccessSummary): group is AccessSummary {
  return 'services' in group;
}

/**
 * The entries compared by name (AccessDelta.unknownAdded), apart: names the catalog does not know,
 * and entries known only at deploy time (`${var.actions}`, `NotAction ${...}`).
 */
export function namedOnly(names: readonly string[]): { unknown: string[]; deployTime: string[] } {
  const deployTime = names.filter((name) => name.includes('${'));
  return { unknown: names.filter((name) => !name.includes('${')), deployTime };
}

/** "s3:GetObject, s3:GetObjectAcl and 12 more". */
export function shortList(names: readonly string[], shown = 4): string {
  return previewList(names, shown);
}
