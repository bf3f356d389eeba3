/**
 * The baseline template as CloudFormation YAML, the form most teams write by hand: intrinsics as
 * short tags (`!Ref`, `!Sub`, `!GetAtt`), block mappings and sequences, strings quoted only where
 * YAML would read them otherwise. Rendered from the same object as the JSON template, so the two
 * cannot drift; a test fails when the committed file is stale.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INDENT = '  ';

/** A string as a YAML scalar: plain when YAML reads it back as that same string, else single-quoted. */
function scalar(value: string): string {
  const plain =
    /^[A-Za-z0-9_/.${}:*-][A-Za-z0-9_/.${}:*!@=+, -]*$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(value) &&
    !/^[-+]?[0-9.]/.test(value) &&
    !/: |\s#|^[-:*!]\s|^\*|\s$|^[-?:,[\]{}#&*!|>'"%@`]/.test(value);
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

function scalarOf(value: Json): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `{Ref: X}`, `{Fn::Sub: s}`, `{Fn::GetAtt: [a, b]}` as their short tags, when the argument is a scalar. */
function shortTag(value: Json): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  const argument = value[key];
  if (key === 'Ref' && typeof argument === 'string') return `!Ref ${argument}`;
  if (key === 'Fn::GetAtt' && Array.isArray(argument) && argument.every((a) => typeof a === 'string'))
    return `!GetAtt ${argument.join('.')}`;
  if (key.startsWith('Fn::') && typeof argument === 'string') return `!${key.slice(4)} ${scalar(argument)}`;
  return undefined;
}

function lines(value: Json, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    return value.flatMap((item) => {
      const inline = scalarOf(item) ?? shortTag(item);
      if (inline !== undefined) return [`${indent}- ${inline}`];
      const inner = lines(item, indent + INDENT);
      return [`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1)];
    });
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ['{}'];
    return entries.flatMap(([key, item]) => {
      const inline = scalarOf(item) ?? shortTag(item);
      if (inline !== undefined) return [`${indent}${scalar(key)}: ${inline}`];
      if (Array.isArray(item) && item.length === 0) return [`${indent}${scalar(key)}: []`];
      return [`${indent}${scalar(key)}:`, ...lines(item, indent + INDENT)];
    });
  }
  return [`${indent}${scalarOf(value)}`];
}

/** A CloudFormation template object as YAML text. */
export function renderYamlTemplate(template: Record<string, Json>): string {
  return lines(template, '').join('\n') + '\n';
}
