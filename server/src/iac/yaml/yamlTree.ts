import type { Node } from 'jsonc-parser';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import { setYamlLayout } from '../../engine/yamlLayout';
import type { HostError } from '../hostPolicy';
import { arrayNode, objectNode, propertyNode, scalarNode, stringNode } from '../nodes';
import { fastYamlTree } from './fastYamlTree';
import { columnOf, longFormOf } from './yamlShapes';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
// Loaded on the first YAML file: a run over policy files never pays for the YAML parser.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): YamlModule => (yamlModule ??= require('yaml') as YamlModule);

const endOf = (node: Node) => node.offset + node.length;

export interface YamlTree {
  root: Node | undefined;
  errors: HostError[];
}

/** Nesting past which a template is absurd; the walk stops rather than risk the call stack. */
const MAX_DEPTH = 200;

/**
 * A YAML document as jsonc-parser-shaped nodes with the YAML source's offsets, read by the `yaml`
 * package (its CST keeps every range). A CloudFormation short tag becomes its long form, an
 * object with one `Fn::...` key spanning the tag and its value, so the CloudFormation adapter reads
 * one tree shape from JSON and YAML templates alike. Aliases are followed to their anchor.
 */
export function readYamlTree(text: string): YamlTree {
  try {
    // Well-formed YAML, the usual case, through js-yaml's event parser; anything else through
    // `yaml`, whose recovery and error messages are the ones reported.
    return { root: fastYamlTree(text), errors: [] };
  } catch {
    return readYamlTreeWithRecovery(text);
  }
}

/** readYamlTree through the `yaml` package only: its CST, its recovery from errors, its messages. */
export function readYamlTreeWithRecovery(text: string): YamlTree {
  const Y = yaml();
  const errors: HostError[] = [];
  let doc: Document.Parsed;
  try {
    doc = Y.parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false, logLevel: 'silent' });
  } catch (err) {
    return { root: undefined, errors: [{ message: `YAML parser: ${(err as Error).message}`, offset: 0, length: 0 }] };
  }
  for (const error of doc.errors) {
    const [start, end] = error.pos;
    errors.push({ message: `YAML parser: ${error.message.split('\n')[0]}`, offset: start, length: Math.max(0, end - start) });
  }

  const convert = (node: YamlNode | null | undefined, depth: number): Node | undefined => {
    if (!node || depth > MAX_DEPTH) return undefined;
    if (Y.isAlias(node)) {
      const target = node.resolve(doc);
      return target ? convert(target as YamlNode, depth + 1) : undefined;
    }
    const [start, rangeEnd] = node.range ?? [0, 0, 0];
    // A plain scalar's or a block's range may run over the line break and blanks after it.
    let valueEnd = rangeEnd;
    while (valueEnd > start && /\s/.test(text[valueEnd - 1])) valueEnd--;
    let value: Node | undefined;
    if (Y.isMap(node)) {
      const properties: Node[] = [];
      for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
        const key = pair.key;
        if (!Y.isScalar(key)) continue;
        const [keyStart, keyEnd] = key.range ?? [start, start];
        const keyNode = stringNode(String(key.value), keyStart, keyEnd - keyStart);
        const child = convert(pair.value, depth + 1) ?? scalarNode(null, keyEnd, 0);
        properties.push(propertyNode(keyNode, child, keyEnd));
      }
      // A block collection ends with its last entry: the comments after it are not its own.
      const end = !node.flow && properties.length > 0 ? endOf(properties[properties.length - 1]) : valueEnd;
      value = objectNode(properties, start, end - start);
      const first = (node.items[0] as Pair<YamlNode, YamlNode> | undefined)?.key?.range?.[0] ?? start;
      setYamlLayout(value, { block: !node.flow, indent: columnOf(text, first), source: text });
    } else if (Y.isSeq(node)) {
      const items: Node[] = [];
      for (const item of node.items as YamlNode[]) {
        const child = convert(item, depth + 1);
        if (child) items.push(child);
      }
      const end = !node.flow && items.length > 0 ? endOf(items[items.length - 1]) : valueEnd;
      value = arrayNode(items, start, end - start);
      setYamlLayout(value, { block: !node.flow, indent: columnOf(text, start), source: text });
    } else if (Y.isScalar(node)) {
      const v = node.value;
      value =
        typeof v === 'string'
          ? stringNode(v, start, valueEnd - start)
          : typeof v === 'number' || typeof v === 'boolean' || v === null
            ? scalarNode(v, start, valueEnd - start)
            : stringNode(String(v), start, valueEnd - start);
    }
    if (!value) return undefined;
    const fn = node.tag ? longFormOf(node.tag) : undefined;
    if (!fn) return value;
    const tagStart = text.lastIndexOf(node.tag!, start);
    const from = tagStart >= 0 ? tagStart : start;
    const key = stringNode(fn, from, node.tag!.length);
    return objectNode([propertyNode(key, value)], from, valueEnd - from);
  };

  return { root: convert(doc.contents as YamlNode | null, 0), errors };
}
