import type { Node } from 'jsonc-parser';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { MarkedNode } from '../../engine/deployTime';
import type { HostError } from '../hostPolicy';
import { MappedText, parseMappedJson } from '../jsonString';
import { LiteralMode, MappedBuilder, decodeLiteral } from './hclStrings';
import { interpolationText, sourceOf, templatePieces } from './hclExpression';

/**
 * A policy written as JSON text in an HCL template: a heredoc (`<<EOF`, `<<-EOF`) or a quoted
 * string. The template's literal text is decoded (HCL escapes, `$${`), each interpolation stands in
 * the JSON as its own `${...}` text (inside a JSON string) or as a string of it (between JSON
 * tokens), the result is parsed with jsonc-parser and mapped back to host offsets; strings holding
 * an interpolation become deploy-time values.
 */
export interface TemplateJson {
  root: Node | undefined;
  errors: HostError[];
}

interface Interpolation {
  start: number;
  end: number;
  /** Stands for a whole JSON value (between tokens), not for part of a JSON string. */
  whole: boolean;
  source: string;
}

export function templateJson(template: SyntaxNode, text: string, describe: string, lineOf: (offset: number) => number): TemplateJson {
  const heredoc = template.type === 'heredoc_template';
  const mode: LiteralMode = heredoc ? 'heredoc' : 'quoted';
  const builder = new MappedBuilder();
  const interpolations: Interpolation[] = [];
  let inString = false;
  let escaped = false;
  const pieces = templatePieces(template);
  let cursor = heredoc ? heredocBodyStart(template, text) : template.startIndex + 1;
  for (const piece of pieces) {
    if (piece.type === 'template_literal') {
      // A heredoc's first literal may start after indentation tree-sitter left out: keep it.
      const start = Math.min(cursor, piece.startIndex);
      const literal = new MappedBuilder();
      decodeLiteral(text, start, piece.endIndex, mode, literal);
      const decoded = literal.text;
      builder.append(literal);
      for (let k = 0; k < decoded.length; k++) {
        const c = decoded[k];
        if (escaped) escaped = false;
        else if (c === '\\') escaped = inString;
        else if (c === '"') inString = !inString;
      }
    } else {
      const source = sourceOf(piece, text);
      const stand = interpolationText(piece, text).replace(/["\\]/g, '_');
      builder.push(inString ? stand : `"${stand}"`, piece.startIndex, piece.endIndex - piece.startIndex);
      interpolations.push({ start: piece.startIndex, end: piece.endIndex, whole: !inString, source });
    }
    cursor = piece.endIndex;
  }
  const mapped: MappedText = builder.build(cursor);
  const parsed = parseMappedJson(mapped, describe, lineOf);
  if (parsed.root && interpolations.length) markDeployTime(parsed.root, interpolations, text);
  return parsed;
}

/** The heredoc's text starts on the line after `<<EOF`. */
function heredocBodyStart(template: SyntaxNode, text: string): number {
  const opening = template.children.find((c) => c?.type === 'heredoc_identifier');
  const from = opening ? opening.endIndex : template.startIndex;
  const newline = text.indexOf('\n', from);
  return newline < 0 ? from : newline + 1;
}

function markDeployTime(node: Node, interpolations: readonly Interpolation[], text: string): void {
  if (node.type === 'string') {
    const end = node.offset + node.length;
    const inside = interpolations.filter((i) => i.start >= node.offset && i.end <= end);
    if (inside.length === 0) return;
    const whole = inside.length === 1 && inside[0].whole;
    (node as MarkedNode).deployTime = {
      source: whole ? inside[0].source : text.slice(node.offset, end),
      partial: !whole && node.value !== inside.map((i) => i.source).join(''),
    };
    return;
  }
  for (const child of node.children ?? []) markDeployTime(child, interpolations, text);
}
