import type { Node } from 'jsonc-parser';
import { parseOperator } from '../engine/conditions';
import { removeChildren } from '../engine/edits';
import { PolicyDocument, PrincipalModel, StatementModel, ValueList } from '../engine/model';
import { Fix, FixEdit, ReportOptions, Rule } from '../engine/rule';
import { findingStatement } from './utils/findingStatement';

/**
 * Empty lists and objects where IAM expects something: `"Action": []`, `"Principal": {}`, a
 * condition key with `[]`, `"Condition": {}`. A Deny with `"Action": []` is the one that matters
 * most: it reads as a guard and guards nothing. Empty strings are not this rule's: malformed-action
 * and malformed-arn report them in Action, Resource and AWS principals.
 *
 * AWS's own policy validation (IAM Access Analyzer) flags most of these, as suggestions: "Empty
 * array action", "Empty array resource", "Empty array principal", "Empty object principal",
 * "Empty array condition" (with its ForAllValues, ForAnyValue and IfExists variants) and "Empty
 * object condition". What a statement with an empty element does is taken from those checks'
 * documentation, and from the definition of the Not elements; nothing else is claimed.
 */
export const emptyElement: Rule = {
  meta: {
    id: 'empty-element',
    severity: 'error',
    category: 'grammar',
    description:
      "An element is an empty list or object (Action, Resource, Principal, a condition key's values, Condition), so the statement does not do what it appears to.",
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, kind, report }) {
    for (const statement of doc.statements) {
      const who = effectName(statement);
      list(doc, statement, statement.action, report, () =>
        emptyIncluded('Action', 'action', who, `List the actions it is meant to ${verb(who)}.`),
      );
      list(doc, statement, statement.resource, report, () =>
        emptyIncluded('Resource', 'resource', who, 'List the resources it is meant for (ARNs, or "*" for all).'),
      );
      list(doc, statement, statement.notAction, report, () => emptyExcluded('NotAction', 'action', who, '"Action": "*"'));
      list(doc, statement, statement.notResource, report, () => emptyExcluded('NotResource', 'resource', who, '"Resource": "*"'));
      principal(doc, statement, statement.principal, false, kind === 'trust', report);
      principal(doc, statement, statement.notPrincipal, true, kind === 'trust', report);
      condition(doc, statement, report);
    }
  },
  fixes(finding, { doc }) {
    const statement = findingStatement(finding, doc);
    const condition = statement?.condition;
    // Only the empty Condition and operator blocks have a fix: removing them keeps the meaning. An
    // empty Action, Resource or Principal needs the user to say what was meant.
    if (!statement || statement.incomplete || !condition || condition.node.type !== 'object') return [];
    if (finding.offset === condition.node.offset && isEmpty(condition.node, 'object')) {
      const edits = removeProperty(statement.node, condition.property);
      return edits ? [removal('Remove the empty Condition', edits)] : [];
    }
    const operator = condition.operators.find((o) => o.valueNode.offset === finding.offset && isEmpty(o.valueNode, 'object'));
    const property = operator?.operatorNode.parent;
    if (!operator || !property || twinned(property)) return [];
    if ((condition.node.children ?? []).length === 1) {
      const edits = removeProperty(statement.node, condition.property);
      return edits ? [removal(`Remove the Condition (its only block, "${operator.operator}", is empty)`, edits)] : [];
    }
    return [removal(`Remove the empty "${operator.operator}" block`, removeChildren(condition.node, [property]))];
  },
};

type Report = (finding: ReportOptions) => void;
type Who = 'Allow' | 'Deny' | undefined;

function effectName(statement: StatementModel): Who {
  const effect = statement.effect?.value;
  return effect === 'Allow' || effect === 'Deny' ? effect : undefined;
}

/** "this Allow", "this Deny", or "this statement" when the Effect is missing or invalid (invalid-effect's). */
function subject(who: Who): string {
  return who ? `this ${who}` : 'this statement';
}

function verb(who: Who): string {
  return who === 'Allow' ? 'allow' : who === 'Deny' ? 'deny' : 'apply to';
}

/** What a statement that applies to nothing amounts to, by its Effect. */
function nothing(who: Who): string {
  if (who === 'Allow') return 'this Allow grants nothing';
  if (who === 'Deny') return 'this Deny denies nothing: whatever it was written to guard is not guarded';
  return 'this statement applies to nothing';
}

function emptyIncluded(element: string, noun: string, who: Who, advice: string): string {
  return `"${element}": [] lists no ${noun}, so ${nothing(who)}. ${advice}`;
}

function emptyExcluded(element: string, noun: string, who: Who, everything: string): string {
  return (
    `"${element}": [] excludes no ${noun}, so ${subject(who)} applies to every ${noun}. ` +
    `If that is meant, write ${everything}; otherwise list the ${noun}s to exclude.`
  );
}

/**
 * Whether an empty array or object is really there: its closing bracket is in the text and no
 * syntax error falls inside it. `"Action": [` at the end of a half-typed document, or `[ , ]`, is
 * not an empty list yet, and reporting it would make findings flicker while the user types.
 */
function closed(doc: PolicyDocument, statement: StatementModel, node: Node): boolean {
  const end = node.offset + node.length;
  const closing = node.type === 'array' ? 93 /* ] */ : 125; /* } */
  if (node.length < 2 || doc.text.charCodeAt(end - 1) !== closing) return false;
  // A complete statement has no syntax error inside it, so only a cut-off one needs the look.
  return !statement.incomplete || !doc.parseErrors.some((e) => e.offset >= node.offset && e.offset < end);
}

function isEmpty(node: Node, type: 'array' | 'object'): boolean {
  return node.type === type && (node.children ?? []).length === 0;
}

/** A later property of the same object has the same key, so JSON readers (AWS's too) ignore this one. */
function shadowed(property: Node): boolean {
  const siblings = property.parent?.children ?? [];
  const key = property.children?.[0]?.value;
  for (let i = siblings.indexOf(property) + 1; i < siblings.length; i++) if (siblings[i].children?.[0]?.value === key) return true;
  return false;
}

/** Another property of the same object has the same key (duplicate-element's finding). */
function twinned(property: Node): boolean {
  const key = property.children?.[0]?.value;
  return (property.parent?.children ?? []).some((p) => p !== property && p.children?.[0]?.value === key);
}

function list(doc: PolicyDocument, statement: StatementModel, value: ValueList | undefined, report: Report, message: () => string): void {
  if (!value || !isEmpty(value.node, 'array') || !closed(doc, statement, value.node)) return;
  report({ node: value.node, message: message(), data: { statement: statement.index } });
}

function principal(
  doc: PolicyDocument,
  statement: StatementModel,
  model: PrincipalModel | undefined,
  not: boolean,
  trust: boolean,
  report: Report,
): void {
  if (!model || model.node.type !== 'object') return;
  const who = effectName(statement);
  const element = not ? 'NotPrincipal' : 'Principal';
  const data = { statement: statement.index };
  // A principal-less Allow of a trust policy is about who may assume the role: say so.
  const nobody =
    !not && trust && who === 'Allow' ? 'no one can assume the role through this statement' : `${subject(who)} applies to no one`;
  const everybody = `${subject(who)} applies to every principal. If that is meant, write "Principal": "*"; otherwise name the principals to exclude.`;
  if (isEmpty(model.node, 'object')) {
    if (!closed(doc, statement, model.node)) return;
    report({
      node: model.node,
      message: not
        ? `"NotPrincipal": {} excludes no principal, so ${everybody}`
        : `"Principal": {} names no principal, so ${nobody}. Name the principals it is meant for, e.g. {"AWS": "arn:aws:iam::111122223333:role/Deploy"}.`,
      data,
    });
    return;
  }
  // With no entry left, the element as a whole names no one; otherwise the empty list only adds no one.
  const alone = model.entries.length === 0;
  for (const property of model.node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value || !isEmpty(value, 'array') || shadowed(property) || !closed(doc, statement, value)) continue;
    const type = String(keyNode.value);
    let message: string;
    if (not) {
      message = alone
        ? `"${type}": [] names no principal and ${element} names no other, so it excludes no one: ${everybody}`
        : `"${type}": [] names no principal, so it excludes no one. Name the ${type} principals to exclude, or remove the entry.`;
    } else {
      message = alone
        ? `"${type}": [] names no principal and ${element} names no other, so ${nobody}. Name the principals it is meant for.`
        : `"${type}": [] names no principal, so it adds no one to this statement. Name the ${type} principals that were meant, or remove the entry.`;
    }
    report({ node: value, message, data });
  }
}

function condition(doc: PolicyDocument, statement: StatementModel, report: Report): void {
  const model = statement.condition;
  if (!model || model.node.type !== 'object') return;
  const who = effectName(statement);
  const data = { statement: statement.index };
  if (isEmpty(model.node, 'object')) {
    if (!closed(doc, statement, model.node)) return;
    report({
      node: model.node,
      severity: 'warning',
      message: `"Condition": {} tests nothing, so ${subject(who)} applies without any condition. Remove it, or add the condition that was meant.`,
      data,
    });
    return;
  }
  const testsSomething = model.operators.some((o) => o.keys.length > 0);
  for (const operator of model.operators) {
    const property = operator.operatorNode.parent;
    if (!property || shadowed(property) || operator.valueNode.type !== 'object') continue;
    if (isEmpty(operator.valueNode, 'object')) {
      if (!closed(doc, statement, operator.valueNode)) continue;
      const effect = testsSomething
        ? 'nothing (the other tests of the Condition still apply)'
        : `nothing and ${subject(who)} applies without any condition`;
      report({
        node: operator.valueNode,
        severity: 'warning',
        message: `"${operator.operator}": {} names no condition key, so it tests ${effect}. Remove it, or add the key and values that were meant.`,
        data,
      });
      continue;
    }
    for (const key of operator.keys) {
      const keyProperty = key.keyNode.parent;
      if (!isEmpty(key.valueNode, 'array') || !keyProperty || shadowed(keyProperty) || !closed(doc, statement, key.valueNode)) continue;
      report({ node: key.valueNode, message: emptyValues(operator.operator, key.key, who), data });
    }
  }
}

/**
 * An empty list of condition values. What IAM then does is documented only through AWS's policy
 * validation checks, and only for ForAnyValue (never matches), ForAllValues and IfExists (match only
 * when the key is absent); for a plain operator AWS's pages say both that the test does not affect
 * the policy and that the statement grants nothing, so the message claims neither.
 */
function emptyValues(operator: string, key: string, who: Who): string {
  const parsed = parseOperator(operator);
  const head = `"${key}": [] gives ${operator} no value to compare with`;
  if (parsed.setQualifier === 'ForAnyValue') {
    return `${head}; AWS documents that such a test never matches, so ${nothing(who)}. List the values that were meant.`;
  }
  if (parsed.setQualifier === 'ForAllValues' || parsed.ifExists) {
    return (
      `${head}; AWS documents that such a test matches only when the request has no ${key}. ` +
      `If that is meant, say it with "Null": {"${key}": "true"}; otherwise list the values that were meant.`
    );
  }
  return (
    `${head}, so ${subject(who)} cannot work as written (AWS's policy validation flags empty condition values). ` +
    'List the values to compare with, or remove the key.'
  );
}

/** Edits removing a property from an object, or undefined when it is the only one or has a duplicate. */
function removeProperty(object: Node, property: Node): FixEdit[] | undefined {
  if ((object.children ?? []).length < 2 || twinned(property)) return undefined;
  return removeChildren(object, [property]);
}

function removal(title: string, edits: FixEdit[]): Fix {
  // Safe: an empty Condition or operator block tests nothing, so without it the statement means the same.
  return { title, kind: 'quickfix', edits, isPreferred: true, safe: true };
}
