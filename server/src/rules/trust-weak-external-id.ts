import type { Node } from 'jsonc-parser';
import { hasWildcard } from '../catalog/wildcard';
import { KeyCondition, conditionsOnKey } from '../engine/conditions';
import { escapeSnippet, insertProperty, layoutIn, removeChildren, renderJson, replaceNode, snippetString } from '../engine/edits';
import { ConditionValue, StatementModel } from '../engine/model';
import { ACCOUNT_ID } from '../engine/principals';
import { isUnknownValue } from '../engine/deployTime';
import { Fix, FixEdit, Rule, TextFormat } from '../engine/rule';
import { findingStatement } from './utils/findingStatement';
import { EXTERNAL_ID_PLACEHOLDER } from './utils/externalId';
import { ExternalIdGuard, assumeRoleGrants, externalIdGuards, guardCovers } from '../engine/trustStatements';

/** Shorter ExternalIds can be guessed; AWS's own examples and vendors use 16 to 40 characters. */
export const MIN_EXTERNAL_ID_LENGTH = 8;

/** A pattern of wildcards alone, with a `*`: every ExternalId a caller may send matches it. */
function matchesAnything(value: string, wildcardsMatch: boolean): boolean {
  return wildcardsMatch && value.includes('*') && /^[*?]+$/.test(value);
}

/** Why one ExternalId value is weak, or undefined when it is sound. */
export function weakValueReason(value: string, wildcardsMatch: boolean): string | undefined {
  if (value.length === 0) return 'the ExternalId is empty';
  if (matchesAnything(value, wildcardsMatch)) return `"${value}" matches every ExternalId, so a caller passes by sending anything`;
  if (value === EXTERNAL_ID_PLACEHOLDER)
    return `"${value}" is the placeholder a quick fix inserted: replace it with the ExternalId agreed with the third party`;
  if (wildcardsMatch && hasWildcard(value)) return `"${value}" is a wildcard pattern that many ExternalIds match`;
  if (value.includes('${')) return `"${value}" takes its value from a policy variable the caller controls or can predict`;
  if (ACCOUNT_ID.test(value)) return `"${value}" is an account id, which is not secret`;
  if (value.length < MIN_EXTERNAL_ID_LENGTH) {
    return `"${value}" has ${value.length} characters; an ExternalId shorter than ${MIN_EXTERNAL_ID_LENGTH} can be guessed`;
  }
  return undefined;
}

/**
 * Why one condition on sts:ExternalId does not pin it to a secret literal, or undefined when it
 * does. `bypass`: a caller satisfies it without knowing any ExternalId (by leaving the key out, or
 * by sending anything), which is as bad as no ExternalId condition at all.
 */
export function weakConditionReason(c: KeyCondition): { reason: string; value?: ConditionValue; bypass?: boolean } | undefined {
  const { parsed } = c;
  const op = c.operator.operator;
  // An operator chosen at deploy time (Terraform's `test = var.condition_test`), as a value is.
  if (isUnknownValue(c.operator.operatorNode)) return undefined;
  if (!parsed.base) return { reason: `"${op}" is not an IAM condition operator, so the condition cannot hold` };
  // ForAnyValue on a single-valued key is false when the key is absent, so it holds like the plain
  // operator; ForAllValues is true for an absent key, which lets callers without an ExternalId in.
  if (parsed.setQualifier === 'ForAllValues') {
    return { reason: 'ForAllValues on the single-valued key sts:ExternalId is true when the caller sends no ExternalId', bypass: true };
  }
  if (parsed.ifExists) return { reason: `${op} is true when the caller sends no ExternalId at all`, bypass: true };
  if (parsed.base === 'Null') {
    const requiresAbsence = c.key.values.some((v) => v.value.toLowerCase() === 'true');
    return {
      reason: requiresAbsence
        ? 'a Null check with "true" requires that NO ExternalId is sent, the opposite of a protection'
        : 'a Null check only requires that some ExternalId is sent, whatever its value',
      bypass: true,
    };
  }
  if (/Not/.test(parsed.base)) return { reason: `${op} lets every other ExternalId through`, bypass: true };
  if (!['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'].includes(parsed.base)) {
    return { reason: `${op} is not a string comparison; compare the ExternalId with StringEquals` };
  }
  if (c.key.values.length === 0) return { reason: 'the condition lists no ExternalId value' };
  const wildcards = parsed.base === 'StringLike';
  // Values are ORed: one that matches anything opens the role to every caller.
  const open = c.key.values.find((v) => matchesAnything(v.value, wildcards));
  if (open) return { reason: weakValueReason(open.value, wildcards)!, value: open, bypass: true };
  for (const value of c.key.values) {
    // A template parameter or variable: the secret is chosen at deploy time, not written here.
    if (isUnknownValue(value.node)) continue;
    const reason = weakValueReason(value.value, wildcards);
    if (reason) return { reason, value };
  }
  return undefined;
}

/**
 * ExternalId conditions that can be bypassed or guessed. Conditions are ANDed, so a statement with
 * one sound ExternalId test is protected whatever else it says about the key.
 */
export const trustWeakExternalId: Rule = {
  meta: {
    id: 'trust-weak-external-id',
    severity: 'warning',
    category: 'security',
    description:
      'An sts:ExternalId condition can be bypassed (IfExists, Null alone, negation, only wildcards: an error) or guessed (short, account id, partial wildcard: a warning).',
    appliesTo: ['trust'],
  },
  check({ doc, catalog, report }) {
    const guards = externalIdGuards(catalog, doc.statements);
    const reportedGuards = new Set<ExternalIdGuard>();
    for (const grant of assumeRoleGrants(catalog, doc.statements)) {
      const { statement } = grant;
      const conditions = conditionsOnKey(statement, 'sts:ExternalId');
      if (conditions.length === 0) {
        // Protected, if at all, by a Deny for every other ExternalId: its accepted values must be sound.
        for (const guard of guards.filter((g) => guardCovers(g, grant) && !reportedGuards.has(g))) {
          reportedGuards.add(guard);
          for (const c of guard.conditions) {
            for (const value of c.key.values) {
              const wildcards = c.parsed.base === 'StringNotLike';
              const reason = weakValueReason(value.value, wildcards);
              if (!reason) continue;
              report({
                node: value.node,
                // A Deny of every ExternalId but "*" denies nothing: the role is open to any caller.
                severity: matchesAnything(value.value, wildcards) ? 'error' : undefined,
                message: `Weak ExternalId in the Deny that enforces it: ${reason}. Deny every ExternalId but one unique literal value.`,
                data: { statement: guard.statement.index, operator: c.operator.operator, guard: true },
              });
            }
          }
        }
        continue;
      }
      const weak = conditions.map((c) => ({ c, weakness: weakConditionReason(c) }));
      // Conditions are ANDed: one sound test protects the statement.
      if (weak.some((w) => w.weakness === undefined)) continue;
      for (const { c, weakness } of weak) {
        report({
          node: weakness?.value?.node ?? c.operator.operatorNode,
          // Satisfied without knowing an ExternalId: as open as no condition, which is an error.
          severity: weakness?.bypass ? 'error' : undefined,
          message: weakness?.bypass
            ? `ExternalId condition that any caller satisfies: ${weakness.reason}. Require "StringEquals": {"sts:ExternalId": "<unique value>"}.`
            : `Weak ExternalId condition: ${weakness?.reason}. Require "StringEquals": {"sts:ExternalId": "<unique value>"}.`,
          data: { statement: statement.index, operator: c.operator.operator },
        });
      }
    }
  },
  fixes(finding, { text, doc, format }) {
    // Turning a guard Deny's negated test into StringEquals would invert it: no automatic fix there.
    if (finding.data?.guard) return [];
    const statement = findingStatement(finding, doc);
    if (!statement || statement.incomplete) return [];
    const c = conditionsOnKey(statement, 'sts:ExternalId').find((k) => k.operator.operator === finding.data?.operator);
    if (!c || !c.parsed.base || statement.condition?.node.type !== 'object') return [];
    const fix = toStringEquals(text, statement, c, format);
    return fix ? [fix] : [];
  },
};

const MARK = 'IAMLP-EXTERNAL-ID-PLACEHOLDER';

/**
 * Rewrites one weak ExternalId test as `StringEquals` on a literal: the sound literals it already
 * names when it compares for equality (then the fix is safe), else a snippet placeholder.
 */
function toStringEquals(text: string, statement: StatementModel, c: KeyCondition, format: TextFormat): Fix | undefined {
  const condition = statement.condition!;
  const base = c.parsed.base!;
  const equality = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'].includes(base);
  const literals = equality ? c.key.values.filter((v) => !weakValueReason(v.value, true)).map((v) => v.value) : [];
  const snippet = literals.length === 0;
  const value: unknown = snippet ? MARK : literals.length === 1 ? literals[0] : literals;
  const asSnippet = (json: string) =>
    snippet ? escapeSnippet(json).replace(JSON.stringify(MARK), snippetString(1, EXTERNAL_ID_PLACEHOLDER)) : json;
  const render = (v: unknown, node: Node) => asSnippet(renderJson(v, layoutIn(text, node, format)));
  const esc = (t: string) => (snippet ? escapeSnippet(t) : t);
  const op = c.operator;
  const title = snippet
    ? 'Require StringEquals on a unique sts:ExternalId value'
    : `Compare sts:ExternalId with StringEquals (instead of ${op.operator})`;
  const fix = (edits: FixEdit[]): Fix => ({ title, kind: 'quickfix', edits, isPreferred: true, snippet, safe: !snippet });
  if (op.operator === 'StringEquals') return fix([{ ...replaceNode(c.key.valueNode, render(value, c.key.valueNode)) }]);

  const keyProperty = c.key.keyNode.parent!;
  const opProperty = op.operatorNode.parent!;
  const soleKey = (op.valueNode.children ?? []).length === 1;
  const stringEquals = condition.operators.find((o) => o.operator === 'StringEquals');
  if (!stringEquals) {
    if (soleKey) {
      return fix([
        { ...replaceNode(op.operatorNode, esc('"StringEquals"')) },
        { ...replaceNode(c.key.valueNode, render(value, c.key.valueNode)) },
      ]);
    }
    const insert = insertProperty(text, condition.node, 'StringEquals', undefined, format, {
      rendered: (layout) => asSnippet(renderJson({ 'sts:ExternalId': value }, layout)),
    });
    return fix([...escapeEdits(removeChildren(op.valueNode, [keyProperty]), snippet), insert]);
  }
  if (stringEquals.valueNode.type !== 'object') return undefined;
  const removal = soleKey ? removeChildren(condition.node, [opProperty]) : removeChildren(op.valueNode, [keyProperty]);
  if (stringEquals.keys.some((k) => k.key.toLowerCase() === 'sts:externalid')) {
    return {
      title: `Remove the weak ${op.operator} test (StringEquals already tests sts:ExternalId)`,
      kind: 'quickfix',
      edits: removal,
    };
  }
  const insert = insertProperty(text, stringEquals.valueNode, 'sts:ExternalId', undefined, format, {
    rendered: () => render(value, stringEquals.valueNode),
  });
  return fix([...escapeEdits(removal, snippet), insert]);
}

function escapeEdits(edits: FixEdit[], snippet: boolean): FixEdit[] {
  return snippet ? edits.map((e) => ({ ...e, newText: escapeSnippet(e.newText) })) : edits;
}
