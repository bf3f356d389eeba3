import type { Node } from 'jsonc-parser';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { PolicyKind } from '../hostPolicy';
import { arrayNode, objectNode, propertyNode, stringNode } from '../nodes';
import { HclContext, toPolicyNode, unknownNode } from './hclExpression';
import { BodyContent, HclBlock, readBody } from './hclBlocks';

/**
 * `data "aws_iam_policy_document"` blocks to the JSON policy they render: `statement` blocks with
 * sid, effect (Allow when absent), actions/not_actions, resources/not_resources,
 * principals/not_principals {type, identifiers} and condition {test, variable, values}. Nodes are
 * ranged on the HCL tokens; what the block fills in by itself (Version, the default Effect) is
 * ranged on the token that implies it. `dynamic` blocks and merged documents
 * (`source_policy_documents`, `override_policy_documents`) are values known only at deploy time.
 */

const STATEMENT_LISTS: ReadonlyArray<[string, string]> = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

const MERGED_DOCUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];

function key(name: string, token: SyntaxNode): Node {
  return stringNode(name, token.startIndex, token.endIndex - token.startIndex);
}

function span(nodes: readonly SyntaxNode[]): [number, number] {
  const start = nodes[0].startIndex;
  return [start, nodes[nodes.length - 1].endIndex - start];
}

export function policyDocumentTree(block: HclBlock, ctx: HclContext): Node {
  const content = readBody(block.body, ctx.text);
  const properties: Node[] = [];
  const nameToken = block.node.namedChildren.filter((c) => c?.type === 'string_lit')[1] ?? block.typeToken;
  const version = content.attributes.get('version');
  properties.push(
    version
      ? propertyNode(key('Version', version.nameToken), toPolicyNode(version.expression, ctx))
      : propertyNode(key('Version', nameToken), stringNode('2012-10-17', nameToken.startIndex, nameToken.endIndex - nameToken.startIndex)),
  );
  const policyId = content.attributes.get('policy_id');
  if (policyId) properties.push(propertyNode(key('Id', policyId.nameToken), toPolicyNode(policyId.expression, ctx)));

  const statements: Node[] = [];
  const statementTokens: SyntaxNode[] = [];
  for (const nested of content.blocks) {
    if (nested.type === 'statement') {
      statements.push(statementTree(nested, ctx));
      statementTokens.push(nested.node);
    } else if (nested.type === 'dynamic' && nested.labels[0] === 'statement') {
      statements.push(unknownNode(nested.node, ctx.text));
      statementTokens.push(nested.node);
    }
  }
  for (const name of MERGED_DOCUMENTS) {
    const merged = content.attributes.get(name);
    if (!merged) continue;
    statements.push(unknownNode(merged.node, ctx.text));
    statementTokens.push(merged.node);
  }
  if (statementTokens.length) {
    const [offset, length] = span(statementTokens);
    const first = statementTokens[0].child(0)!;
    properties.push(propertyNode(key('Statement', first), arrayNode(statements, offset, length)));
  }
  const body = block.body ?? block.node;
  return objectNode(properties, body.startIndex, body.endIndex - body.startIndex);
}

function statementTree(statement: HclBlock, ctx: HclContext): Node {
  const content = readBody(statement.body, ctx.text);
  const properties: Node[] = [];
  const sid = content.attributes.get('sid');
  if (sid) properties.push(propertyNode(key('Sid', sid.nameToken), toPolicyNode(sid.expression, ctx)));
  const effect = content.attributes.get('effect');
  const token = statement.typeToken;
  properties.push(
    effect
      ? propertyNode(key('Effect', effect.nameToken), toPolicyNode(effect.expression, ctx))
      : propertyNode(key('Effect', token), stringNode('Allow', token.startIndex, token.endIndex - token.startIndex)),
  );
  for (const [name, element] of STATEMENT_LISTS) {
    const attribute = content.attributes.get(name);
    if (attribute) properties.push(propertyNode(key(element, attribute.nameToken), toPolicyNode(attribute.expression, ctx)));
  }
  for (const [blockType, element] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principal = principalTree(content, blockType, ctx);
    if (principal) properties.push(propertyNode(key(element, principal.keyToken), principal.value));
  }
  const condition = conditionTree(content, ctx);
  if (condition) properties.push(propertyNode(key('Condition', condition.keyToken), condition.value));
  const node = statement.node;
  return objectNode(properties, node.startIndex, node.endIndex - node.startIndex);
}

interface Element {
  keyToken: SyntaxNode;
  value: Node;
}

function dynamicBlocks(content: BodyContent, type: string): HclBlock[] {
  return content.blocks.filter((b) => b.type === 'dynamic' && b.labels[0] === type);
}

/** `principals { type = "AWS" identifiers = [...] }` blocks, merged by type; `*` alone is `"*"`. */
function principalTree(content: BodyContent, blockType: string, ctx: HclContext): Element | undefined {
  const blocks = content.blocks.filter((b) => b.type === blockType);
  const dynamic = dynamicBlocks(content, blockType);
  if (dynamic.length) return { keyToken: dynamic[0].typeToken, value: unknownNode(dynamic[0].node, ctx.text) };
  if (blocks.length === 0) return undefined;
  const byType = new Map<string, { key: Node; items: Node[]; list?: Node }>();
  for (const block of blocks) {
    const fields = readBody(block.body, ctx.text).attributes;
    const type = fields.get('type');
    const identifiers = fields.get('identifiers');
    if (!type || !identifiers) continue;
    const typeNode = toPolicyNode(type.expression, ctx);
    const list = toPolicyNode(identifiers.expression, ctx);
    if (
      blocks.length === 1 &&
      typeNode.value === '*' &&
      list.type === 'array' &&
      list.children?.length === 1 &&
      list.children[0].value === '*'
    ) {
      return { keyToken: block.typeToken, value: list.children[0] };
    }
    const name = String(typeNode.value);
    const entry = byType.get(name);
    const items = list.type === 'array' ? (list.children ?? []) : [list];
    if (entry) entry.items.push(...items);
    else byType.set(name, { key: typeNode, items: [...items], list: list.type === 'array' ? list : undefined });
  }
  const properties: Node[] = [];
  for (const { key: typeKey, items, list } of byType.values()) {
    const offset = list?.offset ?? items[0]?.offset ?? typeKey.offset;
    const end = Math.max(offset, ...items.map((i) => i.offset + i.length), list ? list.offset + list.length : 0);
    properties.push(propertyNode(typeKey, arrayNode(items, offset, end - offset)));
  }
  const [offset, length] = span(blocks.map((b) => b.node));
  return { keyToken: blocks[0].typeToken, value: objectNode(properties, offset, length) };
}

/** `condition { test variable values }` blocks as `{test: {variable: values}}`. */
function conditionTree(content: BodyContent, ctx: HclContext): Element | undefined {
  const dynamic = dynamicBlocks(content, 'condition');
  if (dynamic.length) return { keyToken: dynamic[0].typeToken, value: unknownNode(dynamic[0].node, ctx.text) };
  const blocks = content.blocks.filter((b) => b.type === 'condition');
  if (blocks.length === 0) return undefined;
  const byTest = new Map<string, { key: Node; keys: Node[]; blocks: SyntaxNode[] }>();
  for (const block of blocks) {
    const fields = readBody(block.body, ctx.text).attributes;
    const test = fields.get('test');
    const variable = fields.get('variable');
    const values = fields.get('values');
    if (!test || !variable) continue;
    const testNode = toPolicyNode(test.expression, ctx);
    const name = String(testNode.value);
    // Terraform requires `values`; without it (still being typed) the key compares with nothing,
    // which the engine reports, and completion still finds the key.
    const valueNode = values
      ? toPolicyNode(values.expression, ctx)
      : arrayNode([], block.typeToken.startIndex, block.typeToken.endIndex - block.typeToken.startIndex);
    const keyValue = propertyNode(toPolicyNode(variable.expression, ctx), valueNode);
    const entry = byTest.get(name);
    if (entry) {
      entry.keys.push(keyValue);
      entry.blocks.push(block.node);
    } else byTest.set(name, { key: testNode, keys: [keyValue], blocks: [block.node] });
  }
  const operators: Node[] = [];
  for (const entry of byTest.values()) {
    const [offset, length] = span(entry.blocks);
    operators.push(propertyNode(entry.key, objectNode(entry.keys, offset, length)));
  }
  const [offset, length] = span(blocks.map((b) => b.node));
  return { keyToken: blocks[0].typeToken, value: objectNode(operators, offset, length) };
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

export function documentKind(tree: Node, usedAs: PolicyKind | undefined): PolicyKind {
  if (usedAs) return usedAs;
  if (looksLikeTrust(tree)) return 'trust';
  return hasPrincipal(tree) ? 'resource' : 'identity';
}
