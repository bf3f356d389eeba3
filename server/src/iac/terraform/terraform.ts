import type { Node } from 'jsonc-parser';
import { dirname, resolve } from 'node:path';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { LineIndex } from '../../engine/lineIndex';
import type { EditSyntax, HostError, HostParse, PolicyKind } from '../hostPolicy';
import { HclContext, choiceCombinations, collectConditionals, sourceOf, templatePieces, toPolicyNode, unwrap } from './hclExpression';
import { HclBlock, readBlock, readBody } from './hclBlocks';
import {
  forgetHclTree,
  hasKeptHclTree,
  hclSyntaxErrors,
  keepHclTree,
  refuseExcessiveNesting,
  withHclTree,
  withHclTreeOfRange,
} from './hclParser';
import { topLevelBlockSpan } from './topLevelBlock';
import { HclLease, parseHclInSteps } from './slicedParse';
import { Steps, runToEnd } from '../../util/steps';
import { literalValue } from './hclStrings';
import { MERGED_DOCUMENTS, documentKind } from './dataDocumentShape';
import { mergedDocumentNames, shareWithParts } from './mergedDocuments';
import { policyDocumentTree } from './policyDocumentData';
import { INLINE_POLICY_BLOCKS, POLICY_DOCUMENT_DATA, POLICY_SLOTS } from './slots';
import { templateJson } from './templateJson';
import { attachTerraformPolicies } from './attachments';
import { BlockContribution, blockMemoOf, emptyContribution, forgetBlockMemo, keepBlockMemo, movedContribution } from './blockMemo';

export { loadTerraformParser, terraformParserLoaded } from './hclParser';

/** Frees what is kept of a file for reading its next version (closed in the editor, say). */
export function forgetTerraformFile(fileName: string): void {
  forgetHclTree(fileName);
  forgetBlockMemo(fileName);
}

/**
 * The policies of a `.tf` file: every policy slot of the AWS provider (`assume_role_policy`,
 * `policy`, `inline_policy` blocks, resource policies) and every `data "aws_iam_policy_document"`
 * block, as trees ranged on the HCL text. Synchronous once loadTerraformParser() has resolved.
 */
export function parseTerraform(text: string, fileName: string): HostParse {
  if (!mayHoldPolicies(text)) return { format: 'terraform', policies: [], errors: [], referencedFiles: [] };
  return withHclTree(text, (root) => runToEnd(new TerraformReader(text, fileName).read(root)) as HostParse, fileName);
}

/**
 * The policies of just the top-level block around `offset` (topLevelBlock.ts), parsed alone with
 * the offsets of the whole text: what a hover reads while the file's whole read is under way in a
 * paused analysis. Undefined when the span does not parse cleanly (the text is not laid out as
 * Terraform usually is): the caller reads the whole file. Policies of that block only, so a data
 * document's kind is judged from its shape, not from the slots elsewhere that use it.
 */
export function parseTerraformBlockAt(text: string, fileName: string, offset: number): HostParse | undefined {
  const span = topLevelBlockSpan(text, offset);
  if (!span) return undefined;
  return withHclTreeOfRange(text, span.start, span.end, (root) => {
    if (root.hasError) return undefined;
    // A clean block with no policy slot (a variable, a bucket): nothing to hover, and no reason to read the file.
    if (!mayHoldPolicies(text.slice(span.start, span.end))) return { format: 'terraform', policies: [], errors: [], referencedFiles: [] };
    return runToEnd(new TerraformReader(text, fileName, false).read(root));
  });
}

/** Below this a file's first parse takes a few milliseconds: it is not worth slicing. */
const SLICED_READ_MIN_LENGTH = 64 * 1024;

/**
 * parseTerraform for the language server, a step at a time: a large file's first parse runs in
 * slices of about `sliceMs` (slicedParse.ts) and its walk yields between top-level blocks, so a
 * hover that arrives meanwhile is answered before the read ends. A file whose previous version's
 * tree is kept (an edit: an incremental parse of milliseconds) or a small one is read in one step.
 * When another sliced read takes the lease meanwhile, the file is read at once (parseTerraform).
 */
export function* parseTerraformInSteps(text: string, fileName: string, sliceMs: number): Steps<HostParse> {
  if (!mayHoldPolicies(text)) return { format: 'terraform', policies: [], errors: [], referencedFiles: [] };
  if (text.length < SLICED_READ_MIN_LENGTH || hasKeptHclTree(fileName)) return parseTerraform(text, fileName);
  refuseExcessiveNesting(text);
  const lease = yield* parseHclInSteps(text, sliceMs);
  if (!lease) return parseTerraform(text, fileName);
  try {
    const parse = yield* new TerraformReader(text, fileName).read(lease.root, lease);
    if (!parse) return parseTerraform(text, fileName);
    return parse;
  } finally {
    // Kept only now, when the walk ended or was dropped (an edit made this version stale): until
    // then no other read (a hover's, of another version) may edit or free it. A dropped walk's tree
    // is kept too: the next version, typed during this read, then reparses it in milliseconds.
    if (!lease.lost) keepHclTree(fileName, text, lease.takeTree());
  }
}

const BLOCK_HEADER = /\b(?:resource|data)\s+"?(aws_[A-Za-z0-9_]+)/g;

/**
 * Whether any block of the file could be a policy slot or a policy document. A .tf without one
 * (most Terraform) is not parsed at all: it has nothing to check, and costs nothing.
 */
export function mayHoldPolicies(text: string): boolean {
  for (const match of text.matchAll(BLOCK_HEADER)) {
    const type = match[1];
    if (type === POLICY_DOCUMENT_DATA || POLICY_SLOTS.has(type) || INLINE_POLICY_BLOCKS.has(type)) return true;
  }
  return false;
}

class TerraformReader {
  private readonly errors: HostError[] = [];
  /** What the block being read contributes; see blockMemo.ts. */
  private block: BlockContribution = emptyContribution(0);
  private lineIndex: LineIndex | undefined;

  constructor(
    private readonly text: string,
    private readonly fileName: string,
    /** Whether the file's block memo is read and replaced (not for a read of one block). */
    private readonly memoised = true,
  ) {}

  /**
   * The file's policies, yielding after each top-level block read. With a `lease` (a sliced read),
   * the tree may be freed while the walk is paused: undefined then, the cursor untouched.
   */
  *read(root: SyntaxNode, lease?: HclLease): Steps<HostParse | undefined> {
    this.errors.push(...hclSyntaxErrors(root, (offset) => this.lines.positionAt(offset)));
    const body = root.namedChildren.find((c) => c?.type === 'body');
    const earlier = this.memoised ? blockMemoOf(this.fileName) : undefined;
    const memo = new Map<string, BlockContribution>();
    const contributions: BlockContribution[] = [];
    // A cursor over the top-level blocks: a node object is made only for a block read again (each is
    // a call into WebAssembly and an allocation, thousands of them in a large module).
    const cursor = body?.walk();
    if (cursor) lease?.hold(cursor);
    let complete = false;
    try {
      if (cursor?.gotoFirstChild()) {
        do {
          if (!cursor.nodeIsNamed || cursor.nodeType !== 'block') continue;
          const start = cursor.startIndex;
          const source = this.text.slice(start, cursor.endIndex);
          const known = earlier?.get(source);
          if (known) {
            contributions.push(movedContribution(known, start));
            memo.set(source, known);
            continue;
          }
          const child = cursor.currentNode;
          const errorsBefore = this.errors.length;
          this.block = emptyContribution(start);
          this.readTopBlock(child);
          contributions.push(this.block);
          // A block with a syntax error, or whose reading reported one (messages carry line numbers), is read again.
          if (this.errors.length === errorsBefore && !child.hasError) memo.set(source, this.block);
          yield;
          // Another sliced read took the lease while this walk was paused: the tree and cursor are freed.
          if (lease?.lost) return undefined;
        } while (cursor.gotoNextSibling());
      }
      complete = true;
    } finally {
      // A walk dropped or lost mid-way keeps what it read, beside what was known: the next read of
      // the file (the next version, or this one read at once) reads only the rest.
      if (this.memoised) keepBlockMemo(this.fileName, complete ? memo : new Map([...(earlier ?? []), ...memo]));
    }
    // A lease frees its cursors with its tree.
    if (!lease) cursor?.delete();
    return this.assemble(contributions);
  }

  private readTopBlock(child: SyntaxNode): void {
    const keyword = child.child(0)!.text;
    if (keyword !== 'resource' && keyword !== 'data') return;
    const block = readBlock(child, this.text);
    if (keyword === 'data' && block.labels[0] === POLICY_DOCUMENT_DATA && block.labels.length === 2) this.readDataDocument(block);
    else if (keyword === 'resource' && block.labels.length === 2) {
      this.readResource(block);
      if (block.labels[0].startsWith('aws_iam_')) this.noteAttributes(block);
    }
  }

  /** The file's policies: the resources' slots, then the data documents with the kind their use gives them. */
  private assemble(contributions: readonly BlockContribution[]): HostParse {
    const policies = contributions.flatMap((c) => c.policies);
    const dataUsage = new Map<string, PolicyKind>();
    const dataUsers = new Map<string, string[]>();
    for (const reference of contributions.flatMap((c) => c.dataReferences)) {
      if (!dataUsage.has(reference.name)) dataUsage.set(reference.name, reference.kind);
      const address = `data.${POLICY_DOCUMENT_DATA}.${reference.name}`;
      dataUsers.set(address, [...(dataUsers.get(address) ?? []), reference.resource]);
    }
    const documents = contributions.flatMap((c) => c.dataDocuments);
    shareWithParts(new Map(documents.map((d) => [d.name, d.parts])), dataUsage, dataUsers);
    for (const { address, name, variants } of documents) {
      const kind = documentKind(variants[0], dataUsage.get(name));
      policies.push({ locator: address, kind, variants, resource: address, edits: 'read-only' });
    }
    const awsManaged = attachTerraformPolicies(
      contributions.flatMap((c) => c.resources),
      policies,
      dataUsers,
    );
    return {
      format: 'terraform',
      policies,
      errors: this.errors,
      referencedFiles: contributions.flatMap((c) => c.referencedFiles),
      ...awsManaged,
    };
  }

  private noteAttributes(block: HclBlock): void {
    const content = readBody(block.body, this.text);
    const attributes = new Map<string, string>();
    const offsets = new Map<string, number>();
    for (const [name, attribute] of content.attributes) {
      attributes.set(name, this.text.slice(attribute.expression.startIndex, attribute.expression.endIndex));
      offsets.set(name, attribute.expression.startIndex);
    }
    this.block.resources.push({ type: block.labels[0], name: block.labels[1], attributes, offsets });
  }

  private get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  private lineOf = (offset: number): number => this.lines.positionAt(offset).line;

  private readResource(block: HclBlock): void {
    const [type, name] = block.labels;
    const slots = POLICY_SLOTS.get(type);
    const inlineBlock = INLINE_POLICY_BLOCKS.get(type);
    if (!slots && !inlineBlock) return;
    const resource = `${type}.${name}`;
    const content = readBody(block.body, this.text);
    for (const [attribute, kind] of slots ?? []) {
      const slot = content.attributes.get(attribute);
      if (slot) this.readSlot(slot.expression, kind, `${resource}.${attribute}`, resource);
    }
    if (!inlineBlock) return;
    content.blocks
      .filter((b) => b.type === inlineBlock)
      .forEach((inline, index) => {
        const policy = readBody(inline.body, this.text).attributes.get('policy');
        if (policy) this.readSlot(policy.expression, 'identity', `${resource}.${inlineBlock}[${index}].policy`, resource);
      });
  }

  /** One policy slot's value: jsonencode, a heredoc or string of JSON, file(), a data document. */
  private readSlot(expression: SyntaxNode, kind: PolicyKind, locator: string, resource: string): void {
    const value = unwrap(expression);
    if (value.type === 'function_call') {
      const name = value.child(0)!.text;
      const argument = value.namedChildren.find((c) => c?.type === 'function_arguments')?.namedChildren[0];
      if (!argument) return;
      if (name === 'jsonencode') this.addVariants(argument, kind, locator, resource, 'hcl-object');
      else if (name === 'file' || name === 'templatefile') this.addReferencedFile(argument, value, kind, locator);
      return;
    }
    if (value.type === 'conditional') {
      // `c ? jsonencode({...}) : data.aws_iam_policy_document.x.json`: each branch is a policy of the slot.
      const [, whenTrue, whenFalse] = value.namedChildren;
      if (whenTrue) this.readSlot(whenTrue, kind, locator, resource);
      if (whenFalse) this.readSlot(whenFalse, kind, locator, resource);
      return;
    }
    // A template (heredoc, interpolated string) or a plain string: either way JSON text.
    if (value.type === 'template_expr' || (value.type === 'literal_value' && value.child(0)!.type === 'string_lit')) {
      const template = value.child(0)!;
      const heredoc = template.type === 'heredoc_template';
      if (!this.holdsJsonText(template, heredoc)) return;
      const parsed = templateJson(template, this.text, locator, this.lineOf);
      this.errors.push(...parsed.errors);
      if (parsed.root?.type === 'object') this.addPolicy(locator, kind, [parsed.root], resource, heredoc ? 'json' : 'read-only');
      return;
    }
    const data = dataDocumentName(value);
    if (data) this.block.dataReferences.push({ name: data, kind, resource });
  }

  /**
   * A quoted string is read as a policy only when it starts with `{` (not an ARN, not empty); a
   * heredoc unless it starts with an interpolation (`${data.x.json}`), whose value is unknown.
   */
  private holdsJsonText(template: SyntaxNode, heredoc: boolean): boolean {
    const start = heredoc ? this.text.indexOf('\n', template.startIndex) + 1 : template.startIndex + 1;
    const first = /\S/.exec(this.text.slice(start, Math.min(template.endIndex, start + 200)))?.[0];
    return heredoc ? first !== undefined && first !== '$' && first !== '%' : first === '{';
  }

  private addVariants(expression: SyntaxNode, kind: PolicyKind, locator: string, resource: string, edits: EditSyntax): void {
    const conditionals = this.conditionalsIn(expression);
    const variants = choiceCombinations(conditionals).map((choices) => toPolicyNode(expression, { text: this.text, choices }));
    if (variants[0].type === 'object') this.addPolicy(locator, kind, variants, resource, edits);
  }

  /** The conditionals of a policy's HCL; a text without `?` has none, and is not walked for them. */
  private conditionalsIn(node: SyntaxNode): SyntaxNode[] {
    const conditionals: SyntaxNode[] = [];
    // Searched within the node only: an indexOf from its start would scan the rest of the file
    // for each policy when the file holds no `?`, quadratic in a large module.
    if (hasCharBetween(this.text, QUESTION_MARK, node.startIndex, node.endIndex)) collectConditionals(node, conditionals);
    return conditionals;
  }

  private readDataDocument(block: HclBlock): void {
    const address = `data.${POLICY_DOCUMENT_DATA}.${block.labels[1]}`;
    const conditionals = block.body ? this.conditionalsIn(block.body) : [];
    const variants = choiceCombinations(conditionals).map((choices) => {
      const ctx: HclContext = { text: this.text, choices };
      return policyDocumentTree(block, ctx);
    });
    const attributes = readBody(block.body, this.text).attributes;
    const parts = MERGED_DOCUMENTS.flatMap((name) => {
      const merged = attributes.get(name)?.expression;
      return merged ? mergedDocumentNames(this.text.slice(merged.startIndex, merged.endIndex)) : [];
    });
    this.block.dataDocuments.push({ address, name: block.labels[1], variants, parts });
  }

  private addReferencedFile(argument: SyntaxNode, call: SyntaxNode, kind: PolicyKind, locator: string): void {
    const path = filePath(argument, this.text, dirname(this.fileName));
    if (path === undefined) return;
    this.block.referencedFiles.push({
      path: resolve(dirname(this.fileName), path),
      kind,
      locator,
      offset: call.startIndex,
      length: call.endIndex - call.startIndex,
    });
  }

  private addPolicy(locator: string, kind: PolicyKind, variants: Node[], resource: string, edits: EditSyntax): void {
    this.block.policies.push({ locator, kind, variants, resource, edits });
  }
}

const QUESTION_MARK = 63;

function hasCharBetween(text: string, code: number, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

/** `data.aws_iam_policy_document.NAME.json` (also `[0].json`, `.minified_json`): NAME. */
function dataDocumentName(value: SyntaxNode): string | undefined {
  if (value.type !== 'expression') return undefined;
  const parts: string[] = [];
  for (const child of value.namedChildren) {
    if (!child) continue;
    if (child.type === 'variable_expr' || child.type === 'get_attr')
      parts.push(child.namedChildren.find((c) => c?.type === 'identifier')!.text);
    else if (child.type !== 'index') return undefined;
  }
  const [data, type, name, attribute] = parts;
  const reference = data === 'data' && type === POLICY_DOCUMENT_DATA && (attribute === 'json' || attribute === 'minified_json');
  return reference && parts.length === 4 ? name : undefined;
}

/**
 * The path of `file("x.json")` / `templatefile("${path.module}/x.json", {...})`, when it is known:
 * `path.module` is the .tf's own folder; any other interpolation makes it unknown.
 */
function filePath(argument: SyntaxNode, text: string, folder: string): string | undefined {
  const value = unwrap(argument);
  if (value.type === 'literal_value' && value.child(0)!.type === 'string_lit') {
    const literal = value.child(0)!;
    return literalValue(text, literal.startIndex + 1, literal.endIndex - 1, 'quoted');
  }
  if (value.type !== 'template_expr' || value.child(0)!.type !== 'quoted_template') return undefined;
  let path = '';
  for (const piece of templatePieces(value.child(0)!)) {
    if (piece.type === 'template_literal') path += literalValue(text, piece.startIndex, piece.endIndex, 'quoted');
    else if (/^\$\{\s*path\.module\s*\}$/.test(sourceOf(piece, text))) path += folder;
    else return undefined;
  }
  return path;
}
