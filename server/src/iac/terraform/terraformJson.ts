import { Node, ParseError, findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import { dirname, resolve } from 'node:path';
import type { MarkedNode } from '../../engine/deployTime';
import { LineIndex } from '../../engine/lineIndex';
import type { EditSyntax, HostError, HostFormat, HostParse, HostPolicy, PolicyKind } from '../hostPolicy';
import { decodeJsonString, parseMappedJson } from '../jsonString';
import { TerraformResource, attachTerraformPolicies } from './attachments';
import { MERGED_DOCUMENTS, documentKind } from './dataDocumentShape';
import { mergedDocumentNames, shareWithParts } from './mergedDocuments';
import { policyDocumentJsonTree } from './policyDocumentJson';
import { INLINE_POLICY_BLOCKS, POLICY_DOCUMENT_DATA, POLICY_SLOTS } from './slots';

/**
 * Terraform's JSON forms: `.tf.json` (`resource.aws_iam_role.NAME.assume_role_policy` as an object
 * or as a string of JSON, `${...}` interpolation in strings, `data.aws_iam_policy_document.NAME`
 * documents read by policyDocumentJson.ts) and `terraform show -json` plans
 * (policies as JSON strings under `resource_changes[].change.after` and `planned_values`). A
 * policy in a JSON string is decoded and parsed with its offsets mapped back through the escapes.
 */

const JSON_PARSER = 'JSON parser (jsonc-parser)';

class JsonReader {
  readonly policies: HostPolicy[] = [];
  readonly errors: HostError[] = [];
  readonly referencedFiles: HostParse['referencedFiles'] = [];
  /** How each `data.aws_iam_policy_document.NAME` is used by a slot of the file, by NAME (`.tf.json`). */
  readonly dataUsage = new Map<string, PolicyKind>();
  /** The resources whose slot uses each data document, by the document's address. */
  readonly dataUsers = new Map<string, string[]>();
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly text: string,
    readonly fileName: string,
    /** `.tf.json` strings are templates (`${...}`, `$${`); a plan's strings are final values. */
    readonly templates: boolean,
  ) {}

  lineOf = (offset: number): number => {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.positionAt(offset).line;
  };

  parse(): Node | undefined {
    const parseErrors: ParseError[] = [];
    const root = parseTree(this.text, parseErrors, { allowTrailingComma: false, disallowComments: true });
    for (const e of parseErrors.slice(0, 10)) {
      this.errors.push({
        message: `${JSON_PARSER}: ${printParseErrorCode(e.error)} at line ${this.lineOf(e.offset) + 1}`,
        offset: e.offset,
        length: e.length,
      });
    }
    return root;
  }

  result(format: HostFormat): HostParse {
    return { format, policies: this.policies, errors: this.errors, referencedFiles: this.referencedFiles };
  }

  /** A slot's value: a policy object (`.tf.json`), or a string holding the policy's JSON. */
  readSlot(value: Node, kind: PolicyKind, locator: string, resource: string): void {
    if (value.type === 'object') {
      if (this.templates) markInterpolations(value);
      this.add(locator, kind, value, resource, 'json');
      return;
    }
    if (value.type !== 'string' || typeof value.value !== 'string' || value.value.trim() === '') return;
    if (this.templates && this.readTemplateReference(value.value, value, kind, locator, resource)) return;
    const decoded = decodeJsonString(this.text, value.offset, value.length);
    if (!decoded) return;
    const parsed = parseMappedJson(decoded, `the policy string of ${locator}`, this.lineOf);
    this.errors.push(...parsed.errors);
    if (parsed.root?.type !== 'object') return;
    if (this.templates) markInterpolations(parsed.root);
    this.add(locator, kind, parsed.root, resource, 'read-only');
  }

  /** `${file("x.json")}`, `${data.aws_iam_policy_document.X.json}`, any other whole `${...}`. */
  private readTemplateReference(template: string, node: Node, kind: PolicyKind, locator: string, resource: string): boolean {
    const whole = /^\$\{([^]*)\}$/.exec(template.trim());
    if (!whole || whole[1].includes('${')) return false;
    const data = DATA_DOCUMENT_REFERENCE.exec(whole[1])?.[1];
    if (data) {
      if (!this.dataUsage.has(data)) this.dataUsage.set(data, kind);
      const address = `data.${POLICY_DOCUMENT_DATA}.${data}`;
      this.dataUsers.set(address, [...(this.dataUsers.get(address) ?? []), resource]);
      return true;
    }
    const file = /^\s*(?:file|templatefile)\(\s*"((?:\$\{path\.module\}|[^"$\\])*)"/.exec(whole[1]);
    if (file) {
      const folder = dirname(this.fileName);
      this.referencedFiles.push({
        path: resolve(folder, file[1].replace('${path.module}', folder)),
        kind,
        locator,
        offset: node.offset,
        length: node.length,
      });
    }
    // A data document (analysed where it is declared) or a value known only at deploy time.
    return true;
  }

  /** A `data.aws_iam_policy_document.NAME` in JSON syntax: read-only, its kind from the slot using it. */
  readDataDocument(nameKey: Node, body: Node): void {
    const name = String(nameKey.value);
    const address = `data.${POLICY_DOCUMENT_DATA}.${name}`;
    markInterpolations(body);
    const tree = policyDocumentJsonTree(nameKey, body, this.text);
    this.add(address, documentKind(tree, this.dataUsage.get(name)), tree, address, 'read-only');
  }

  private add(locator: string, kind: PolicyKind, root: Node, resource: string, edits: EditSyntax): void {
    this.policies.push({ locator, kind, variants: [root], resource, edits });
  }
}

/** `data.aws_iam_policy_document.NAME.json` (also `[0].json`, `.minified_json`) as a whole interpolation. */
const DATA_DOCUMENT_REFERENCE = /^\s*data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[\d+\])?\.(?:minified_)?json\s*$/;

/** Strings of a `.tf.json` policy holding `${...}` are deploy-time; `$${` is a literal `${`. */
function markInterpolations(node: Node): void {
  if (node.type === 'string' && typeof node.value === 'string' && node.value.includes('${')) {
    const raw = node.value;
    const literal = raw.replace(/\$\$\{/g, '${');
    const interpolated = /(^|[^$])\$\{/.test(raw);
    (node as { value: unknown }).value = literal;
    if (interpolated) {
      // A string that is one interpolation is that expression's value, which may be null.
      const whole = /^\$\{[^]*\}$/.test(raw);
      (node as MarkedNode).deployTime = whole ? { source: raw, partial: false, mayBeNull: true } : { source: raw, partial: true };
    }
    return;
  }
  for (const child of node.children ?? []) markInterpolations(child);
}

function entries(node: Node | undefined): Array<[string, Node]> {
  if (!node) return [];
  if (node.type === 'array') return (node.children ?? []).flatMap(entries);
  if (node.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) =>
    p.children?.length === 2 ? [[String(p.children[0].value), p.children[1]] as [string, Node]] : [],
  );
}

/**
 * A `.tf.json` file's policy slots and `data "aws_iam_policy_document"` documents, with the
 * attachments of its identity policies to its principals, as the HCL adapter reads them.
 */
export function parseTerraformJson(text: string, fileName: string): HostParse {
  const reader = new JsonReader(text, fileName, true);
  const root = reader.parse();
  const dataDocuments: Array<[Node, Node]> = [];
  const resources: TerraformResource[] = [];
  for (const [key, types] of entries(root)) {
    if (key === 'data') {
      for (const [type, documents] of entries(types)) {
        if (type !== POLICY_DOCUMENT_DATA) continue;
        for (const property of blockProperties(documents)) dataDocuments.push(property);
      }
    }
    if (key !== 'resource') continue;
    for (const [type, blocks] of entries(types)) {
      const slots = POLICY_SLOTS.get(type);
      const inlineBlock = INLINE_POLICY_BLOCKS.get(type);
      for (const [name, body] of entries(blocks)) {
        const resource = `${type}.${name}`;
        if (type.startsWith('aws_iam_')) resources.push({ type, name, ...attributeTexts(text, body) });
        if (!slots && !inlineBlock) continue;
        for (const [attribute, value] of entries(body)) {
          const kind = slots?.get(attribute);
          if (kind) reader.readSlot(value, kind, `${resource}.${attribute}`, resource);
          else if (attribute === inlineBlock) {
            const inline = value.type === 'array' ? (value.children ?? []) : [value];
            inline.forEach((block, index) => {
              const policy = entries(block).find(([k]) => k === 'policy')?.[1];
              if (policy) reader.readSlot(policy, 'identity', `${resource}.${inlineBlock}[${index}].policy`, resource);
            });
          }
        }
      }
    }
  }
  // A document merged into another goes where the other goes (mergedDocuments.ts).
  const parts = new Map<string, string[]>();
  for (const [nameKey, body] of dataDocuments) {
    const merged = entries(body).filter(([key]) => MERGED_DOCUMENTS.includes(key));
    const names = merged.flatMap(([, value]) => mergedDocumentNames(text.slice(value.offset, value.offset + value.length)));
    parts.set(String(nameKey.value), [...(parts.get(String(nameKey.value)) ?? []), ...names]);
  }
  shareWithParts(parts, reader.dataUsage, reader.dataUsers);
  // After the resources: a document's kind is that of the slot using it, wherever it is declared.
  for (const [nameKey, body] of dataDocuments) reader.readDataDocument(nameKey, body);
  const awsManaged = attachTerraformPolicies(resources, reader.policies, reader.dataUsers);
  return { ...reader.result('terraform-json'), ...awsManaged };
}

/** `{"NAME": {...}}` (or a list of such objects): each name's key node and its object body. */
function blockProperties(node: Node): Array<[Node, Node]> {
  if (node.type === 'array') return (node.children ?? []).flatMap(blockProperties);
  if (node.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) => {
    const [key, body] = p.children ?? [];
    if (!key || !body) return [];
    const bodies = body.type === 'array' ? (body.children ?? []) : [body];
    return bodies.filter((b) => b.type === 'object').map((b): [Node, Node] => [key, b]);
  });
}

/** A resource's attributes as their JSON text, for the references attachments follow. */
function attributeTexts(text: string, body: Node): Pick<TerraformResource, 'attributes' | 'offsets'> {
  const values = entries(body);
  return {
    attributes: new Map(values.map(([name, value]) => [name, text.slice(value.offset, value.offset + value.length)])),
    offsets: new Map(values.map(([name, value]) => [name, value.offset])),
  };
}

/** Whether a JSON file is the output of `terraform show -json` of a plan. */
export function looksLikeTerraformPlan(text: string): boolean {
  const head = text.slice(0, 4096);
  // The literal first, as in iac/detect.ts: every JSON policy file of a run is asked, and has none.
  return (
    head.includes('"format_version"') &&
    /"format_version"\s*:/.test(head) &&
    /"(terraform_version|resource_changes|planned_values)"\s*:/.test(text.slice(0, 65536))
  );
}

/**
 * A plan's policies: each managed resource's policy attributes after the change, from
 * `resource_changes`, then from `planned_values` for addresses the changes do not list.
 */
export function parseTerraformPlan(text: string, fileName: string): HostParse {
  const reader = new JsonReader(text, fileName, false);
  const root = reader.parse();
  if (!root) return reader.result('terraform-plan');
  const seen = new Set<string>();
  for (const change of findNodeAtLocation(root, ['resource_changes'])?.children ?? []) {
    const fields = new Map(entries(change));
    if (fields.get('mode')?.value !== 'managed') continue;
    const address = fields.get('address')?.value;
    const type = fields.get('type')?.value;
    const after = findNodeAtLocation(change, ['change', 'after']);
    if (typeof address !== 'string' || typeof type !== 'string' || after?.type !== 'object') continue;
    seen.add(address);
    readPlannedResource(reader, address, type, after);
  }
  const modules: Node[] = [];
  const rootModule = findNodeAtLocation(root, ['planned_values', 'root_module']);
  if (rootModule) modules.push(rootModule);
  while (modules.length) {
    const module = modules.pop()!;
    for (const resource of findNodeAtLocation(module, ['resources'])?.children ?? []) {
      const fields = new Map(entries(resource));
      const address = fields.get('address')?.value;
      const type = fields.get('type')?.value;
      const values = fields.get('values');
      if (fields.get('mode')?.value !== 'managed' || typeof address !== 'string' || typeof type !== 'string') continue;
      if (seen.has(address) || values?.type !== 'object') continue;
      seen.add(address);
      readPlannedResource(reader, address, type, values);
    }
    modules.push(...(findNodeAtLocation(module, ['child_modules'])?.children ?? []));
  }
  return reader.result('terraform-plan');
}

function readPlannedResource(reader: JsonReader, address: string, type: string, values: Node): void {
  const slots = POLICY_SLOTS.get(type);
  const inlineBlock = INLINE_POLICY_BLOCKS.get(type);
  for (const [attribute, value] of entries(values)) {
    const kind = slots?.get(attribute);
    if (kind) reader.readSlot(value, kind, `${address}.${attribute}`, address);
    else if (attribute === inlineBlock && value.type === 'array') {
      (value.children ?? []).forEach((block, index) => {
        const policy = entries(block).find(([k]) => k === 'policy')?.[1];
        if (policy) reader.readSlot(policy, 'identity', `${address}.${inlineBlock}[${index}].policy`, address);
      });
    }
  }
}
