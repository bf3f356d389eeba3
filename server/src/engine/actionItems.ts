import { Catalog, PatternMatch } from '../catalog/catalog';
import { StringItem, StatementModel } from './model';

/** Every string of a statement's Action and NotAction, in document order. */
export function actionItems(statement: StatementModel): StringItem[] {
  return [...(statement.action?.items ?? []), ...(statement.notAction?.items ?? [])];
}

/**
 * What an Action/NotAction entry reaches, remembered on the entry: several rules ask about every
 * entry, and hashing its freshly parsed string again for the catalog's cache costs more than the
 * rest of their work.
 */
export function matchItem(catalog: Catalog, item: StringItem): PatternMatch {
  item.match ??= catalog.match(item.value);
  return item.match;
}
