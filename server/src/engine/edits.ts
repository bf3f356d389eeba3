import type { Node } from 'jsonc-parser';
import { FixEdit, TextFormat } from './rule';
import { PolicyDocument } from './model';
import { hclBlockLayoutOf, insertHclStatement } from './hclBlockLayout';
import { YamlLayout, renderYamlValue, yamlLayoutOf, yamlScalar } from './yamlLayout';

/** The YAML layout of the nearest container, when the node is part of a YAML document. */
function yamlContext(node: Node): YamlLayout | undefined {
  for (let n: Node | undefined = node; n; n = n.parent) {
    const layout = yamlLayoutOf(n);
    if (layout) return layout;
  }
  return undefined;
}

/** Where new block entries go: after the last non-blank text of the collection. */
function blockEnd(text: string, node: Node): number {
  let end = node.offset + node.length;
  while (end > node.offset && /\s/.test(text[end - 1])) end--;
  return end;
}

/**
 * Edits for quick fixes that keep the user's layout: new text takes the document's indentation
 * unit and line ending, a one-line object stays on one line, and nothing outside the edited
 * element is reformatted (jsonc-parser's `modify` reformats whole lines, which would rewrite a
 * one-line policy).
 */

/** The indentation unit and line ending the document already uses (2 spaces and \n when it has none). */
export function detectFormat(text: string): TextFormat {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const counts = new Map<string, number>();
  let previous = 0;
  let tabs = 0;
  let spaces = 0;
  for (const line of text.split(/\r?\n/)) {
    const match = /^[ \t]*/.exec(line)![0];
    if (match.length === line.length) continue; // blank lines say nothing
    if (match.startsWith('\t')) {
      tabs++;
      continue;
    }
    const width = match.length;
    if (width > 0) spaces++;
    const step = Math.abs(width - previous);
    if (step > 0 && step <= 8) counts.set(' '.repeat(step), (counts.get(' '.repeat(step)) ?? 0) + 1);
    previous = width;
  }
  if (tabs > spaces) return { unit: '\t', eol };
  let unit = '  ';
  let best = 0;
  for (const [candidate, n] of counts) {
    if (n > best || (n === best && candidate.length < unit.length)) {
      unit = candidate;
      best = n;
    }
  }
  return { unit, eol };
}

/** The leading white space of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** Whether the node's text spans more than one line. */
export function isMultiline(text: string, node: Node): boolean {
  return /[\r\n]/.test(text.slice(node.offset, node.offset + node.length));
}

/** A layout for rendering new JSON: the indentation of the line the value starts on, or one line. */
export interface Layout {
  multiline: boolean;
  /** Indentation of the line on which the value's opening bracket sits. */
  indent: string;
  format: TextFormat;
}

/**
 * JSON text for `value`. Multi-line layouts put each property and array item on its own line
 * (arrays of one scalar stay inline); single-line layouts write `{"a": 1, "b": [2, 3]}`.
 */
export function renderJson(value: unknown, layout: Layout): string {
  const { multiline, indent, format } = layout;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const scalar = value.every((v) => v === null || typeof v !== 'object');
    if (!multiline || (scalar && value.length === 1)) {
      return `[${value.map((v) => renderJson(v, { ...layout, multiline: false })).join(', ')}]`;
    }
    const inner = indent + format.unit;
    const items = value.map((v) => inner + renderJson(v, { ...layout, indent: inner }));
    return `[${format.eol}${items.join(`,${format.eol}`)}${format.eol}${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    if (!multiline) return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${renderJson(v, layout)}`).join(', ')}}`;
    const inner = indent + format.unit;
    const props = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderJson(v, { ...layout, indent: inner })}`);
    return `{${format.eol}${props.join(`,${format.eol}`)}${format.eol}${indent}}`;
  }
  return JSON.stringify(value);
}

/** The layout a value replacing or added inside `container` should take. */
export function layoutIn(text: string, container: Node, format: TextFormat): Layout {
  return { multiline: isMultiline(text, container), indent: lineIndent(text, container.offset), format };
}

export function replaceNode(node: Node, newText: string): FixEdit {
  return { offset: node.offset, length: node.length, newText };
}

/** Replaces a value with `value`, laid out like the element it sits in. */
export function replaceValue(text: string, node: Node, value: unknown, format: TextFormat, multiline?: boolean): FixEdit {
  const property = propertyNodeOf(node);
  const container = property ? (property.parent ?? node) : node;
  // YAML reads JSON as a value only on one line: a flow collection may not end at its key's column.
  const inYaml = yamlContext(container) !== undefined;
  const layout: Layout = {
    multiline: inYaml ? false : (multiline ?? isMultiline(text, container)),
    indent: lineIndent(text, (property ?? node).offset),
    format,
  };
  return replaceNode(node, renderJson(value, layout));
}

/**
 * Inserts `"key": value` into an object, last (or first) among its properties, on its own line
 * when the object spans lines. `rendered`, when given, is the value's text (e.g. a snippet).
 */
export function insertProperty(
  text: string,
  object: Node,
  key: string,
  value: unknown,
  format: TextFormat,
  options: { first?: boolean; rendered?: (layout: Layout) => string } = {},
): FixEdit {
  const props = object.children ?? [];
  const yaml = yamlLayoutOf(object);
  if (yaml?.block) {
    const layout: Layout = { multiline: false, indent: yaml.indent, format };
    const rendered = options.rendered
      ? ` ${options.rendered(layout)}`
      : renderYamlValue(value, yaml.indent + format.unit.replace('\t', '  '));
    const entry = `${yamlScalar(key)}:${rendered.startsWith('\n') || rendered.startsWith(' ') ? rendered : ` ${rendered}`}`;
    const first = options.first ? props[0] : undefined;
    if (first) return { offset: first.offset, length: 0, newText: `${entry}${format.eol}${yaml.indent}` };
    return { offset: blockEnd(text, object), length: 0, newText: `${format.eol}${yaml.indent}${entry}` };
  }
  const multiline = isMultiline(text, object);
  const anchor = options.first ? props[0] : props[props.length - 1];
  const indent = anchor ? lineIndent(text, anchor.offset) : lineIndent(text, object.offset) + (multiline ? format.unit : '');
  const layout: Layout = { multiline, indent, format };
  const property = `${JSON.stringify(key)}: ${options.rendered ? options.rendered(layout) : renderJson(value, layout)}`;
  const separator = multiline ? `${format.eol}${indent}` : ' ';
  if (!anchor) {
    // `{}` or `{ }`: open it up.
    const closeIndent = lineIndent(text, object.offset);
    const body = multiline ? `${format.eol}${indent}${property}${format.eol}${closeIndent}` : property;
    return { offset: object.offset + 1, length: object.length - 2, newText: body };
  }
  if (options.first) {
    return multiline
      ? { offset: anchor.offset, length: 0, newText: `${property},${separator}` }
      : { offset: anchor.offset, length: 0, newText: `${property}, ` };
  }
  return { offset: anchor.offset + anchor.length, length: 0, newText: `,${separator}${property}` };
}

/** Appends items to an array, after its last item, in the array's layout. */
export function appendArrayItems(text: string, array: Node, values: unknown[], format: TextFormat): FixEdit {
  const items = array.children ?? [];
  const last = items[items.length - 1];
  const yaml = yamlLayoutOf(array);
  if (yaml?.block && last) {
    const unit = format.unit === '\t' ? '  ' : format.unit;
    const rendered = values.map(
      (v) => `${format.eol}${yaml.indent}-${renderYamlValue([v], yaml.indent, unit).slice(2 + yaml.indent.length)}`,
    );
    return { offset: blockEnd(text, array), length: 0, newText: rendered.join('') };
  }
  const multiline = isMultiline(text, array);
  if (!last) {
    return replaceNode(array, renderJson(values, { multiline: values.length > 1, indent: lineIndent(text, array.offset), format }));
  }
  const indent = lineIndent(text, last.offset);
  const layout: Layout = { multiline, indent, format };
  const separator = multiline ? `${format.eol}${indent}` : ' ';
  const rendered = values.map((v) => renderJson(v, layout));
  return { offset: last.offset + last.length, length: 0, newText: rendered.map((r) => `,${separator}${r}`).join('') };
}

/**
 * Removes some children of an array or object (items, or property nodes) with their separators.
 * The caller keeps at least one child; removing them all is a different edit.
 */
export function removeChildren(container: Node, remove: readonly Node[]): FixEdit[] {
  const children = container.children ?? [];
  const gone = new Set(remove);
  const edits: FixEdit[] = [];
  const yaml = yamlLayoutOf(container);
  if (yaml?.block) return removeBlockEntries(yaml.source, children, gone);
  let i = 0;
  while (i < children.length) {
    if (!gone.has(children[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < children.length && gone.has(children[j + 1])) j++;
    if (j + 1 < children.length) {
      edits.push({ offset: children[i].offset, length: children[j + 1].offset - children[i].offset, newText: '' });
    } else if (i > 0) {
      const before = children[i - 1];
      const start = before.offset + before.length;
      edits.push({ offset: start, length: children[j].offset + children[j].length - start, newText: '' });
    } else {
      throw new Error('removeChildren: cannot remove every child');
    }
    i = j + 1;
  }
  return edits;
}

/** Removes entries of a YAML block collection: each entry's lines go, with the line break before them. */
function removeBlockEntries(text: string, children: readonly Node[], gone: ReadonlySet<Node>): FixEdit[] {
  if (children.every((c) => gone.has(c))) throw new Error('removeChildren: cannot remove every child');
  const edits: FixEdit[] = [];
  children.forEach((child, i) => {
    if (!gone.has(child)) return;
    const next = children[i + 1];
    let start = child.offset;
    while (start > 0 && text[start - 1] !== '\n') start--;
    // The first entry of a sequence item's mapping shares the `- ` line: the next entry moves up.
    if (text.slice(start, child.offset).trim() !== '' || text[child.offset - 1] === '-') {
      if (next) edits.push({ offset: child.offset, length: next.offset - child.offset, newText: '' });
      return;
    }
    const end = blockEnd(text, child);
    edits.push({ offset: Math.max(0, start - 1), length: end - Math.max(0, start - 1), newText: '' });
  });
  return edits;
}

/**
 * The edits in the order applyFixEdits applies them, each run of edits that meet merged into one:
 * a list an editor applies as it is (LSP wants no two edits at one position). Edits at one offset
 * go in as an editor applies them one by one from the last: an insertion before the span replaced
 * there, and of two insertions the one listed later first. Throws on overlapping edits.
 */
export function orderedFixEdits(edits: readonly FixEdit[]): FixEdit[] {
  const order = edits.map((_, i) => i);
  order.sort((a, b) => edits[a].offset - edits[b].offset || edits[a].length - edits[b].length || b - a);
  const ordered: FixEdit[] = [];
  let at = 0;
  for (const i of order) {
    const edit = edits[i];
    if (edit.offset < at) throw new Error('applyFixEdits: overlapping edits');
    const last = ordered[ordered.length - 1];
    if (last && last.offset + last.length === edit.offset) {
      ordered[ordered.length - 1] = { offset: last.offset, length: last.length + edit.length, newText: last.newText + edit.newText };
    } else ordered.push(edit);
    at = edit.offset + edit.length;
  }
  return ordered;
}

/**
 * Applies non-overlapping edits (in any order) to a text, as orderedFixEdits orders them. The text
 * is cut once and joined once: rebuilt at each edit, it was copied once per edit, and a fix-all of
 * 3,400 edits in a 3 MB template took 18 s.
 */
export function applyFixEdits(text: string, edits: readonly FixEdit[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const edit of orderedFixEdits(edits)) {
    pieces.push(text.slice(at, edit.offset), edit.newText);
    at = edit.offset + edit.length;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** One edit turning `before` into `after`: their common prefix and suffix stay untouched. */
export function diffEdit(before: string, after: string): FixEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, newText: after.slice(start, after.length - end) };
}

/** The property node holding `value`, when the value is a property's value. */
export function propertyNodeOf(value: Node): Node | undefined {
  return value.parent?.type === 'property' ? value.parent : undefined;
}

/** A Sid not yet used by any statement: `base`, else `base2`, `base3`... */
export function uniqueSid(doc: PolicyDocument, base: string): string {
  const used = new Set(doc.statements.map((s) => s.sid?.value).filter((v): v is string => v !== undefined));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

/** Escapes literal text for use inside a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}

/** A snippet placeholder inside a JSON string: `"${1:default}"`. */
export function snippetString(index: number, placeholder: string): string {
  return `"\${${index}:${escapeSnippet(placeholder)}}"`;
}

/** The plain text a snippet inserts when the editor cannot run snippets: placeholders keep their default. */
export function snippetToPlain(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const ch = snippet[i];
    if (ch === '\\' && i + 1 < snippet.length && '\\$}'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (ch === '$' && snippet[i + 1] === '{') {
      const colon = snippet.indexOf(':', i);
      i = colon; // the default text follows; its closing brace is dropped below
    } else if (ch === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
      while (/[0-9]/.test(snippet[i + 1] ?? '')) i++;
    } else if (ch === '}') {
      // the end of a placeholder (literal braces are escaped)
    } else out += ch;
  }
  return out;
}

/** The array holding the statements, or the single statement object. */
export function statementValue(doc: PolicyDocument): Node | undefined {
  return doc.statementProperty?.children?.[1];
}

/** Adds a statement after the last one; a single Statement object becomes an array of two. */
export function insertStatement(
  text: string,
  doc: PolicyDocument,
  format: TextFormat,
  statement: Record<string, unknown>,
): FixEdit | undefined {
  const value = statementValue(doc);
  if (!value) return undefined;
  const hcl = hclBlockLayoutOf(value);
  if (hcl?.kind === 'statements') return insertHclStatement(text, hcl, statement, format);
  if (value.type === 'array') return appendArrayItems(text, value, [statement], format);
  if (value.type !== 'object') return undefined;
  // {"Statement": {...}} → {"Statement": [{...}, {...}]}: the existing object's text stays as it is.
  const layout = layoutIn(text, value, format);
  const closeIndent = lineIndent(text, value.offset + value.length - 1);
  const rendered = renderJson(statement, { ...layout, indent: layout.multiline ? closeIndent : layout.indent });
  return {
    offset: value.offset,
    length: value.length,
    newText: `[${text.slice(value.offset, value.offset + value.length)}, ${rendered}]`,
  };
}
