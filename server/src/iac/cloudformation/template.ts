import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { readJsonTree } from '../../engine/jsonTree';
import { propertyOf } from '../../engine/parse';
import type { EditSyntax, HostError, HostParse, HostPolicy, PolicyKind } from '../hostPolicy';
import { objectNode, propertyNode, stringNode, arrayNode } from '../nodes';
import { decodeJsonString, parseMappedJson } from '../jsonString';
import { readYamlTree } from '../yaml/yamlTree';
import { ownEntry } from '../../util/records';
import { Choices, NO_VALUE, conditionNames, intrinsicOf, propertyValue as valueOf, resolveValue } from './intrinsics';
import { attachPolicies } from './attachments';
import { INLINE_POLICY_LISTS, POLICY_SLOTS, SAM_POLICY_LISTS } from './slots';

/** Past this many distinct `Fn::If` conditions in one policy, only "all true" and "all false" are judged. */
const MAX_CONDITIONS_COMBINED = 4;

function variantChoices(names: readonly string[]): Choices[] {
  if (names.length === 0) return [new Map()];
  if (names.length > MAX_CONDITIONS_COMBINED) {
    return [new Map(names.map((n) => [n, true])), new Map(names.map((n) => [n, false]))];
  }
  const all: Choices[] = [];
  for (let mask = 0; mask < 1 << names.length; mask++) {
    all.push(new Map(names.map((n, i) => [n, (mask & (1 << i)) === 0])));
  }
  return all;
}

/** Every node of a tree parsed from a string value placed on the string itself. */
function placeOn(node: Node, host: Node): Node {
  const copy = { ...node, offset: host.offset, length: host.length, parent: undefined } as Node & { parent?: Node };
  if (node.children) {
    const children = node.children.map((child) => placeOn(child, host));
    (copy as { children?: Node[] }).children = children;
    for (const child of children) (child as { parent?: Node }).parent = copy;
  }
  return copy;
}

/**
 * A policy written as a JSON string (CloudFormation accepts one where a policy document goes). Its
 * findings are placed on the whole string: positions inside a quoted, escaped string are not
 * the template's.
 */
function policyFromString(value: Node): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(value.value as string, errors);
  if (!root || root.type !== 'object' || errors.length > 0) return undefined;
  return placeOn(root, value);
}

interface Found {
  locator: string;
  kind: PolicyKind;
  value: Node;
  /** A bare SAM statement, to be wrapped in a policy. */
  bareStatement?: boolean;
}

/** What one resource's properties hold in policies. */
function slotsOf(type: string, properties: Node, base: string): Found[] {
  const found: Found[] = [];
  for (const slot of ownEntry(POLICY_SLOTS, type) ?? []) {
    for (const { path, value } of valuesAt(properties, slot.property.split('.'), base))
      found.push({ locator: path, kind: slot.kind, value });
  }
  const policies = valueOf(propertyOf(properties, 'Policies'));
  if (policies && INLINE_POLICY_LISTS.has(type) && policies.type === 'array') {
    policies.children?.forEach((entry, i) => {
      const document = valueOf(propertyOf(entry, 'PolicyDocument'));
      if (document) found.push({ locator: `${base}.Policies[${i}].PolicyDocument`, kind: 'identity', value: document });
    });
  }
  if (policies && SAM_POLICY_LISTS.has(type)) {
    const entries = policies.type === 'array' ? (policies.children ?? []) : [policies];
    entries.forEach((entry, i) => {
      const locator = policies.type === 'array' ? `${base}.Policies[${i}]` : `${base}.Policies`;
      // A managed policy name or ARN, an intrinsic, or a SAM policy template ({S3ReadPolicy: {...}}):
      // SAM expands them; none is a policy document to judge here.
      if (entry.type !== 'object' || intrinsicOf(entry)) return;
      if (propertyOf(entry, 'Statement')) found.push({ locator, kind: 'identity', value: entry });
      else if (propertyOf(entry, 'Effect')) found.push({ locator, kind: 'identity', value: entry, bareStatement: true });
    });
  }
  return found;
}

/**
 * The values at a path of properties (`ResourcePolicy.PolicyDocument`), each step an object of the
 * template; a step `Replicas[]` takes every item of a list, its index in the locator.
 */
function valuesAt(node: Node | undefined, steps: readonly string[], path: string): Array<{ path: string; value: Node }> {
  if (!node) return [];
  if (steps.length === 0) return [{ path, value: node }];
  const [step, ...rest] = steps;
  const each = step.endsWith('[]');
  const name = each ? step.slice(0, -2) : step;
  const value = valueOf(propertyOf(node, name));
  if (!each) return valuesAt(value, rest, `${path}.${name}`);
  if (value?.type !== 'array') return [];
  return (value.children ?? []).flatMap((item, i) => valuesAt(item, rest, `${path}.${name}[${i}]`));
}

function wrapStatement(statement: Node): Node {
  const key = stringNode('Statement', statement.offset, 0);
  return objectNode([propertyNode(key, arrayNode([statement], statement.offset, statement.length))], statement.offset, statement.length);
}

function jsonErrors(errors: ParseError[]): HostError[] {
  return errors.map((e) => ({ message: `JSON parser: ${printParseErrorCode(e.error)}`, offset: e.offset, length: e.length }));
}

export type CloudFormationSyntax = 'json' | 'yaml';

/** The template's tree, from the JSON or the YAML parser. */
export function readTemplateTree(text: string, syntax: CloudFormationSyntax): { root: Node | undefined; errors: HostError[] } {
  if (syntax === 'yaml') return readYamlTree(text);
  const errors: ParseError[] = [];
  const tree = readJsonTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (tree.tooDeep)
    return { root: undefined, errors: [{ message: 'JSON parser: the template nests too deeply to be read', offset: 0, length: 0 }] };
  return { root: tree.root, errors: jsonErrors(errors) };
}

/**
 * The policies of a CloudFormation (or SAM, or CDK-synthesized) template: one HostPolicy per
 * policy slot of each resource, with one tree per combination of the `Fn::If` conditions it uses.
 */
export function readCloudFormation(text: string, syntax: CloudFormationSyntax, root?: Node, errors: HostError[] = []): HostParse {
  if (!root) {
    const tree = readTemplateTree(text, syntax);
    root = tree.root;
    errors = tree.errors;
  }
  const parse: HostParse = {
    format: syntax === 'yaml' ? 'cloudformation-yaml' : 'cloudformation-json',
    policies: [],
    errors,
    referencedFiles: [],
  };
  const resources = valueOf(propertyOf(root, 'Resources'));
  if (!resources) return parse;
  if (resources.type !== 'object') {
    parse.errors.push({
      message: 'Resources must be a mapping of logical ids to resources',
      offset: resources.offset,
      length: resources.length,
    });
    return parse;
  }
  const read: ResourceRead[] = [];
  for (const resource of resources.children ?? []) {
    const one = readResource(text, resource, syntax);
    if (!one) continue;
    read.push(one);
    parse.policies.push(...one.policies);
  }
  Object.assign(parse, attachPolicies(read, parse.policies));
  return parse;
}

/** One resource of a template: its logical id, type, properties and the policies of its slots. */
export interface ResourceRead {
  id: string;
  type: string;
  properties: Node;
  policies: HostPolicy[];
}

/** A `Resources` entry (its property node) read on its own: nothing of it depends on the rest of the template. */
export function readResource(text: string, resource: Node, syntax: CloudFormationSyntax): ResourceRead | undefined {
  const [idNode, body] = resource.children ?? [];
  if (!idNode || body?.type !== 'object') return undefined;
  const id = String(idNode.value);
  const type = valueOf(propertyOf(body, 'Type'));
  const properties = valueOf(propertyOf(body, 'Properties'));
  if (type?.type !== 'string' || properties?.type !== 'object') return undefined;
  const cdkPath = valueOf(propertyOf(valueOf(propertyOf(body, 'Metadata')), 'aws:cdk:path'));
  const construct = cdkPath?.type === 'string' ? (cdkPath.value as string) : undefined;
  const policies: HostPolicy[] = [];
  for (const slot of slotsOf(type.value as string, properties, `Resources.${id}.Properties`)) {
    const policy = hostPolicy(text, slot, id, construct, syntax);
    if (policy) policies.push(policy);
  }
  return { id, type: type.value as string, properties, policies };
}

function hostPolicy(
  text: string,
  slot: Found,
  resource: string,
  construct: string | undefined,
  syntax: CloudFormationSyntax,
): HostPolicy | undefined {
  let edits: EditSyntax = syntax;
  let value = slot.value;
  let placedOn: { offset: number; length: number } | undefined;
  if (value.type === 'string') {
    // In a JSON template the string's escapes map every position back exactly; a YAML scalar's
    // folding and quoting do not, so its findings go on the whole string.
    const decoded = syntax === 'json' ? decodeJsonString(text, value.offset, value.length) : undefined;
    const mapped = decoded ? parseMappedJson(decoded, slot.locator, () => 0) : undefined;
    const parsed = mapped?.root && mapped.errors.length === 0 && mapped.root.type === 'object' ? mapped.root : policyFromString(value);
    if (!parsed) return undefined;
    if (parsed !== mapped?.root) placedOn = { offset: value.offset, length: value.length };
    value = parsed;
    edits = 'none';
  }
  const variants: Node[] = [];
  for (const choices of variantChoices(conditionNames(value))) {
    const resolved = resolveValue(text, value, choices);
    if (resolved === NO_VALUE || resolved.type !== 'object') continue;
    variants.push(slot.bareStatement ? wrapStatement(resolved) : resolved);
  }
  if (variants.length === 0) return undefined;
  if (slot.bareStatement) edits = 'read-only';
  return {
    locator: slot.locator,
    kind: slot.kind,
    variants,
    resource,
    ...(construct ? { construct } : {}),
    edits,
    ...(placedOn ? { placedOn } : {}),
  };
}
