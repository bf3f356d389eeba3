import { StringItem, StatementModel } from './model';

/** Every string of a statement's Action and NotAction, in document order. */
export function actionItems(statement: StatementModel): StringItem[] {
  return [...(statement.action?.items ?? []), ...(statement.notAction?.items ?? [])];
}
