import { isUnconditional } from '../engine/conditions';
import { StatementModel } from '../engine/model';
import { Rule } from '../engine/rule';
import { statementActions } from '../engine/statementActions';
import { plural, previewList } from './messages';

/** A Deny that always applies: no Condition, Resource "*", no NotResource. */
export function isUnconditionalDeny(statement: StatementModel): boolean {
  return (
    statement.effect?.value === 'Deny' &&
    isUnconditional(statement) &&
    !statement.notResource &&
    (statement.resource?.items.some((r) => r.value === '*') ?? false)
  );
}

/**
 * An identity policy that grants IAM actions must also deny every IAM write explicitly, so that no
 * other policy attached to the same principal can add one. Conditional or resource-scoped Denies
 * do not count: they leave some requests undenied.
 */
export const missingIamWriteDeny: Rule = {
  meta: {
    id: 'missing-iam-write-deny',
    severity: 'warning',
    category: 'security',
    description:
      'A policy that grants IAM actions lacks an unconditional Deny covering every IAM write action.',
    appliesTo: ['identity'],
  },
  check({ doc, catalog, report }) {
    const grantsIam = doc.statements.some(
      (s) => s.effect?.value === 'Allow' && statementActions(catalog, s)?.set.intersects(catalog.iamAll),
    );
    if (!grantsIam) return;
    const covered = catalog.emptySet();
    const denies: number[] = [];
    for (const statement of doc.statements) {
      if (!isUnconditionalDeny(statement)) continue;
      const reached = statementActions(catalog, statement);
      if (!reached) continue;
      covered.addAll(reached.set);
      denies.push(statement.index);
    }
    const uncovered = catalog.iamWrite.clone().removeAll(covered);
    if (uncovered.isEmpty()) return;
    const names = catalog.names(uncovered);
    const all = names.length === catalog.iamWrite.count();
    const message = all
      ? `This policy grants IAM actions but no unconditional Deny covers the ${plural(names.length, 'IAM write action')} ` +
        `(${previewList(names)}). Add a Deny of every IAM write with "Resource": "*" and no Condition, so no other policy can grant one.`
      : `The unconditional Deny statements leave ${plural(names.length, 'IAM write action')} uncovered: ${previewList(names)}.`;
    report({
      node: doc.statementProperty?.children?.[0] ?? doc.root,
      message,
      actions: names,
      data: { denyStatements: denies },
    });
  },
};
