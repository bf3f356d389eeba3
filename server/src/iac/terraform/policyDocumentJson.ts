import type { Node } from 'jsonc-parser';
import { arrayNode, deployTimeNode, objectNode, propertyNode, stringNode } from '../nodes';
import {
  ConditionBlock,
  MERGED_DOCUMENTS,
  PrincipalBlock,
  STATEMENT_LISTS,
  Span,
  conditionValue,
  principalValue,
  spanOf,
} from './dataDocumentShape';

/**
 * `data.aws_iam_policy_document.NAME` written in Terraform's JSON syntax (`.tf.json`) to the JSON
 * policy it renders, with the HCL form's semantics (dataDocumentShape.ts): a block is an object or
 * a list of objects, `"dynamic": {"statement": {"content": ...}}` is the statement its content
 * makes, and other dynamic blocks and merged documents are known only at deploy time. The caller
 * has marked `${...}` strings as deploy-time; value nodes are the file's own.
 */

/** A property's key and value, in the order written; a list of objects counts as its objects. */
interface Entry {
  key: Node;
  value: Node;
}

function entriesOf(node: Node | undefined): Entry[] {
  if (!node) return [];
  if (node.type === 'array') return (node.children ?? []).flatMap(entriesOf);
  if (node.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) => (p.children?.length === 2 ? [{ key: p.children[0], value: p.children[1] }] : []));
}

function find(entries: readonly Entry[], name: string): Entry | undefined {
  return entries.find((e) => e.key.value === name);
}

/** A nested block's bodies: `"statement": {...}` or `"statement": [{...}, {...}]`. */
function blocksOf(entries: readonly Entry[], name: string): Array<{ key: Node; body: Node }> {
  return entries
    .filter((e) => e.key.value === name)
    .flatMap(({ key, value }) =>
      (value.type === 'array' ? (value.children ?? []) : [value]).filter((b) => b.type === 'object').map((body) => ({ key, body })),
    );
}

/** The `dynamic` blocks of a type: `"dynamic": {"statement": {...}}`. */
function dynamicOf(entries: readonly Entry[], type: string): Entry[] {
  return entries.filter((e) => e.key.value === 'dynamic').flatMap((e) => entriesOf(e.value).filter((d) => d.key.value === type));
}

function named(name: string, token: Node): Node {
  return stringNode(name, token.offset, token.length);
}

function spanOfNode(node: Node): Span {
  return [node.offset, node.length];
}

/** A value the JSON computes at deploy time, spanning its text. */
function unknownNode(node: Node, text: string): Node {
  const source = text.slice(node.offset, node.offset + node.length).replace(/\s+/g, ' ');
  return deployTimeNode(`\${${source}}`, node.offset, node.length, source, false, true);
}

/** The policy of one data document: `nameKey` is its `"NAME"` key, `body` its object. */
export function policyDocumentJsonTree(nameKey: Node, body: Node, text: string): Node {
  const entries = entriesOf(body);
  const properties: Node[] = [];
  const version = find(entries, 'version');
  properties.push(
    version
      ? propertyNode(named('Version', version.key), version.value)
      : propertyNode(named('Version', nameKey), stringNode('2012-10-17', nameKey.offset, nameKey.length)),
  );
  const policyId = find(entries, 'policy_id');
  if (policyId) properties.push(propertyNode(named('Id', policyId.key), policyId.value));

  const statements: Array<{ key: Node; node: Node }> = [];
  for (const { key, body: statement } of blocksOf(entries, 'statement')) statements.push({ key, node: statementTree(statement, text) });
  for (const dynamic of dynamicOf(entries, 'statement')) {
    // As in HCL (policyDocumentData.ts): a dynamic statement is the statement its `content` makes.
    const contents = blocksOf(entriesOf(dynamic.value), 'content');
    if (contents.length === 0) statements.push({ key: dynamic.key, node: unknownNode(dynamic.value, text) });
    for (const content of contents) statements.push({ key: dynamic.key, node: statementTree(content.body, text) });
  }
  for (const name of MERGED_DOCUMENTS) {
    const merged = find(entries, name);
    if (merged) statements.push({ key: merged.key, node: unknownNode(merged.value, text) });
  }
  if (statements.length) {
    statements.sort((a, b) => a.node.offset - b.node.offset);
    const [offset, length] = spanOf(statements.map((s) => spanOfNode(s.node)));
    properties.push(
      propertyNode(
        named('Statement', statements[0].key),
        arrayNode(
          statements.map((s) => s.node),
          offset,
          length,
        ),
      ),
    );
  }
  return objectNode(properties, body.offset, body.length);
}

function statementTree(statement: Node, text: string): Node {
  const entries = entriesOf(statement);
  const properties: Node[] = [];
  const sid = find(entries, 'sid');
  if (sid) properties.push(propertyNode(named('Sid', sid.key), sid.value));
  const effect = find(entries, 'effect');
  // Allow when absent, placed on the statement's opening brace: what implies it.
  properties.push(
    effect
      ? propertyNode(named('Effect', effect.key), effect.value)
      : propertyNode(stringNode('Effect', statement.offset, 1), stringNode('Allow', statement.offset, 1)),
  );
  for (const [name, element] of STATEMENT_LISTS) {
    const list = find(entries, name);
    if (list) properties.push(propertyNode(named(element, list.key), list.value));
  }
  for (const [blockType, element] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principal = principalElement(entries, blockType, text);
    if (principal) properties.push(propertyNode(named(element, principal.key), principal.value));
  }
  const condition = conditionElement(entries, text);
  if (condition) properties.push(propertyNode(named('Condition', condition.key), condition.value));
  return objectNode(properties, statement.offset, statement.length);
}

function principalElement(entries: readonly Entry[], blockType: string, text: string): Entry | undefined {
  const dynamic = dynamicOf(entries, blockType);
  if (dynamic.length) return { key: dynamic[0].key, value: unknownNode(dynamic[0].value, text) };
  const blocks = blocksOf(entries, blockType);
  if (blocks.length === 0) return undefined;
  const principals: PrincipalBlock[] = [];
  for (const { body } of blocks) {
    const fields = entriesOf(body);
    const type = find(fields, 'type');
    const identifiers = find(fields, 'identifiers');
    if (type && identifiers) principals.push({ type: type.value, identifiers: identifiers.value });
  }
  return { key: blocks[0].key, value: principalValue(principals, spanOf(blocks.map((b) => spanOfNode(b.body)))) };
}

function conditionElement(entries: readonly Entry[], text: string): Entry | undefined {
  const dynamic = dynamicOf(entries, 'condition');
  if (dynamic.length) return { key: dynamic[0].key, value: unknownNode(dynamic[0].value, text) };
  const blocks = blocksOf(entries, 'condition');
  if (blocks.length === 0) return undefined;
  const conditions: ConditionBlock[] = [];
  for (const { key, body } of blocks) {
    const fields = entriesOf(body);
    const test = find(fields, 'test');
    const variable = find(fields, 'variable');
    if (!test || !variable) continue;
    conditions.push({
      test: test.value,
      variable: variable.value,
      values: find(fields, 'values')?.value,
      span: spanOfNode(body),
      token: spanOfNode(key),
    });
  }
  return { key: blocks[0].key, value: conditionValue(conditions, spanOf(blocks.map((b) => spanOfNode(b.body)))) };
}
