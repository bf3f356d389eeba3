import type { Node as SyntaxNode } from 'web-tree-sitter';
import { literalValue } from './hclStrings';

/** Reading HCL bodies: a block's type and labels, its attributes and nested blocks. */
export interface HclBlock {
  node: SyntaxNode;
  /** The block type token (`resource`, `statement`, `dynamic`). */
  typeToken: SyntaxNode;
  type: string;
  labels: string[];
  body: SyntaxNode | undefined;
}

export interface HclAttribute {
  node: SyntaxNode;
  nameToken: SyntaxNode;
  name: string;
  expression: SyntaxNode;
}

export function readBlock(node: SyntaxNode, text: string): HclBlock {
  const typeToken = node.child(0)!;
  const labels: string[] = [];
  let body: SyntaxNode | undefined;
  const children = node.children;
  for (let i = 1; i < children.length; i++) {
    const child = children[i];
    if (!child) continue;
    // A node's type is a call into WebAssembly: read it once.
    const type = child.type;
    if (type === 'string_lit') labels.push(literalValue(text, child.startIndex + 1, child.endIndex - 1, 'quoted'));
    else if (type === 'identifier') labels.push(child.text);
    else if (type === 'body') body = child;
    else if (type === 'block_end') break;
  }
  return { node, typeToken, type: typeToken.text, labels, body };
}

export interface BodyContent {
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

export function readBody(body: SyntaxNode | undefined, text: string): BodyContent {
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  if (!body) return { attributes, blocks };
  for (const child of body.namedChildren) {
    const type = child?.type;
    if (child && type === 'attribute') {
      const nameToken = child.child(0)!;
      const expression = child.namedChildren.find((c) => c?.type === 'expression');
      if (expression) attributes.set(nameToken.text, { node: child, nameToken, name: nameToken.text, expression });
    } else if (child && type === 'block') blocks.push(readBlock(child, text));
  }
  return { attributes, blocks };
}
