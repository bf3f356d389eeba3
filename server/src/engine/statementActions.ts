import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { StatementModel, ValueList } from './model';

/** What a statement's Action or NotAction reaches in the catalog. */
export interface StatementActions {
  /** Every catalog action the statement applies to. */
  set: ActionSet;
  /** Reached through NotAction: everything except what it lists. */
  viaNotAction: boolean;
}

function union(catalog: Catalog, list: ValueList): ActionSet {
  const sets: ActionSet[] = [];
  for (const item of list.items) {
    const match = catalog.match(item.value);
    if (match.kind === 'matched') sets.push(match.set);
  }
  return ActionSet.union(catalog.size, sets);
}

const memo = new WeakMap<StatementModel, StatementActions | null>();

/**
 * The actions a statement applies to, or undefined when it has neither Action nor NotAction
 * (or both, which IAM rejects: then nothing can be said of it). Memoised per statement.
 */
export function statementActions(catalog: Catalog, statement: StatementModel): StatementActions | undefined {
  const cached = memo.get(statement);
  if (cached !== undefined) return cached ?? undefined;
  let result: StatementActions | null = null;
  if (statement.action && !statement.notAction) result = { set: union(catalog, statement.action), viaNotAction: false };
  else if (statement.notAction && !statement.action) {
    result = { set: union(catalog, statement.notAction).complement(), viaNotAction: true };
  }
  memo.set(statement, result);
  return result ?? undefined;
}

/** The statement's value list that names its actions (Action or NotAction). */
export function actionList(statement: StatementModel): ValueList | undefined {
  return statement.action ?? statement.notAction;
}
