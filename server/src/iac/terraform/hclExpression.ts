import type { Node } from 'jsonc-parser';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { arrayNode, deployTimeNode, objectNode, propertyNode, scalarNode, stringNode } from '../nodes';
import { LiteralMode, MappedBuilder, decodeLiteral, literalValue } from './hclStrings';

/**
 * HCL expressions (tree-sitter nodes) to the jsonc-parser-shaped nodes the engine reads, ranged on
 * the HCL tokens: `jsonencode({...})` object syntax, strings, numbers, and every value known only
 * at deploy time (references, function calls, interpolations, `for` expressions) as a marked
 * string node. A conditional expression takes the branch `choices` names, else it is unknown.
 */

/** Branch taken by each conditional expression, by its start offset: 0 the `? a`, 1 the `: b`. */
export type Choices = ReadonlyMap<number, 0 | 1>;

export interface HclContext {
  text: string;
  choices: Choices;
}

export function sourceOf(node: SyntaxNode, text: string): string {
  return text.slice(node.startIndex, node.endIndex);
}

/** A whole expression known only at deploy time: a reference or a call may also be null. */
export function unknownNode(node: SyntaxNode, text: string): Node {
  const source = sourceOf(node, text).replace(/\s+/g, ' ');
  return deployTimeNode(`\${${source}}`, node.startIndex, node.endIndex - node.startIndex, source, false, true);
}

/** The expression inside parentheses and single-child `expression` wrappers. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (current.type !== 'expression') return current;
    const count = current.childCount;
    if (count === 1) current = current.child(0)!;
    else if (count === 3 && current.child(0)!.type === '(' && current.child(2)!.type === ')') current = current.child(1)!;
    else return current;
  }
}

export function toPolicyNode(expression: SyntaxNode, ctx: HclContext): Node {
  const node = unwrap(expression);
  switch (node.type) {
    case 'literal_value':
      return literalNode(node, ctx.text);
    case 'template_expr':
      return templateNode(node.child(0)!, ctx.text);
    case 'collection_value': {
      const collection = node.child(0)!;
      return collection.type === 'object' ? objectOf(collection, ctx) : tupleOf(collection, ctx);
    }
    case 'conditional': {
      const choice = ctx.choices.get(node.startIndex);
      const branches = node.namedChildren;
      if (choice === undefined || branches.length !== 3) return unknownNode(node, ctx.text);
      return toPolicyNode(branches[1 + choice]!, ctx);
    }
    default:
      return unknownNode(node, ctx.text);
  }
}

function literalNode(node: SyntaxNode, text: string): Node {
  const literal = node.child(0)!;
  const offset = literal.startIndex;
  const length = literal.endIndex - offset;
  switch (literal.type) {
    case 'string_lit': {
      // quoted_template_start, optional template_literal, quoted_template_end
      return stringNode(literalValue(text, offset + 1, offset + length - 1, 'quoted'), offset, length);
    }
    case 'numeric_lit':
      return scalarNode(Number(literal.text), offset, length);
    case 'bool_lit':
      return scalarNode(literal.text === 'true', offset, length);
    case 'null_lit':
      return scalarNode(null, offset, length);
    default:
      return unknownNode(node, text);
  }
}

const TEMPLATE_PIECES = new Set(['template_literal', 'template_interpolation', 'template_directive']);

/** The pieces of a template: literal chunks and interpolations or directives (unknown). */
export function templatePieces(template: SyntaxNode): SyntaxNode[] {
  // A node's type is a call into WebAssembly: read it once per node.
  return template.children.filter((c): c is SyntaxNode => c !== null && TEMPLATE_PIECES.has(c.type));
}

/** A quoted template or heredoc as a string value: known text, `${...}` for each unknown part. */
export function templateNode(template: SyntaxNode, text: string): Node {
  const mode: LiteralMode = template.type === 'heredoc_template' ? 'heredoc' : 'quoted';
  const builder = new MappedBuilder();
  let unknown = 0;
  let known = false;
  for (const piece of templatePieces(template)) {
    if (piece.type === 'template_literal') {
      decodeLiteral(text, piece.startIndex, piece.endIndex, mode, builder);
      known ||= piece.endIndex > piece.startIndex;
    } else {
      unknown += 1;
      builder.push(interpolationText(piece, text), piece.startIndex, piece.endIndex - piece.startIndex);
    }
  }
  const value = builder.build().text;
  const offset = template.startIndex;
  const length = template.endIndex - offset;
  if (unknown === 0) return stringNode(value, offset, length);
  return stringNode(value, offset, length, { source: sourceOf(template, text), partial: known });
}

/** `${expr}` as the template writes it; a directive (`%{ if }`) becomes `${...}`: its text is unknown. */
export function interpolationText(piece: SyntaxNode, text: string): string {
  if (piece.type !== 'template_interpolation') return '${...}';
  return sourceOf(piece, text).replace(/\s+/g, ' ');
}

const SEPARATORS = new Set(['=', ':']);

function objectOf(object: SyntaxNode, ctx: HclContext): Node {
  const properties: Node[] = [];
  for (const elem of object.namedChildren) {
    if (elem?.type !== 'object_elem') continue;
    const [keyExpression, valueExpression] = elem.namedChildren;
    if (!keyExpression || !valueExpression) continue;
    const separator = elem.children.find((c) => c !== null && SEPARATORS.has(c.type));
    properties.push(propertyNode(keyNode(keyExpression, ctx.text), toPolicyNode(valueExpression, ctx), separator?.startIndex));
  }
  return objectNode(properties, object.startIndex, object.endIndex - object.startIndex);
}

/** `Effect = ...` (a bare name), `"Effect" = ...`; any other key is computed at deploy time. */
function keyNode(expression: SyntaxNode, text: string): Node {
  const node = unwrap(expression);
  const type = node.type;
  if (type === 'variable_expr' && expression.childCount === 1) {
    return stringNode(node.text, node.startIndex, node.endIndex - node.startIndex);
  }
  if (type === 'literal_value' && node.child(0)!.type === 'string_lit') return literalNode(node, text);
  if (type === 'template_expr') return templateNode(node.child(0)!, text);
  return unknownNode(node, text);
}

function tupleOf(tuple: SyntaxNode, ctx: HclContext): Node {
  const items: Node[] = [];
  for (const child of tuple.namedChildren) if (child?.type === 'expression') items.push(toPolicyNode(child, ctx));
  return arrayNode(items, tuple.startIndex, tuple.endIndex - tuple.startIndex);
}

/**
 * The conditional expressions whose branch changes the policy's shape or values: those in the
 * object and tuple structure, not those inside an interpolation or a function call (unknown anyway)
 * nor in a conditional's predicate.
 */
export function collectConditionals(node: SyntaxNode, out: SyntaxNode[]): void {
  switch (node.type) {
    case 'conditional': {
      out.push(node);
      const branches = node.namedChildren;
      if (branches[1]) collectConditionals(branches[1], out);
      if (branches[2]) collectConditionals(branches[2], out);
      return;
    }
    case 'attribute':
      // count, for_each and the like choose how many copies exist, not what a policy says.
      if (META_ARGUMENTS.has(node.child(0)!.text)) return;
      for (const child of node.namedChildren) if (child) collectConditionals(child, out);
      return;
    case 'block':
      // A dynamic block is known at deploy time only, whatever its conditionals choose.
      if (node.child(0)!.text === 'dynamic') return;
      for (const child of node.namedChildren) if (child) collectConditionals(child, out);
      return;
    case 'expression':
    case 'collection_value':
    case 'object':
    case 'tuple':
    case 'object_elem':
    case 'body':
      for (const child of node.namedChildren) if (child) collectConditionals(child, out);
      return;
    default:
      return;
  }
}

const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']);

export const MAX_VARIANTS = 16;

/**
 * One choice map per combination of branches, the all-`? a` one first; none (every conditional
 * unknown) when there would be more than MAX_VARIANTS.
 */
export function choiceCombinations(conditionals: readonly SyntaxNode[]): Choices[] {
  if (conditionals.length === 0 || 2 ** conditionals.length > MAX_VARIANTS) return [new Map()];
  const combinations: Choices[] = [];
  for (let bits = 0; bits < 2 ** conditionals.length; bits++) {
    const choices = new Map<number, 0 | 1>();
    conditionals.forEach((c, i) => choices.set(c.startIndex, ((bits >> i) & 1) as 0 | 1));
    combinations.push(choices);
  }
  return combinations;
}
