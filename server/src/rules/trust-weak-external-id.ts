import { KeyCondition, conditionsOnKey } from '../engine/conditions';
import { ConditionValue } from '../engine/model';
import { ACCOUNT_ID } from '../engine/principals';
import { Rule } from '../engine/rule';
import { assumeRoleGrants } from '../engine/trustStatements';

/** Shorter ExternalIds can be guessed; AWS's own examples and vendors use 16 to 40 characters. */
export const MIN_EXTERNAL_ID_LENGTH = 8;

/** Why one ExternalId value is weak, or undefined when it is sound. */
export function weakValueReason(value: string, wildcardsMatch: boolean): string | undefined {
  if (value.length === 0) return 'the ExternalId is empty';
  if (wildcardsMatch && /[*?]/.test(value)) return `"${value}" is a wildcard pattern that many ExternalIds match`;
  if (value.includes('${')) return `"${value}" takes its value from a policy variable the caller controls or can predict`;
  if (ACCOUNT_ID.test(value)) return `"${value}" is an account id, which is not secret`;
  if (value.length < MIN_EXTERNAL_ID_LENGTH) {
    return `"${value}" has ${value.length} characters; an ExternalId shorter than ${MIN_EXTERNAL_ID_LENGTH} can be guessed`;
  }
  return undefined;
}

/** Why one condition on sts:ExternalId does not pin it to a secret literal, or undefined when it does. */
export function weakConditionReason(c: KeyCondition): { reason: string; value?: ConditionValue } | undefined {
  const { parsed } = c;
  const op = c.operator.operator;
  if (!parsed.base) return { reason: `"${op}" is not an IAM condition operator, so the condition cannot hold` };
  if (parsed.setQualifier) {
    return {
      reason: `${parsed.setQualifier} on the single-valued key sts:ExternalId ${
        parsed.setQualifier === 'ForAllValues' ? 'is true when the caller sends no ExternalId' : 'is not how a single value is compared'
      }`,
    };
  }
  if (parsed.ifExists) return { reason: `${op} is true when the caller sends no ExternalId at all` };
  if (parsed.base === 'Null') return { reason: 'a Null check only requires that some ExternalId is sent, whatever its value' };
  if (/Not/.test(parsed.base)) return { reason: `${op} lets every other ExternalId through` };
  if (!['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'].includes(parsed.base)) {
    return { reason: `${op} is not a string comparison; compare the ExternalId with StringEquals` };
  }
  if (c.key.values.length === 0) return { reason: 'the condition lists no ExternalId value' };
  for (const value of c.key.values) {
    const reason = weakValueReason(value.value, parsed.base === 'StringLike');
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
      'An sts:ExternalId condition can be bypassed or guessed (IfExists, wildcards, negation, Null alone, empty or short values).',
    appliesTo: ['trust'],
  },
  check({ doc, catalog, report }) {
    for (const { statement } of assumeRoleGrants(catalog, doc.statements)) {
      const conditions = conditionsOnKey(statement, 'sts:ExternalId');
      const weak = conditions.map((c) => ({ c, weakness: weakConditionReason(c) }));
      if (weak.length === 0 || weak.some((w) => w.weakness === undefined)) continue;
      for (const { c, weakness } of weak) {
        report({
          node: weakness?.value?.node ?? c.operator.operatorNode,
          message: `Weak ExternalId condition: ${weakness?.reason}. Require "StringEquals": {"sts:ExternalId": "<unique value>"}.`,
          data: { statement: statement.index, operator: c.operator.operator },
        });
      }
    }
  },
};
