import type { Node } from 'jsonc-parser';
import type { HostParse, HostPolicy, PolicyKind } from '../hostPolicy';
import { movedPolicy } from '../movedPolicy';
import { movedTree } from '../nodes';
import type { TerraformResource } from './attachments';

/** A `data "aws_iam_policy_document"` block read; its kind waits for how the file uses it. */
export interface DataDocument {
  address: string;
  name: string;
  variants: Node[];
  /** The data documents of the file merged into it (mergedDocuments.ts), by name. */
  parts: string[];
}

/** A policy slot that uses a data document (`data.aws_iam_policy_document.NAME.json`). */
export interface DataReference {
  name: string;
  kind: PolicyKind;
  resource: string;
}

/**
 * What reading one top-level block of a `.tf` contributed to the file's parse. Reading a block
 * depends on its own text only (the file's folder aside, which is the same file's), so a block
 * whose text is unchanged in the next version contributes the same, moved by how far it moved:
 * walking the tree through WebAssembly is most of the cost of a large file, and an edit changes
 * one block of thousands.
 */
export interface BlockContribution {
  /** The block's offset when it was read. */
  start: number;
  policies: HostPolicy[];
  dataDocuments: DataDocument[];
  dataReferences: DataReference[];
  resources: TerraformResource[];
  referencedFiles: HostParse['referencedFiles'];
}

export function emptyContribution(start: number): BlockContribution {
  return { start, policies: [], dataDocuments: [], dataReferences: [], resources: [], referencedFiles: [] };
}

/** A contribution read at another offset, at `start`: its trees and spans moved, its policies unattached. */
export function movedContribution(contribution: BlockContribution, start: number): BlockContribution {
  const delta = start - contribution.start;
  const trees = (variants: Node[]) => variants.map((root) => movedTree(root, delta));
  return {
    start,
    // Without attachedTo, the file's to decide (attachTerraformPolicies) from every block.
    policies: contribution.policies.map((policy) => movedPolicy(policy, delta)),
    dataDocuments: contribution.dataDocuments.map((d) => ({ ...d, variants: trees(d.variants) })),
    dataReferences: contribution.dataReferences,
    resources: contribution.resources.map((r) => ({ ...r, offsets: new Map([...r.offsets].map(([name, at]) => [name, at + delta])) })),
    referencedFiles: contribution.referencedFiles.map((f) => ({ ...f, offset: f.offset + delta })),
  };
}

/** The blocks read in the last version of each recently parsed file, by their text. */
const memos = new Map<string, Map<string, BlockContribution>>();
const MAX_FILES = 4;

export function blockMemoOf(fileName: string): ReadonlyMap<string, BlockContribution> | undefined {
  return memos.get(fileName);
}

export function keepBlockMemo(fileName: string, memo: Map<string, BlockContribution>): void {
  memos.delete(fileName);
  memos.set(fileName, memo);
  for (const oldest of memos.keys()) {
    if (memos.size <= MAX_FILES) break;
    memos.delete(oldest);
  }
}

export function forgetBlockMemo(fileName: string): void {
  memos.delete(fileName);
}
