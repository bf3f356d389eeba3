import type { Node } from 'jsonc-parser';

/**
 * How a YAML mapping or sequence is written, marked by the YAML adapter on the containers it
 * builds. The edits of quick fixes (engine/edits.ts) render new entries in that style: YAML reads
 * JSON inside a flow collection (`{...}`, `[...]`) and as a value, but a block collection takes
 * new lines at its entries' indentation.
 */
export interface YamlLayout {
  block: boolean;
  /** The indentation of the block's entries (the column of its keys or of its `-`). */
  indent: string;
  /** The YAML file's text, which edits removing lines read. */
  source: string;
}

type LaidOut = Node & { yaml?: YamlLayout };

export function yamlLayoutOf(node: Node | undefined): YamlLayout | undefined {
  return (node as LaidOut | undefined)?.yaml;
}

export function setYamlLayout(node: Node, layout: YamlLayout): void {
  (node as LaidOut).yaml = layout;
}

/** A scalar as YAML writes it: plain when nothing in it means something to YAML, else JSON-quoted. */
export function yamlScalar(value: unknown): string {
  if (
    typeof value === 'string' &&
    /^[A-Za-z0-9_][A-Za-z0-9_:./*-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(value) &&
    !/^[0-9.+-]/.test(value)
  ) {
    return value;
  }
  return JSON.stringify(value);
}

/**
 * `value` as block YAML lines under a key or a `-` (the first line follows the key, the others
 * start with `indent`). Empty collections and scalars stay on the key's line.
 */
export function renderYamlValue(value: unknown, indent: string, unit = '  '): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => `\n${indent}- ${renderYamlItem(item, indent + unit, unit)}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => `\n${indent}${yamlScalar(k)}:${renderAfterKey(v, indent + unit, unit)}`).join('');
  }
  return ` ${yamlScalar(value)}`;
}

function renderAfterKey(value: unknown, indent: string, unit: string): string {
  const rendered = renderYamlValue(value, indent, unit);
  return rendered.startsWith('\n') ? rendered : rendered.startsWith(' ') ? rendered : ` ${rendered}`;
}

/** A sequence item: a mapping's first entry sits on the `-` line, the rest under it. */
function renderYamlItem(value: unknown, indent: string, unit: string): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    const lines = renderYamlValue(value, indent, unit);
    return lines.slice(1 + indent.length);
  }
  const rendered = renderYamlValue(value, indent, unit);
  return rendered.startsWith(' ') ? rendered.slice(1) : rendered;
}
