import type { Node } from 'jsonc-parser';
import type { PolicyKind } from '../hostPolicy';
import { arrayNode, objectNode, propertyNode } from '../nodes';
import { HCL_STATEMENT_LISTS } from '../../engine/hclBlockLayout';

/**
 * The JSON policy a `data "aws_iam_policy_document"` renders, assembled from its blocks once a
 * syntax has read them: HCL (`policyDocumentData.ts`) and Terraform JSON (`policyDocumentJson.ts`)
 * share the provider's semantics here. Every node keeps the host's offsets.
 */

/** A source span: offset and length. */
export type Span = readonly [number, number];

/** The block attributes a statement takes as lists, and the policy element each renders. */
export const STATEMENT_LISTS = HCL_STATEMENT_LISTS;

/** Attributes merging other documents in: their statements are known only at deploy time. */
export const MERGED_DOCUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];

/** The smallest span holding every span. */
export function spanOf(spans: readonly Span[]): Span {
  const start = Math.min(...spans.map(([offset]) => offset));
  const end = Math.max(...spans.map(([offset, length]) => offset + length));
  return [start, end - start];
}

/** One `principals { type identifiers }` block, its values already policy nodes. */
export interface PrincipalBlock {
  type: Node;
  identifiers: Node;
}

/**
 * Principals blocks merged by type into `{"AWS": [...], "Service": [...]}`; one block of type `*`
 * with identifiers `["*"]` is `"*"`, as the provider renders it.
 */
export function principalValue(blocks: readonly PrincipalBlock[], span: Span): Node {
  if (blocks.length === 1) {
    const [{ type, identifiers }] = blocks;
    const only = identifiers.type === 'array' && identifiers.children?.length === 1 ? identifiers.children[0] : undefined;
    if (type.value === '*' && only?.value === '*') return only;
  }
  const byType = new Map<string, { key: Node; items: Node[]; list?: Node }>();
  for (const { type, identifiers } of blocks) {
    const name = String(type.value);
    const items = identifiers.type === 'array' ? (identifiers.children ?? []) : [identifiers];
    const entry = byType.get(name);
    if (entry) entry.items.push(...items);
    else byType.set(name, { key: type, items: [...items], list: identifiers.type === 'array' ? identifiers : undefined });
  }
  const properties: Node[] = [];
  for (const { key, items, list } of byType.values()) {
    const offset = list?.offset ?? items[0]?.offset ?? key.offset;
    const end = Math.max(offset, ...items.map((i) => i.offset + i.length), list ? list.offset + list.length : 0);
    properties.push(propertyNode(key, arrayNode(items, offset, end - offset)));
  }
  return objectNode(properties, span[0], span[1]);
}

/** One `condition { test variable values }` block, its values already policy nodes. */
export interface ConditionBlock {
  test: Node;
  variable: Node;
  /** Absent while being typed (Terraform requires it): the key then compares with nothing. */
  values: Node | undefined;
  /** The whole block, and the token an absent `values` is placed on. */
  span: Span;
  token: Span;
}

/** Condition blocks grouped by test into `{"StringEquals": {"key": values}}`. */
export function conditionValue(blocks: readonly ConditionBlock[], span: Span): Node {
  const byTest = new Map<string, { key: Node; keys: Node[]; spans: Span[] }>();
  for (const block of blocks) {
    // Terraform takes only strings here; a list or an object as the key (or the test) would be a
    // property whose key is no string, which no policy tree has and the rules cannot read.
    if (block.test.type !== 'string' || block.variable.type !== 'string') continue;
    const values = block.values ?? arrayNode([], block.token[0], block.token[1]);
    const keyValue = propertyNode(block.variable, values);
    const name = String(block.test.value);
    const entry = byTest.get(name);
    if (entry) {
      entry.keys.push(keyValue);
      entry.spans.push(block.span);
    } else byTest.set(name, { key: block.test, keys: [keyValue], spans: [block.span] });
  }
  const operators: Node[] = [];
  for (const entry of byTest.values()) {
    const [offset, length] = spanOf(entry.spans);
    operators.push(propertyNode(entry.key, objectNode(entry.keys, offset, length)));
  }
  return objectNode(operators, span[0], span[1]);
}

/** Whether the document reads as a trust policy: a principal allowed to assume a role. */
export function looksLikeTrust(tree: Node): boolean {
  const statements = tree.children?.find((p) => p.children?.[0].value === 'Statement')?.children?.[1];
  for (const statement of statements?.children ?? []) {
    const props = statement.children ?? [];
    const has = (name: string): Node | undefined => props.find((p) => p.children?.[0].value === name)?.children?.[1];
    const actions = has('Action');
    if (!has('Principal') || !actions) continue;
    const values = actions.type === 'array' ? (actions.children ?? []) : [actions];
    if (values.some((v) => typeof v.value === 'string' && /^sts:AssumeRole/i.test(v.value))) return true;
  }
  return false;
}

export function hasPrincipal(tree: Node): boolean {
  const statements = tree.children?.find((p) => p.children?.[0].value === 'Statement')?.children?.[1];
  return (statements?.children ?? []).some((s) => s.children?.some((p) => /^(Not)?Principal$/.test(String(p.children?.[0].value))));
}

/** The kind of the slot that uses the document, else what its content reads as. */
export function documentKind(tree: Node, usedAs: PolicyKind | undefined): PolicyKind {
  if (usedAs) return usedAs;
  if (looksLikeTrust(tree)) return 'trust';
  return hasPrincipal(tree) ? 'resource' : 'identity';
}
