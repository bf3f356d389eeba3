import type { Node } from 'jsonc-parser';
import { deployTimeOf } from '../../engine/deployTime';
import { setYamlLayout, yamlLayoutOf } from '../../engine/yamlLayout';
import { arrayNode, deployTimeNode, objectNode, propertyNode, stringNode } from '../nodes';

/** The value of a property node (`{"Key": value}` → value). */
export const propertyValue = (property: Node | undefined): Node | undefined => property?.children?.[1];

/** The one key of an intrinsic function's object: `Ref`, `Condition` or `Fn::...`. */
export function intrinsicOf(node: Node | undefined): { name: string; argument: Node; key: Node } | undefined {
  if (node?.type !== 'object' || node.children?.length !== 1) return undefined;
  const [key, argument] = node.children[0].children ?? [];
  const name = key?.value;
  if (typeof name !== 'string' || !argument) return undefined;
  if (name === 'Ref' || name.startsWith('Fn::')) return { name, argument, key };
  return undefined;
}

const shortName = (name: string) => (name === 'Ref' ? '!Ref' : `!${name.slice(4)}`);

/** `Ref: AWS::NoValue` (or its short tag): the element is left out where it appears. */
export const NO_VALUE = Symbol('AWS::NoValue');
export type Resolved = Node | typeof NO_VALUE;

/** Which branch of each `Fn::If`, by condition name: the same condition picks the same branch everywhere. */
export type Choices = ReadonlyMap<string, boolean>;

/** The condition names of every `Fn::If` under `node`, in document order. */
export function conditionNames(node: Node, found: string[] = []): string[] {
  const children = node.children;
  if (children === undefined) return found;
  const fn = children.length === 1 && node.type === 'object' ? intrinsicOf(node) : undefined;
  if (fn?.name === 'Fn::If') {
    const condition = fn.argument.children?.[0];
    if (typeof condition?.value === 'string' && !found.includes(condition.value)) found.push(condition.value);
  }
  for (const child of children) conditionNames(child, found);
  return found;
}

/** The template's spelling of `node` for messages, on one line: white space is collapsed before it is cut short, so a YAML block keeps its words. */
function textOf(text: string, node: Node): string {
  const source = text.slice(node.offset, node.offset + node.length).replace(/\s+/g, ' ');
  return source.length > 60 ? `${source.slice(0, 57)}...` : source;
}

function unknown(text: string, node: Node, value: string, source?: string): Node {
  return deployTimeNode(value, node.offset, node.length, source ?? textOf(text, node));
}

/** `${Name}` of Fn::Sub: a literal `${!x}` is the text `${x}` (an IAM policy variable, say). */
function subTemplate(template: string, variables: ReadonlyMap<string, string | undefined>): { value: string; partial: boolean } {
  let partial = false;
  const value = template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const known = variables.get(name.trim());
    if (known !== undefined) return known;
    partial = true;
    return whole;
  });
  return { value, partial };
}

/**
 * The value CloudFormation would deploy for `node`, as far as the template says: intrinsics whose
 * result the template cannot know become deploy-time values (engine/deployTime.ts), `Fn::Sub` and
 * `Fn::Join` keep their known text, `Fn::If` takes the branch `choices` picks, and `AWS::NoValue`
 * drops the element. Nodes keep the template's ranges.
 */
export function resolveValue(text: string, node: Node, choices: Choices): Resolved {
  const fn = intrinsicOf(node);
  if (fn) return resolveIntrinsic(text, node, fn.name, fn.argument, choices);
  if (node.type === 'object') {
    // Most of a template is plain values: a subtree without intrinsics is the template's own
    // nodes, not a copy (copying every policy cost a 1 MB template a third of its analysis).
    const children = node.children ?? [];
    let properties: Node[] | undefined;
    for (let i = 0; i < children.length; i++) {
      const property = children[i];
      const [key, value] = property.children ?? [];
      const resolved = key && value ? resolveValue(text, value, choices) : NO_VALUE;
      if (resolved === value && !properties) continue;
      properties ??= children.slice(0, i);
      if (resolved === NO_VALUE) continue;
      properties.push(
        resolved === value ? property : propertyNode(stringNode(String(key.value), key.offset, key.length), resolved, property.colonOffset),
      );
    }
    return properties ? keepLayout(node, objectNode(properties, node.offset, node.length)) : node;
  }
  if (node.type === 'array') {
    const children = node.children ?? [];
    let items: Node[] | undefined;
    for (let i = 0; i < children.length; i++) {
      const resolved = resolveValue(text, children[i], choices);
      if (resolved === children[i] && !items) continue;
      items ??= children.slice(0, i);
      if (resolved !== NO_VALUE) items.push(resolved);
    }
    return items ? keepLayout(node, arrayNode(items, node.offset, node.length)) : node;
  }
  return node;
}

function keepLayout(from: Node, to: Node): Node {
  const layout = yamlLayoutOf(from);
  if (layout) setYamlLayout(to, layout);
  return to;
}

function resolveIntrinsic(text: string, node: Node, name: string, argument: Node, choices: Choices): Resolved {
  switch (name) {
    case 'Ref': {
      const target = String(argument.value ?? '');
      if (target === 'AWS::NoValue') return NO_VALUE;
      return unknown(text, node, `\${${target}}`, `${shortName(name)} ${target}`);
    }
    case 'Fn::GetAtt': {
      const parts = argument.type === 'array' ? (argument.children ?? []).map((c) => String(c.value ?? '?')) : [String(argument.value)];
      return unknown(text, node, `\${${parts.join('.')}}`, `!GetAtt ${parts.join('.')}`);
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = argument.children ?? [];
      const chosen = choices.get(String(condition?.value)) === false ? whenFalse : whenTrue;
      return chosen ? resolveValue(text, chosen, choices) : unknown(text, node, '${Fn::If}');
    }
    case 'Fn::Sub':
      return resolveSub(text, node, argument, choices);
    case 'Fn::Join':
      return resolveJoin(text, node, argument, choices);
    default:
      // ImportValue, Select, FindInMap, Split, Base64, GetAZs, Cidr, ToJsonString, Length, ...:
      // the template alone cannot say what they give.
      return unknown(text, node, `\${${name}}`);
  }
}

function resolveSub(text: string, node: Node, argument: Node, choices: Choices): Resolved {
  let template: Node | undefined = argument;
  const variables = new Map<string, string | undefined>();
  if (argument.type === 'array') {
    template = argument.children?.[0];
    for (const property of argument.children?.[1]?.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      const resolved = resolveValue(text, value, choices);
      const known =
        resolved !== NO_VALUE && resolved.type === 'string' && deployTimeOf(resolved) === undefined
          ? (resolved.value as string)
          : undefined;
      variables.set(String(key.value), known);
    }
  }
  if (template?.type !== 'string') return unknown(text, node, '${Fn::Sub}');
  const { value, partial } = subTemplate(template.value as string, variables);
  if (!partial) return stringNode(value, node.offset, node.length);
  return deployTimeNode(value, node.offset, node.length, textOf(text, node), true);
}

function resolveJoin(text: string, node: Node, argument: Node, choices: Choices): Resolved {
  const [delimiter, list] = argument.children ?? [];
  if (delimiter?.type !== 'string' || list?.type !== 'array') return unknown(text, node, '${Fn::Join}');
  let partial = false;
  const parts: string[] = [];
  for (const item of list.children ?? []) {
    const resolved = resolveValue(text, item, choices);
    if (resolved === NO_VALUE) continue;
    if (resolved.type === 'string') {
      parts.push(resolved.value as string);
      if (deployTimeOf(resolved) !== undefined) partial = true;
    } else if (resolved.type === 'number' || resolved.type === 'boolean') parts.push(String(resolved.value));
    else return unknown(text, node, '${Fn::Join}');
  }
  const value = parts.join(delimiter.value as string);
  if (!partial) return stringNode(value, node.offset, node.length);
  return deployTimeNode(value, node.offset, node.length, textOf(text, node), true);
}
