import type { Node } from 'jsonc-parser';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { setHclBlockLayout } from '../../engine/hclBlockLayout';
import { arrayNode, objectNode, propertyNode, stringNode } from '../nodes';
import {
  ConditionBlock,
  MERGED_DOCUMENTS,
  PrincipalBlock,
  STATEMENT_LISTS,
  Span,
  conditionValue,
  principalValue,
} from './dataDocumentShape';
import { HclContext, toPolicyNode, unknownNode } from './hclExpression';
import { BodyContent, HclBlock, readBody } from './hclBlocks';

/**
 * `data "aws_iam_policy_document"` blocks to the JSON policy they render: `statement` blocks with
 * sid, effect (Allow when absent), actions/not_actions, resources/not_resources,
 * principals/not_principals {type, identifiers} and condition {test, variable, values}. Nodes are
 * ranged on the HCL tokens; what the block fills in by itself (Version, the default Effect) is
 * ranged on the token that implies it. A `dynamic "statement"` block is read as the statement its
 * `content` makes; other `dynamic` blocks and merged documents (`source_policy_documents`,
 * `override_policy_documents`) are values known only at deploy time.
 * How blocks combine (principals by type, conditions by test) is dataDocumentShape.ts's, shared
 * with the Terraform JSON form.
 */

function key(name: string, token: SyntaxNode): Node {
  return stringNode(name, token.startIndex, token.endIndex - token.startIndex);
}

function span(nodes: readonly SyntaxNode[]): Span {
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
      const content = dynamicContent(nested, ctx);
      statements.push(content ? statementTree(content, ctx) : unknownNode(nested.node, ctx.text));
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
    const list = arrayNode(statements, offset, length);
    setHclBlockLayout(list, { kind: 'statements', after: offset + length, start: statementTokens[statementTokens.length - 1].startIndex });
    properties.push(propertyNode(key('Statement', first), list));
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
  const tree = objectNode(properties, node.startIndex, node.endIndex - node.startIndex);
  setHclBlockLayout(tree, { kind: 'statement', close: node.endIndex - 1 });
  return tree;
}

interface Element {
  keyToken: SyntaxNode;
  value: Node;
}

/**
 * The `content` block of a `dynamic "statement"`: every statement the block makes says what it
 * says, with the iterator's values (`statement.value`) known only at deploy time. Read as one
 * statement: judging the content once judges each copy, and a module's `for_each` may be empty in
 * one use and not in the next, as a `count` may. Undefined without one (a block being typed).
 */
function dynamicContent(dynamic: HclBlock, ctx: HclContext): HclBlock | undefined {
  return readBody(dynamic.body, ctx.text).blocks.find((b) => b.type === 'content');
}

function dynamicBlocks(content: BodyContent, type: string): HclBlock[] {
  return content.blocks.filter((b) => b.type === 'dynamic' && b.labels[0] === type);
}

/** `principals { type = "AWS" identifiers = [...] }` blocks, merged by type (dataDocumentShape.ts). */
function principalTree(content: BodyContent, blockType: string, ctx: HclContext): Element | undefined {
  const blocks = content.blocks.filter((b) => b.type === blockType);
  const dynamic = dynamicBlocks(content, blockType);
  if (dynamic.length) return { keyToken: dynamic[0].typeToken, value: unknownNode(dynamic[0].node, ctx.text) };
  if (blocks.length === 0) return undefined;
  const principals: PrincipalBlock[] = [];
  for (const block of blocks) {
    const fields = readBody(block.body, ctx.text).attributes;
    const type = fields.get('type');
    const identifiers = fields.get('identifiers');
    if (type && identifiers) {
      principals.push({ type: toPolicyNode(type.expression, ctx), identifiers: toPolicyNode(identifiers.expression, ctx) });
    }
  }
  return { keyToken: blocks[0].typeToken, value: principalValue(principals, span(blocks.map((b) => b.node))) };
}

/** `condition { test variable values }` blocks as `{test: {variable: values}}`. */
function conditionTree(content: BodyContent, ctx: HclContext): Element | undefined {
  const dynamic = dynamicBlocks(content, 'condition');
  if (dynamic.length) return { keyToken: dynamic[0].typeToken, value: unknownNode(dynamic[0].node, ctx.text) };
  const blocks = content.blocks.filter((b) => b.type === 'condition');
  if (blocks.length === 0) return undefined;
  const conditions: ConditionBlock[] = [];
  for (const block of blocks) {
    const fields = readBody(block.body, ctx.text).attributes;
    const test = fields.get('test');
    const variable = fields.get('variable');
    const values = fields.get('values');
    if (!test || !variable) continue;
    conditions.push({
      test: toPolicyNode(test.expression, ctx),
      variable: toPolicyNode(variable.expression, ctx),
      values: values && toPolicyNode(values.expression, ctx),
      span: span([block.node]),
      token: span([block.typeToken]),
    });
  }
  return { keyToken: blocks[0].typeToken, value: conditionValue(conditions, span(blocks.map((b) => b.node))) };
}
