import type { Node } from 'jsonc-parser';
import type { FixEdit, TextFormat } from './rule';

/**
 * Where a Terraform `data "aws_iam_policy_document"` block takes new blocks, marked by the HCL
 * adapter on the nodes it builds: its Statement list takes a `statement { ... }` block after the
 * last one, a statement takes a `condition { ... }` block before its closing brace. The security
 * fixes that add a statement (the IAM-write Deny) or a condition (sts:ExternalId) then write HCL
 * blocks, as `terraform fmt` lays them out; no other JSON edit applies to such a document.
 */
export type HclBlockLayout =
  /** `after`: the end of the last statement block; `start`: where a statement block starts (for its indentation). */
  | { kind: 'statements'; after: number; start: number }
  /** `close`: the statement block's closing brace. */
  | { kind: 'statement'; close: number };

type LaidOut = Node & { hcl?: HclBlockLayout };

export function hclBlockLayoutOf(node: Node | undefined): HclBlockLayout | undefined {
  return (node as LaidOut | undefined)?.hcl;
}

export function setHclBlockLayout(node: Node, layout: HclBlockLayout): void {
  (node as LaidOut).hcl = layout;
}

/** The layout `delta` characters further on (a tree moved by an edit before it). */
export function movedHclBlockLayout(layout: HclBlockLayout | undefined, delta: number): HclBlockLayout | undefined {
  if (!layout) return undefined;
  return layout.kind === 'statements'
    ? { kind: 'statements', after: layout.after + delta, start: layout.start + delta }
    : { kind: 'statement', close: layout.close + delta };
}

/** An edit that writes HCL blocks into a data document; quick fixes on such documents accept only these and string swaps. */
export interface HclBlockEdit extends FixEdit {
  hclBlocks: true;
}

export function isHclBlockEdit(edit: FixEdit): edit is HclBlockEdit {
  return (edit as Partial<HclBlockEdit>).hclBlocks === true;
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

const quoted = (value: string) => JSON.stringify(value);
/** A list of strings: on one line when short, else one item a line (as the long action lists of a Deny). */
function list(value: unknown, indent: string, format: TextFormat): string {
  const items = (Array.isArray(value) ? value : [value]).map((v) => quoted(String(v)));
  if (items.length <= 3) return `[${items.join(', ')}]`;
  const inner = indent + format.unit;
  return `[${format.eol}${items.map((item) => `${inner}${item},${format.eol}`).join('')}${indent}]`;
}

/** Attribute lines with their `=` aligned, as `terraform fmt` writes consecutive attributes. */
function attributes(pairs: ReadonlyArray<[string, string]>, indent: string, eol: string): string {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${indent}${name.padEnd(width)} = ${value}${eol}`).join('');
}

/** `condition { test variable values }`; `values` is HCL text already (it may hold a snippet). */
function conditionBlock(test: string, variable: string, values: string, indent: string, format: TextFormat): string {
  const inner = indent + format.unit;
  return (
    `${indent}condition {${format.eol}` +
    attributes(
      [
        ['test', quoted(test)],
        ['variable', quoted(variable)],
        ['values', values],
      ],
      inner,
      format.eol,
    ) +
    `${indent}}${format.eol}`
  );
}

/**
 * The attributes of a data document's `statement` block that are lists, and the policy element each
 * is: the HCL adapter reads them (iac/terraform/dataDocumentShape.ts), the fixes here write them.
 */
export const HCL_STATEMENT_LISTS: ReadonlyArray<readonly [string, string]> = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

const STATEMENT_ATTRIBUTES: ReadonlyArray<readonly [string, string, 'string' | 'list']> = [
  ['Sid', 'sid', 'string'],
  ['Effect', 'effect', 'string'],
  ...HCL_STATEMENT_LISTS.map(([name, element]) => [element, name, 'list'] as const),
];

/** A policy statement (as a fix builds it in JSON terms) as a `statement` block. */
function statementBlock(statement: Record<string, unknown>, indent: string, format: TextFormat): string {
  const pairs: Array<[string, string]> = [];
  for (const [element, name, shape] of STATEMENT_ATTRIBUTES) {
    const value = statement[element];
    if (value !== undefined) pairs.push([name, shape === 'string' ? quoted(String(value)) : list(value, indent + format.unit, format)]);
  }
  let body = attributes(pairs, indent + format.unit, format.eol);
  const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  for (const [test, keys] of Object.entries(condition ?? {})) {
    for (const [variable, values] of Object.entries(keys)) {
      body += conditionBlock(test, variable, list(values, indent + format.unit + format.unit, format), indent + format.unit, format);
    }
  }
  return `${indent}statement {${format.eol}${body}${indent}}`;
}

/** A `statement` block after the last statement of the document. */
export function insertHclStatement(
  text: string,
  layout: Extract<HclBlockLayout, { kind: 'statements' }>,
  statement: Record<string, unknown>,
  format: TextFormat,
): HclBlockEdit {
  const indent = indentAt(text, layout.start);
  return {
    offset: layout.after,
    length: 0,
    newText: `${format.eol}${format.eol}${statementBlock(statement, indent, format)}`,
    hclBlocks: true,
  };
}

/**
 * A `condition` block at the end of a statement; `values` is HCL text (a snippet's tab stop inside a
 * string, say). None for a statement written on one line, which HCL cannot extend with a block.
 */
export function insertHclCondition(
  text: string,
  layout: Extract<HclBlockLayout, { kind: 'statement' }>,
  test: string,
  variable: string,
  values: string,
  format: TextFormat,
): HclBlockEdit | undefined {
  const lineStart = text.lastIndexOf('\n', layout.close - 1) + 1;
  const before = text.slice(lineStart, layout.close);
  if (!/^[ \t]*$/.test(before)) return undefined;
  // The closing brace on its own line: the block goes on the lines above it, one level in.
  return { offset: lineStart, length: 0, newText: conditionBlock(test, variable, values, before + format.unit, format), hclBlocks: true };
}
