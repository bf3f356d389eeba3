import type { Node } from 'jsonc-parser';
import { setYamlLayout } from '../../engine/yamlLayout';
import { arrayNode, objectNode, propertyNode, scalarNode, stringNode } from '../nodes';
import { columnOf, longFormOf } from './yamlShapes';

type JsYaml = typeof import('js-yaml');
let jsYamlModule: JsYaml | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml = (): JsYaml => (jsYamlModule ??= require('js-yaml') as JsYaml);

const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const POP = 6;
const PLAIN = 1;
const DOUBLE_QUOTED = 3;
const FLOW = 2;

/** YAML 1.2's core schema, for plain scalars: what `yaml` reads them as, so both trees agree. */
function plainValue(text: string): string | number | boolean | null {
  // Most plain scalars of a template are names (Effect, Allow, s3:GetObject): no core-schema
  // type starts with a letter other than those of null, true, false, .inf and .nan.
  const first = text.charCodeAt(0);
  if (((first >= 65 && first <= 90) || (first >= 97 && first <= 122)) && !/^[nNtTfF]/.test(text)) return text;
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

interface Open {
  kind: typeof SEQUENCE | typeof MAPPING;
  start: number;
  flow: boolean;
  tag?: { start: number; end: number };
  anchor?: string;
  children: Node[];
  /** Mapping keys waiting for their value. */
  key?: Node;
}

/**
 * The fast path of readYamlTree: js-yaml's event parser (a flat event stream with source offsets,
 * no document model) builds the same tree as the `yaml` package's CST does, several times faster
 * on a large template. It throws on any YAML error; readYamlTree then asks `yaml`, whose error
 * recovery and messages are the ones reported. test/unit/iac/fastYamlTree.test.ts keeps the two
 * trees equal.
 */
export function fastYamlTree(text: string): Node | undefined {
  const Y = jsYaml();
  const events = Y.parseEvents(text, { maxDepth: 200 });
  const anchors = new Map<string, Node>();
  const stack: Open[] = [];
  let root: Node | undefined;

  const wrapTag = (node: Node, tag: { start: number; end: number } | undefined): Node => {
    if (!tag) return node;
    const fn = longFormOf(text.slice(tag.start, tag.end));
    if (!fn) return node;
    const key = stringNode(fn, tag.start, tag.end - tag.start);
    return objectNode([propertyNode(key, node)], tag.start, Math.max(tag.end, node.offset + node.length) - tag.start);
  };

  const place = (node: Node) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root ??= node;
      return;
    }
    if (parent.kind === SEQUENCE) parent.children.push(node);
    else if (!parent.key) parent.key = node;
    else {
      const key = parent.key;
      parent.key = undefined;
      // Keys that are not scalars (complex keys) are not policy elements: the pair is left out, as readYamlTree does.
      if (key.type === 'string') parent.children.push(propertyNode(key, node, key.offset + key.length));
      else if (key.type === 'number' || key.type === 'boolean' || key.type === 'null') {
        parent.children.push(propertyNode(stringNode(String(key.value), key.offset, key.length), node, key.offset + key.length));
      }
    }
  };

  for (const event of events) {
    switch (event.type) {
      case SEQUENCE:
      case MAPPING:
        stack.push({
          kind: event.type,
          start: event.start,
          flow: event.style === FLOW,
          tag: event.tagStart >= 0 ? { start: event.tagStart, end: event.tagEnd } : undefined,
          anchor: event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined,
          children: [],
        });
        break;
      case POP: {
        const open = stack.pop();
        if (!open) break; // the document's end
        let end: number;
        const last = open.children[open.children.length - 1];
        if (open.flow) {
          const close = text.indexOf(open.kind === SEQUENCE ? ']' : '}', last ? last.offset + last.length : open.start + 1);
          end = close === -1 ? text.length : close + 1;
        } else end = last ? last.offset + last.length : open.start;
        const node =
          open.kind === SEQUENCE
            ? arrayNode(open.children, open.start, end - open.start)
            : objectNode(open.children, open.start, end - open.start);
        const first = open.kind === MAPPING ? (open.children[0]?.offset ?? open.start) : open.start;
        setYamlLayout(node, { block: !open.flow, indent: columnOf(text, first), source: text });
        if (open.anchor) anchors.set(open.anchor, node);
        place(wrapTag(node, open.tag));
        break;
      }
      case SCALAR: {
        const quoted = event.style !== PLAIN && event.style <= DOUBLE_QUOTED ? 1 : 0;
        let start = event.valueStart - quoted;
        if (event.style > DOUBLE_QUOTED) {
          // A block scalar starts at its `|` or `>` header, as `yaml` places it.
          while (start > 0 && /\s/.test(text[start - 1])) start--;
          while (start > 0 && /[|>+\-0-9]/.test(text[start - 1])) start--;
        }
        let end = event.valueEnd + quoted;
        // A block scalar's (`|`, `>`) span runs over its last line break; an empty tagged scalar sits after its tag.
        if (event.style > DOUBLE_QUOTED) while (end > start && /\s/.test(text[end - 1])) end--;
        if (end === start && event.tagStart >= 0) start = end = Math.max(start, event.tagEnd);
        if (event.valueStart < 0) {
          // An empty value (`key:`): placed just after its key's colon, as `yaml` places it.
          const parent = stack[stack.length - 1];
          const key = parent?.kind === MAPPING ? parent.key : undefined;
          start = end = event.tagStart >= 0 ? event.tagEnd : key ? text.indexOf(':', key.offset + key.length) + 1 : 0;
        }
        const raw = event.fast && event.style === PLAIN ? text.slice(event.valueStart, event.valueEnd) : Y.getScalarValue(text, event);
        const hasTag = event.tagStart >= 0;
        // A tagged plain scalar (`!Ref Name`) is a string whatever it looks like, as `yaml` reads unknown tags.
        const value = event.style === PLAIN && !hasTag ? plainValue(raw) : raw;
        const node = typeof value === 'string' ? stringNode(value, start, end - start) : scalarNode(value, start, end - start);
        if (event.anchorStart >= 0) anchors.set(text.slice(event.anchorStart, event.anchorEnd), node);
        place(wrapTag(node, hasTag ? { start: event.tagStart, end: event.tagEnd } : undefined));
        break;
      }
      case ALIAS: {
        const target = anchors.get(text.slice(event.anchorStart, event.anchorEnd));
        if (!target) throw new Error('unknown alias');
        place(target);
        break;
      }
      default:
        break;
    }
  }
  return root;
}
