import type { Node } from 'jsonc-parser';
import { PolicyDocument } from './model';

export const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'];
export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

export interface PolicyObject {
  node: Node;
  /** The key nodes of its properties, in order. */
  keys: Node[];
  /** What the object is, for messages. */
  label: string;
  allowed?: readonly string[];
}

/**
 * The JSON objects of a policy whose keys IAM defines and whose keys need a look: the root,
 * principals, conditions, and the statements that parsing did not find regular (see
 * StatementModel.keysRegular), the only ones where a key can be unknown or repeated.
 */
export function policyObjects(doc: PolicyDocument): PolicyObject[] {
  if (doc.objects) return doc.objects;
  const objects: PolicyObject[] = [];
  doc.objects = objects;
  if (doc.root?.type === 'object')
    objects.push({ node: doc.root, keys: keyNodes(doc.root), label: 'the policy', allowed: TOP_LEVEL_ELEMENTS });
  for (const s of doc.statements) {
    if (!s.keysRegular) objects.push({ node: s.node, keys: keyNodes(s.node), label: 'a statement', allowed: STATEMENT_ELEMENTS });
    if (s.principal?.node.type === 'object')
      objects.push({ node: s.principal.node, keys: keyNodes(s.principal.node), label: 'a principal', allowed: PRINCIPAL_TYPES });
    if (s.notPrincipal?.node.type === 'object')
      objects.push({ node: s.notPrincipal.node, keys: keyNodes(s.notPrincipal.node), label: 'a principal', allowed: PRINCIPAL_TYPES });
    if (s.condition?.node.type === 'object') {
      objects.push({ node: s.condition.node, keys: keyNodes(s.condition.node), label: 'Condition' });
      for (const op of s.condition.operators) {
        if (op.valueNode.type === 'object') objects.push({ node: op.valueNode, keys: keyNodes(op.valueNode), label: op.operator });
      }
    }
  }
  return objects;
}

/** The key nodes of an object's properties. */
export function keyNodes(object: Node): Node[] {
  const keys: Node[] = [];
  for (const p of object.children ?? []) {
    const key = p.children?.[0];
    if (key) keys.push(key);
  }
  return keys;
}
