import { Layout, escapeSnippet, insertProperty, renderJson, snippetString } from './edits';
import { hclBlockLayoutOf, insertHclCondition } from './hclBlockLayout';
import { StatementModel } from './model';
import { FixEdit, TextFormat } from './rule';

/** Stands for the placeholder while the JSON around it is rendered, then is swapped for the snippet. */
const MARK = 'IAMLP-SNIPPET-PLACEHOLDER';

/**
 * A snippet edit adding `"<key>": "${1:<placeholder>}"` under `operator` (StringEquals, ArnLike...),
 * merged into the statement's Condition (and its block of that operator) when they exist; none when
 * the operator already tests the key (a second one would be a duplicate key) or the Condition is not
 * an object. Keys and separators hold no snippet syntax: rendered JSON is escaped and only the
 * placeholder is a tab stop.
 */
export function requireCondition(
  text: string,
  statement: StatementModel,
  format: TextFormat,
  operator: string,
  key: string,
  placeholder: string,
): FixEdit | undefined {
  const value = snippetString(1, placeholder);
  const snippet = (obj: unknown, layout: Layout) => escapeSnippet(renderJson(obj, layout)).replace(JSON.stringify(MARK), value);
  const condition = statement.condition;
  const hcl = hclBlockLayoutOf(statement.node);
  if (hcl?.kind === 'statement') {
    // A Terraform data document: one more `condition` block, unless one already tests the key so.
    const tested = condition?.operators.some(
      (op) => op.operator === operator && op.keys.some((k) => k.key.toLowerCase() === key.toLowerCase()),
    );
    const edit = tested ? undefined : insertHclCondition(text, hcl, operator, key, `[${JSON.stringify(MARK)}]`, format);
    return edit && { ...edit, newText: escapeSnippet(edit.newText).replace(JSON.stringify(MARK), value) };
  }
  if (!condition) {
    return insertProperty(text, statement.node, 'Condition', undefined, format, {
      rendered: (layout) => snippet({ [operator]: { [key]: MARK } }, layout),
    });
  }
  if (condition.node.type !== 'object') return undefined;
  const block = condition.operators.find((op) => op.operator === operator);
  if (block) {
    if (block.valueNode.type !== 'object') return undefined;
    if (block.keys.some((k) => k.key.toLowerCase() === key.toLowerCase())) return undefined;
    return insertProperty(text, block.valueNode, key, undefined, format, { rendered: () => value });
  }
  return insertProperty(text, condition.node, operator, undefined, format, {
    rendered: (layout) => snippet({ [key]: MARK }, layout),
  });
}

/** requireCondition under StringEquals. */
export function requireStringEquals(
  text: string,
  statement: StatementModel,
  format: TextFormat,
  key: string,
  placeholder: string,
): FixEdit | undefined {
  return requireCondition(text, statement, format, 'StringEquals', key, placeholder);
}
