import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { isUnconditional } from './conditions';
import { StatementModel } from './model';
import { statementActions } from './statementActions';

/** A Deny that always applies: no Condition, Resource "*", no NotResource. */
export function isUnconditionalDeny(statement: StatementModel): boolean {
  return (
    statement.effect?.value === 'Deny' &&
    isUnconditional(statement) &&
    !statement.notResource &&
    (statement.resource?.items.some((r) => r.value === '*') ?? false)
  );
}

/** The actions of `scope` the statements' unconditional Denies cover: no other policy can grant them. */
export function unconditionallyDenied(catalog: Catalog, statements: readonly StatementModel[], scope: ActionSet): ActionSet {
  const covered = catalog.emptySet();
  for (const statement of statements) {
    if (!isUnconditionalDeny(statement)) continue;
    const reached = statementActions(catalog, statement);
    if (reached) covered.addAll(reached.within(scope));
  }
  return covered;
}
