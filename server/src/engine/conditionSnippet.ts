import { Layout, escapeSnippet, insertProperty, renderJson, snippetString } from './edits';
import { hclBlockLayoutOf, insertHclCondition } from './hclBlockLayout';
import { StatementModel } from './model';
import { FixEdit, TextFormat } from './rule';

/** Stands for the placeholder while the JSON around it is rendered, then is swapped for the snippet. */
const MARK = 'IAMLP-SNIPPET-PLACEHOLDER';

/**
 * A snippet edit adding `"<key>": "${1:<placeholder>}"` under StringEquals, merged into the
 * statement's Condition (and its StringEquals block) when they exist; none when StringEquals already
 * tests the key (a second one would be a duplicate key) or the Condition is not an object. Keys and
 * separators hold no snippet syntax: rendered JSON is escaped and only the placeholder is a tab stop.
 */
export function requireStringEquals(
  text: string,
  statement: StatementModel,
  format: TextFormat,
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
      (op) => op.operator === 'StringEquals' && op.keys.some((k) => k.key.toLowerCase() === key.toLowerCase()),
    );
    const edit = tested ? undefined : insertHclCondition(text, hcl, 'StringEquals', key, `[${JSON.stringify(MARK)}]`, format);
    return edit && { ...edit, newText: escapeSnippet(edit.newText).replace(JSON.stringify(MARK), value) };
  }
  if (!condition) {
    return insertProperty(text, statement.node, 'Condition', undefined, format, {
      rendered: (layout) => snippet({ StringEquals: { [key]: MARK } }, layout),
    });
  }
  if (condition.node.type !== 'object') return undefined;
  const stringEquals = condition.operators.find((op) => op.operator === 'StringEquals');
  if (stringEquals) {
    if (stringEquals.valueNode.type !== 'object') return undefined;
    if (stringEquals.keys.some((k) => k.key.toLowerCase() === key.toLowerCase())) return undefined;
    return insertProperty(text, stringEquals.valueNode, key, undefined, format, { rendered: () => value });
  }
  return insertProperty(text, condition.node, 'StringEquals', undefined, format, {
    rendered: (layout) => snippet({ [key]: MARK }, layout),
  });
}
