import type { Node } from 'jsonc-parser';
import { propertyOf } from '../../engine/parse';
import { changedSpan } from '../../util/strings';
import { yamlLayoutOf } from '../../engine/yamlLayout';
import type { HostParse } from '../hostPolicy';
import { movedPolicy, unattached } from '../movedPolicy';
import { movedTree } from '../nodes';
import { fastYamlTree } from '../yaml/fastYamlTree';
import { readYamlTree } from '../yaml/yamlTree';
import { attachPolicies } from './attachments';
import { propertyValue as valueOf } from './intrinsics';
import { ResourceRead, readCloudFormation, readResource } from './template';

/**
 * A CloudFormation YAML template read version after version (the language server): an edit inside
 * one resource re-reads that resource's lines alone and keeps every other resource as the last
 * version read it, moved by how far its text moved. Parsing the whole YAML was most of what an
 * edit of a large template cost. The lines of a resource are read on their own only when that is
 * exactly what the whole file would give: the last version parsed without error, neither version
 * has anchors, aliases, merge keys or document markers, and the re-read lines hold one entry with
 * the same logical id at the same column. Anything else is read whole.
 */

/** One entry of `Resources`: its lines, from its key's line to the next entry's. */
interface Region {
  id: string;
  start: number;
  end: number;
  read: ResourceRead | undefined;
}

interface Version {
  text: string;
  regions: Region[];
}

const versions = new Map<string, Version>();
const MAX_FILES = 4;

/** Anchors (`&a`), aliases (`*a`) and merge keys (`<<:`) tie one part of a file to another; document markers split it. */
const ENTANGLED = /(?:^|[\s[{,])[&*][^\s,\]}]|<<\s*:|^(?:---|\.\.\.)(?:\s|$)/m;

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

export function readCloudFormationYaml(text: string, fileName: string): HostParse {
  const previous = versions.get(fileName);
  const regions = previous ? regionsAfterEdit(previous, text) : undefined;
  if (regions) {
    keep(fileName, { text, regions });
    return assemble(regions);
  }
  const tree = readYamlTree(text);
  const whole = tree.errors.length === 0 && tree.root ? regionsOf(text, tree.root) : undefined;
  if (!whole) {
    versions.delete(fileName);
    return readCloudFormation(text, 'yaml', tree.root, tree.errors);
  }
  keep(fileName, { text, regions: whole });
  return assemble(whole);
}

export function forgetCloudFormationYaml(fileName: string): void {
  versions.delete(fileName);
}

function keep(fileName: string, version: Version): void {
  versions.delete(fileName);
  versions.set(fileName, version);
  for (const oldest of versions.keys()) {
    if (versions.size <= MAX_FILES) break;
    versions.delete(oldest);
  }
}

/** The file's policies from its resources, attached to its principals, as readCloudFormation gives them. */
function assemble(regions: readonly Region[]): HostParse {
  const reads = regions.flatMap((r) => (r.read ? [r.read] : []));
  // attachedTo is the file's to decide, from every resource: each version gets its own policy objects.
  const policies = reads.flatMap((r) => r.policies.map(unattached));
  return { format: 'cloudformation-yaml', policies, errors: [], referencedFiles: [], ...attachPolicies(reads, policies) };
}

/** The regions of a template that can be re-read resource by resource; undefined when it cannot. */
function regionsOf(text: string, root: Node): Region[] | undefined {
  if (root.type !== 'object' || ENTANGLED.test(text)) return undefined;
  const resourcesProperty = propertyOf(root, 'Resources');
  const resources = valueOf(resourcesProperty);
  if (!resourcesProperty || resources?.type !== 'object' || !yamlLayoutOf(resources)?.block) return undefined;
  const entries = resources.children ?? [];
  if (entries.length === 0) return undefined;
  // The last entry runs to the next top-level key's line, or to the end of the file.
  const next = root.children?.[root.children.indexOf(resourcesProperty) + 1];
  const end = next ? lineStart(text, next.offset) : text.length;
  const column = entries[0].offset - lineStart(text, entries[0].offset);
  const regions: Region[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const start = lineStart(text, entry.offset);
    if (entry.offset - start !== column) return undefined;
    const regionEnd = i + 1 < entries.length ? lineStart(text, entries[i + 1].offset) : end;
    regions.push({ id: String(entry.children?.[0]?.value), start, end: regionEnd, read: readResource(text, entry, 'yaml') });
  }
  return regions;
}

/**
 * The regions of `text` when it differs from the previous version inside one resource's lines and
 * those lines read on their own as that same resource; undefined otherwise.
 */
function regionsAfterEdit(previous: Version, text: string): Region[] | undefined {
  const old = previous.text;
  if (old === text) return previous.regions;
  const { start, beforeEnd: oldEnd } = changedSpan(old, text);
  const delta = text.length - old.length;
  const index = previous.regions.findIndex((r) => r.start <= start && start < r.end && oldEnd <= r.end);
  if (index === -1) return undefined;
  const region = previous.regions[index];
  const end = region.end + delta;
  // The edit may have joined the resource's last line to the next one's: its lines end at a line break.
  if (end < text.length && text.charCodeAt(end - 1) !== 10) return undefined;
  const lines = text.slice(region.start, end);
  if (ENTANGLED.test(lines)) return undefined;
  let local: Node | undefined;
  try {
    local = fastYamlTree(lines);
  } catch {
    return undefined; // an error the whole file's reader reports, with its recovery
  }
  if (!local || !readsAlone(local, lines)) return undefined;
  const entry = local.type === 'object' && local.children?.length === 1 ? local.children[0] : undefined;
  const key = entry?.children?.[0];
  // The same resource, its key still first on the first line, at the column of the others.
  const firstLine = lines.indexOf('\n');
  const onFirstLine = firstLine === -1 || key === undefined || key.offset < firstLine;
  if (!entry || !key || String(key.value) !== region.id || !onFirstLine || key.offset !== textColumn(old, region)) return undefined;
  const placed = movedTree(entry, region.start, text);
  // Every other resource as it was read, moved by the edit when after it, its trees naming the new text.
  return previous.regions.map((other, i) =>
    i === index
      ? { id: region.id, start: region.start, end, read: readResource(text, placed, 'yaml') }
      : movedRegion(other, i > index ? delta : 0, text),
  );
}

/**
 * Whether a resource's lines read on their own placed every node inside them, each flow collection
 * between its own brackets. The fast YAML reader places an empty key at the start of its text and
 * looks for a flow collection's closing bracket after its last entry: where a node depends on text
 * beyond the resource so (`[a: b]`, a compact mapping without brackets), the whole file is read.
 */
function readsAlone(node: Node, lines: string): boolean {
  if (node.offset <= 0 || node.offset + node.length > lines.length) return false;
  const layout = yamlLayoutOf(node);
  if (layout && !layout.block) {
    const [open, close] = node.type === 'object' ? ['{', '}'] : ['[', ']'];
    if (lines[node.offset] !== open || lines[node.offset + node.length - 1] !== close) return false;
  }
  return (node.children ?? []).every((child) => readsAlone(child, lines));
}

/** The column of a region's key in the text it was read from. */
function textColumn(text: string, region: Region): number {
  let i = region.start;
  while (text.charCodeAt(i) === 32) i++;
  return i - region.start;
}

function movedRegion(region: Region, delta: number, text: string): Region {
  const read = region.read;
  return {
    id: region.id,
    start: region.start + delta,
    end: region.end + delta,
    read: read && {
      id: read.id,
      type: read.type,
      // Read by the attachments for its values only: not moved.
      properties: read.properties,
      policies: read.policies.map((policy) => movedPolicy(policy, delta, text)),
    },
  };
}
