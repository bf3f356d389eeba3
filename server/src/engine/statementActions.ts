import { actionsConditionAllows } from './absentKeys';
import { matchItem } from './actionItems';
import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { isUnknownValue } from './deployTime';
import { StatementModel, ValueList } from './model';

/**
 * What a statement's Action or NotAction reaches in the catalog. Rules mostly ask about one service
 * (what does it grant of IAM, does it reach sts:AssumeRole), so the answer is computed per question
 * from the patterns' own sets; the full union is built only when someone asks for all of it.
 * `allowedOnly` are the only actions its Condition can let through, when it narrows them
 * (engine/absentKeys.ts); it is shared, never modified here.
 */
export class StatementActions {
  private full: ActionSet | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly patternSets: readonly ActionSet[],
    /** Reached through NotAction: everything except what it lists. */
    readonly viaNotAction: boolean,
    private readonly allowedOnly?: ActionSet,
  ) {}

  /** Every catalog action the statement applies to. Do not modify it. */
  get set(): ActionSet {
    if (!this.full) {
      const union = ActionSet.union(this.catalog.size, this.patternSets);
      this.full = this.viaNotAction ? union.complement() : union;
      if (this.allowedOnly) this.full.retainAll(this.allowedOnly);
    }
    return this.full;
  }

  /** The actions of `scope` the statement applies to: a new set. */
  within(scope: ActionSet): ActionSet {
    const listed = ActionSet.unionWithin(this.catalog.size, this.patternSets, scope);
    const reached = this.viaNotAction ? scope.clone().removeAll(listed) : listed;
    return this.allowedOnly ? reached.retainAll(this.allowedOnly) : reached;
  }

  /** Whether the statement applies to any action of `scope`; answers without building a set. */
  reachesAny(scope: ActionSet): boolean {
    if (!this.viaNotAction && !this.allowedOnly) return this.patternSets.some((s) => s.intersects(scope));
    return !this.within(scope).isEmpty();
  }

  has(index: number): boolean {
    if (this.allowedOnly && !this.allowedOnly.has(index)) return false;
    return this.patternSets.some((s) => s.has(index)) !== this.viaNotAction;
  }
}

function patternSets(catalog: Catalog, list: ValueList): ActionSet[] {
  const sets: ActionSet[] = [];
  for (const item of list.items) {
    const match = matchItem(catalog, item);
    if (match.kind === 'matched') sets.push(match.set);
  }
  return sets;
}

/**
 * The actions a statement applies to, or undefined when it has neither Action nor NotAction
 * (or both, which IAM rejects: then nothing can be said of it). Memoised per statement.
 */
export function statementActions(catalog: Catalog, statement: StatementModel): StatementActions | undefined {
  const cached = statement.reached;
  if (cached !== undefined) return cached ?? undefined;
  let result: StatementActions | null = null;
  const allowedOnly = actionsConditionAllows(catalog, statement);
  if (statement.action && !statement.notAction)
    result = new StatementActions(catalog, patternSets(catalog, statement.action), false, allowedOnly);
  else if (statement.notAction && !statement.action) {
    // Everything but a value known only at deploy time could be anything or nothing: the
    // statement is judged to reach nothing, so an Allow raises no alarm and a Deny covers nothing.
    result = statement.notAction.items.some((item) => isUnknownValue(item.node))
      ? new StatementActions(catalog, [], false)
      : new StatementActions(catalog, patternSets(catalog, statement.notAction), true, allowedOnly);
  }
  statement.reached = result;
  return result ?? undefined;
}

/** The statement's value list that names its actions (Action or NotAction). */
export function actionList(statement: StatementModel): ValueList | undefined {
  return statement.action ?? statement.notAction;
}
