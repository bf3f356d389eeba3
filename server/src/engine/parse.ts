import { Node, ParseError } from 'jsonc-parser';
import { readJsonTree } from './jsonTree';
import {
  ConditionModel,
  ConditionOperatorEntry,
  ConditionValue,
  PolicyDocument,
  PrincipalModel,
  ShapeError,
  StatementModel,
  StringItem,
  ValueList,
} from './model';

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];

export interface ParseOptions {
  /** jsonc: comments and trailing commas are allowed; json: they are errors, as AWS rejects them. */
  language?: 'json' | 'jsonc';
}

/**
 * The property node `key` of an object node. When a key is duplicated the last one counts: JSON
 * readers, AWS's included, keep the last value, so that is the one the rules must judge
 * (duplicate-element reports the duplicate itself).
 */
export function propertyOf(object: Node | undefined, key: string): Node | undefined {
  if (!object || object.type !== 'object') return undefined;
  const children = object.children ?? [];
  for (let i = children.length - 1; i >= 0; i--) if (children[i].children?.[0]?.value === key) return children[i];
  return undefined;
}

function stringItem(node: Node | undefined, label: string, errors: ShapeError[]): StringItem | undefined {
  if (!node) return undefined;
  if (node.type !== 'string') {
    errors.push({ node, message: `${label} must be a string` });
    return undefined;
  }
  return { value: node.value as string, node };
}

function valueList(property: Node | undefined, label: string, errors: ShapeError[]): ValueList | undefined {
  const node = property?.children?.[1];
  if (!property || !node) return undefined;
  if (node.type === 'array' && node.children?.every((child) => child.type === 'string')) {
    // The common case, made with map: an array of the exact length rather than one grown by push.
    const items = node.children.map((child): StringItem => ({ value: child.value as string, node: child, match: undefined }));
    return { property, node, items };
  }
  const list: ValueList = { property, node, items: [] };
  if (node.type === 'string') list.items.push({ value: node.value as string, node, match: undefined });
  else if (node.type === 'array') {
    for (const child of node.children ?? []) {
      if (child.type === 'string') list.items.push({ value: child.value as string, node: child, match: undefined });
      else errors.push({ node: child, message: `every ${label} entry must be a string` });
    }
  } else errors.push({ node, message: `${label} must be a string or an array of strings` });
  return list;
}

function principal(property: Node | undefined, label: string, errors: ShapeError[]): PrincipalModel | undefined {
  const node = property?.children?.[1];
  if (!property || !node) return undefined;
  const model: PrincipalModel = { property, node, entries: [] };
  if (node.type === 'string') {
    if (node.value === '*') model.wildcard = node;
    else errors.push({ node, message: `${label} must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}` });
    return model;
  }
  if (node.type !== 'object') {
    errors.push({ node, message: `${label} must be "*" or an object such as {"AWS": "..."}` });
    return model;
  }
  for (const entry of node.children ?? []) {
    const type = entry.children?.[0]?.value as string;
    const value = entry.children?.[1];
    if (!value) continue;
    const values = value.type === 'array' ? (value.children ?? []) : [value];
    for (const v of values) {
      if (v.type === 'string') model.entries.push({ type, value: v.value as string, node: v });
      else errors.push({ node: v, message: `${label} ${type} values must be strings` });
    }
  }
  return model;
}

function conditionValue(node: Node): ConditionValue | undefined {
  if (node.type === 'string') return { value: node.value as string, node };
  if (node.type === 'boolean' || node.type === 'number') return { value: String(node.value), node };
  return undefined;
}

function condition(property: Node | undefined, errors: ShapeError[]): ConditionModel | undefined {
  const node = property?.children?.[1];
  if (!property || !node) return undefined;
  const model: ConditionModel = { property, node, operators: [] };
  if (node.type !== 'object') {
    errors.push({ node, message: 'Condition must be an object: {"Operator": {"key": "value"}}' });
    return model;
  }
  for (const opProperty of node.children ?? []) {
    const [operatorNode, valueNode] = opProperty.children ?? [];
    if (!operatorNode || !valueNode) continue;
    const entry: ConditionOperatorEntry = { operator: operatorNode.value as string, operatorNode, valueNode, keys: [] };
    model.operators.push(entry);
    if (valueNode.type !== 'object') {
      errors.push({ node: valueNode, message: `the value of ${entry.operator} must be an object of condition keys` });
      continue;
    }
    for (const keyProperty of valueNode.children ?? []) {
      const [keyNode, keyValue] = keyProperty.children ?? [];
      if (!keyNode || !keyValue) continue;
      const values: ConditionValue[] = [];
      const raw = keyValue.type === 'array' ? (keyValue.children ?? []) : [keyValue];
      for (const v of raw) {
        const value = conditionValue(v);
        if (value) values.push(value);
        else errors.push({ node: v, message: 'condition values must be strings, numbers or booleans' });
      }
      entry.keys.push({ key: keyNode.value as string, keyNode, valueNode: keyValue, values });
    }
  }
  return model;
}

function statement(
  node: Node,
  index: number,
  errors: ShapeError[],
  parseErrors: ParseError[],
  text: string,
  embedded: boolean,
): StatementModel {
  const end = node.offset + node.length;
  // A JSON statement not closed by its brace is still being typed; a template's statement (YAML,
  // HCL) ends otherwise, and its parser's errors are the template's.
  const incomplete =
    (!embedded && text.charCodeAt(end - 1) !== 125) /* } */ ||
    (parseErrors.length > 0 && parseErrors.some((e) => e.offset >= node.offset && e.offset < end));
  // One pass over the properties; the last of duplicated keys wins, as in propertyOf. The same pass
  // notes whether every key is a statement element, once: unknown-element and duplicate-element
  // then skip the regular statements, thousands of them in a large policy.
  let sid, effect, action, notAction, resource, notResource, principalNode, notPrincipalNode, conditionNode: Node | undefined;
  let keysRegular = true;
  for (const p of node.children ?? []) {
    let seen: Node | undefined;
    switch (p.children?.[0]?.value) {
      case 'Sid':
        seen = sid;
        sid = p;
        break;
      case 'Effect':
        seen = effect;
        effect = p;
        break;
      case 'Action':
        seen = action;
        action = p;
        break;
      case 'NotAction':
        seen = notAction;
        notAction = p;
        break;
      case 'Resource':
        seen = resource;
        resource = p;
        break;
      case 'NotResource':
        seen = notResource;
        notResource = p;
        break;
      case 'Principal':
        seen = principalNode;
        principalNode = p;
        break;
      case 'NotPrincipal':
        seen = notPrincipalNode;
        notPrincipalNode = p;
        break;
      case 'Condition':
        seen = conditionNode;
        conditionNode = p;
        break;
      default:
        keysRegular = false;
    }
    if (seen) keysRegular = false;
  }
  return {
    index,
    node,
    incomplete,
    keysRegular,
    sid: stringItem(sid?.children?.[1], 'Sid', errors),
    effect: stringItem(effect?.children?.[1], 'Effect', errors),
    action: valueList(action, 'Action', errors),
    notAction: valueList(notAction, 'NotAction', errors),
    resource: valueList(resource, 'Resource', errors),
    notResource: valueList(notResource, 'NotResource', errors),
    principal: principal(principalNode, 'Principal', errors),
    notPrincipal: principal(notPrincipalNode, 'NotPrincipal', errors),
    condition: condition(conditionNode, errors),
    reached: undefined,
  };
}

/** Reads a policy document, keeping the source node of everything; never throws. */
export function parsePolicy(text: string, options: ParseOptions = {}): PolicyDocument {
  const jsonc = options.language === 'jsonc';
  const parseErrors: ParseError[] = [];
  const tree = readJsonTree(text, parseErrors, { allowTrailingComma: jsonc, disallowComments: !jsonc });
  const doc = readPolicy(text, tree.root, parseErrors);
  if (tree.tooDeep) doc.unreadable = 'The document nests too deeply to be read; no policy nests more than a few levels.';
  return doc;
}

/**
 * Reads the policy document at `root`, a node of the tree of `text`: its root, or an object inside
 * it such as the AssumeRolePolicyDocument of `aws iam get-role` output. Offsets stay those of `text`.
 */
export function readPolicy(text: string, root: Node | undefined, parseErrors: ParseError[], embedded = false): PolicyDocument {
  const doc: PolicyDocument = { text, root, parseErrors, policyLike: false, statements: [], shapeErrors: [] };
  if (!root || root.type !== 'object') return doc;

  const versionProperty = propertyOf(root, 'Version');
  const versionNode = versionProperty?.children?.[1];
  if (versionProperty && versionNode) {
    doc.version = { property: versionProperty, node: versionNode };
    if (versionNode.type === 'string') doc.version.value = versionNode.value as string;
  }
  doc.statementProperty = propertyOf(root, 'Statement');
  doc.policyLike = doc.statementProperty !== undefined || POLICY_VERSIONS.includes(doc.version?.value ?? '');
  // A configuration file may have a "Statement" key too. One whose value is a plain string, number
  // or boolean, beside no other policy element, is not a policy being written: no finding for it.
  const statementType = doc.statementProperty?.children?.[1]?.type;
  if (
    doc.policyLike &&
    (statementType === 'string' || statementType === 'number' || statementType === 'boolean') &&
    !doc.version &&
    !propertyOf(root, 'Id')
  )
    doc.policyLike = false;

  const statementValue = doc.statementProperty?.children?.[1];
  if (statementValue?.type === 'object') {
    doc.statements.push(statement(statementValue, 0, doc.shapeErrors, parseErrors, text, embedded));
  } else if (statementValue?.type === 'array') {
    (statementValue.children ?? []).forEach((child) => {
      if (child.type === 'object') {
        doc.statements.push(statement(child, doc.statements.length, doc.shapeErrors, parseErrors, text, embedded));
      } else doc.shapeErrors.push({ node: child, message: 'every Statement entry must be an object' });
    });
  } else if (statementValue) {
    doc.shapeErrors.push({ node: statementValue, message: 'Statement must be an object or an array of objects' });
  }
  return doc;
}
