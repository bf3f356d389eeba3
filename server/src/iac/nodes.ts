import type { Node, NodeType } from 'jsonc-parser';
import type { DeployTime, MarkedNode } from '../engine/deployTime';
import { HclBlockLayout, movedHclBlockLayout } from '../engine/hclBlockLayout';
import type { YamlLayout } from '../engine/yamlLayout';

/**
 * Builders of the jsonc-parser-shaped trees adapters hand to the engine. Offsets and lengths are
 * the host file's; children get their parent links when their container is made.
 */
type Building = { -readonly [K in keyof MarkedNode]: MarkedNode[K] } & { yaml?: YamlLayout; hcl?: HclBlockLayout };

function make(type: NodeType, offset: number, length: number, value: unknown, children?: Node[]): Building {
  // Every node has every field an adapter may set (the deploy-time mark, the YAML and HCL layouts): one
  // hidden class for all, as engine/fastTree.ts does for policy files.
  const node: Building = {
    type,
    offset,
    length,
    parent: undefined,
    children,
    value,
    colonOffset: undefined,
    deployTime: undefined,
    yaml: undefined,
    hcl: undefined,
  };
  if (children) for (const child of children) (child as Building).parent = node;
  return node;
}

export function stringNode(value: string, offset: number, length: number, deployTime?: DeployTime): Node {
  const node = make('string', offset, length, value);
  if (deployTime) node.deployTime = deployTime;
  return node;
}

/** A number, boolean or null as the host wrote it. */
export function scalarNode(value: number | boolean | null, offset: number, length: number): Node {
  return make(value === null ? 'null' : typeof value === 'number' ? 'number' : 'boolean', offset, length, value);
}

export function arrayNode(items: Node[], offset: number, length: number): Node {
  return make('array', offset, length, undefined, items);
}

/** A key and its value; the property spans from the key's start to the value's end. */
export function propertyNode(key: Node, value: Node, colonOffset?: number): Node {
  const end = Math.max(key.offset + key.length, value.offset + value.length);
  const node = make('property', key.offset, end - key.offset, undefined, [key, value]);
  if (colonOffset !== undefined) node.colonOffset = colonOffset;
  return node;
}

export function objectNode(properties: Node[], offset: number, length: number): Node {
  return make('object', offset, length, undefined, properties);
}

/** A value known only at deploy time, spanning the host text that computes it. */
export function deployTimeNode(value: string, offset: number, length: number, source: string, partial = false, mayBeNull = false): Node {
  return stringNode(value, offset, length, mayBeNull ? { source, partial, mayBeNull } : { source, partial });
}

/**
 * A copy of a built tree `delta` characters further on: an unchanged part of a template that an edit
 * before it moved (iac/terraform/blockMemo.ts, iac/cloudformation/yamlVersions.ts). Deploy-time
 * marks are position-free and shared; a YAML layout gets `text`, the file's new text, which its
 * edits read.
 */
export function movedTree(node: Node, delta: number, text?: string): Node {
  const source = node as Building;
  const children = source.children?.map((child) => movedTree(child, delta, text));
  const copy = make(source.type, source.offset + delta, source.length, source.value, children);
  if (source.colonOffset !== undefined) copy.colonOffset = source.colonOffset + delta;
  copy.deployTime = source.deployTime;
  copy.yaml = source.yaml && text !== undefined ? { ...source.yaml, source: text } : source.yaml;
  copy.hcl = movedHclBlockLayout(source.hcl, delta);
  return copy;
}
