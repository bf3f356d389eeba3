import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { AccessStatement, PolicyAccess, ResourceScope, allowedPrincipals, deniesEverywhere } from './access';
import { ConditionTest, conditionsImply, testsExclude, unimpliedTest } from './accessConditions';
import { admitsEverything, arnPatternContains, literalHead, patternContains, patternsMayOverlap } from './accessPatterns';
import { AccessPrincipal, EVERYONE, PrincipalScope, principalText, principalsMayOverlap } from './accessPrincipals';
import { actionsOnResources } from './accessResources';
import { someArnPatternContains, somePatternMayOverlap, somePrincipalContains } from './literalIndex';
import { StatementModel } from './model';

/**
 * Does BASE allow every request HEAD allows? The question AWS's CheckNoNewAccess answers with a
 * solver, answered here by containment, soundly: a HEAD Allow is cut into pieces (one resource
 * pattern, one principal, its conditions), and a piece is old access only when one BASE Allow
 * contains it and every BASE Deny that may apply to it is matched by a HEAD Deny. Whatever this
 * cannot show contained is reported as new access, with the reason.
 */

export interface AccessReason {
  /** The HEAD statement that grants it. */
  statement: StatementModel;
  actions: ActionSet;
  why: string;
}

export interface AccessDelta {
  /** Actions HEAD may allow and BASE allows for no request. */
  added: ActionSet;
  /** Actions BASE may allow and HEAD allows for no request. */
  removed: ActionSet;
  /** Actions both allow, HEAD on requests (resources, principals, conditions) BASE did not allow. */
  broadened: ActionSet;
  principalsAdded: AccessPrincipal[];
  principalsRemoved: AccessPrincipal[];
  /**
   * Action names HEAD allows that the catalog does not know and no BASE Allow names: whether BASE
   * allowed them cannot be decided, so they count as new, as written.
   */
  unknownAdded: string[];
  /** Why each action of `added` and `broadened` is new access, by HEAD statement. */
  reasons: AccessReason[];
}

type ResourceUnit = { pattern: string } | { not: string[] };
type PrincipalUnit = AccessPrincipal | null;

function resourceUnits(scope: ResourceScope): ResourceUnit[] {
  return scope.not ? [{ not: scope.patterns }] : scope.patterns.map((pattern) => ({ pattern }));
}

function principalUnits(scope: PrincipalScope | null): PrincipalUnit[] {
  if (!scope) return [null];
  return scope.not ? [EVERYONE] : scope.entries;
}

/** Every resource of `unit` is in `scope` (NotResource: outside all it lists). */
function resourceCovers(scope: ResourceScope, unit: ResourceUnit): boolean {
  if ('pattern' in unit) {
    if (scope.not) return scope.patterns.every((n) => !patternsMayOverlap(n, unit.pattern));
    return someArnPatternContains(scope.patterns, unit.pattern);
  }
  if (scope.not) return scope.patterns.every((n) => unit.not.some((u) => arnPatternContains(u, n)));
  return scope.patterns.some(admitsEverything);
}

function resourceMayOverlap(scope: ResourceScope, unit: ResourceUnit): boolean {
  if ('pattern' in unit) {
    if (scope.not) return !scope.patterns.some((n) => arnPatternContains(n, unit.pattern));
    return somePatternMayOverlap(scope.patterns, unit.pattern);
  }
  if (scope.not) return true;
  return scope.patterns.some((p) => !unit.not.some((n) => arnPatternContains(n, p)));
}

function resourceScopeCovers(outer: ResourceScope, inner: ResourceScope): boolean {
  return resourceUnits(inner).every((u) => resourceCovers(outer, u));
}

function principalCovers(scope: PrincipalScope | null, unit: PrincipalUnit): boolean {
  if (scope === null || unit === null) return scope === null && unit === null;
  return !scope.not && somePrincipalContains(scope.entries, unit);
}

function principalMayOverlap(scope: PrincipalScope | null, unit: PrincipalUnit): boolean {
  if (scope === null || unit === null || scope.not) return true;
  return scope.entries.some((e) => principalsMayOverlap(e, unit));
}

function principalScopeCovers(outer: PrincipalScope | null, inner: PrincipalScope | null): boolean {
  return principalUnits(inner).every((u) => principalCovers(outer, u));
}

/** Whether no request satisfies both sets of tests: some pair of them excludes each other. */
function conditionsExclude(a: readonly ConditionTest[], b: readonly ConditionTest[]): boolean {
  return a.some((x) => b.some((y) => testsExclude(x, y)));
}

function unitText(unit: ResourceUnit): string {
  return 'pattern' in unit ? unit.pattern : `every resource but ${unit.not.join(', ')}`;
}

function statementName(s: StatementModel): string {
  return s.sid ? `"${s.sid.value}"` : `#${s.index + 1}`;
}

/** The first thing that keeps `base` from containing the piece, in words. */
function whyNotContained(piece: Piece, base: AccessStatement): string {
  const parts: string[] = [];
  if (!resourceCovers(base.resources, piece.resource)) {
    const shown = base.resources.not ? `every resource but ${base.resources.patterns.join(', ')}` : base.resources.patterns.join(', ');
    parts.push(`on ${unitText(piece.resource)}, where BASE allowed only ${shown}`);
  }
  if (!principalCovers(base.principals, piece.principal)) {
    if (base.principals?.not) parts.push('BASE names its principals with NotPrincipal, which is not compared');
    else parts.push(`to ${piece.principal ? principalText(piece.principal) : 'the attached identity'}, whom BASE did not allow`);
  }
  const missing = unimpliedTest(piece.conditions, base.conditions);
  if (missing)
    parts.push(
      missing.dropped ? `without the condition ${missing.test.label} BASE required` : `with the condition ${missing.test.label} loosened`,
    );
  const shown = parts.length > 0 ? parts.join('; ') : 'not shown contained in BASE';
  if ('pattern' in piece.resource && piece.resource.pattern.includes('${')) return `${shown} (policy variables are unknowns)`;
  return shown;
}

interface Piece {
  statement: AccessStatement;
  /** Of the statement's actions, those that can act on `resource` (a role's ARN is no object of s3:GetObject). */
  actions: ActionSet;
  resource: ResourceUnit;
  principal: PrincipalUnit;
  conditions: ConditionTest[];
}

function denyName(d: AccessStatement): string {
  const conditions = d.conditions.length > 0 ? ` when ${d.conditions.map((c) => c.label).join(' and ')}` : '';
  const resources = d.resources.not ? ` outside ${d.resources.patterns.join(', ')}` : ` on ${d.resources.patterns.join(', ')}`;
  return `BASE's Deny ${statementName(d.statement)}${resources}${conditions}`;
}

/** A unit as a scope of its own. */
function unitScope(unit: ResourceUnit): ResourceScope {
  return 'pattern' in unit ? { not: false, patterns: [unit.pattern] } : { not: true, patterns: unit.not };
}

/**
 * Whether HEAD's Deny `h` applies to every request of the piece that one part of BASE's Deny `d`
 * (one of its resource patterns, one of its principals) applies to.
 */
function denyCovers(h: AccessStatement, d: AccessStatement, resource: ResourceUnit, principal: PrincipalUnit, piece: Piece): boolean {
  if (h.shape === d.shape) return true;
  if (!conditionsImply(d.conditions, h.conditions)) return false;
  const resources = resourceCovers(h.resources, resource) || resourceCovers(h.resources, piece.resource);
  const principals = principalCovers(h.principals, principal) || principalCovers(h.principals, piece.principal);
  return resources && principals;
}

class Comparison {
  readonly reasons: AccessReason[] = [];
  readonly uncovered: ActionSet;

  constructor(
    private readonly catalog: Catalog,
    private readonly base: PolicyAccess,
    private readonly head: PolicyAccess,
  ) {
    this.uncovered = catalog.emptySet();
  }

  private report(statement: StatementModel, actions: ActionSet, why: string): void {
    const fresh = actions.clone().removeAll(this.uncovered);
    if (fresh.isEmpty()) return;
    this.uncovered.addAll(fresh);
    const same = this.reasons.find((r) => r.statement === statement && r.why === why);
    if (same) same.actions.addAll(fresh);
    else this.reasons.push({ statement, actions: fresh, why });
  }

  run(): void {
    // BASE's Allows by shape: a HEAD Allow unchanged since BASE is found at once, not by a scan.
    const byShape = new Map<string, AccessStatement[]>();
    for (const b of this.base.allows) appendTo(byShape, b.shape, b);
    for (const allow of this.head.allows) {
      if (allow.actions.isEmpty()) continue;
      const twin = byShape.get(allow.shape)?.find((b) => b.actions.containsAll(allow.actions));
      const pieces: Piece[] = [];
      for (const resource of resourceUnits(allow.resources)) {
        const actions = 'pattern' in resource ? actionsOnResources(this.catalog, [resource.pattern], allow.actions) : allow.actions;
        if (actions.isEmpty()) continue;
        for (const principal of principalUnits(allow.principals))
          pieces.push({ statement: allow, actions, resource, principal, conditions: allow.conditions });
      }
      if (!twin) for (const piece of pieces) this.checkAllowed(piece);
      for (const piece of pieces) this.checkDenies(piece);
    }
  }

  /** HEAD's action names unknown to the catalog that no BASE Allow of the same requests names. */
  unknownActions(): string[] {
    const found = new Set<string>();
    for (const allow of this.head.allows) {
      for (const name of allow.unknownActions) {
        const lower = name.toLowerCase();
        // By a pattern containing it, or (a value known only at deploy time, equal only to itself)
        // by the same entry.
        const named = this.base.allows.some(
          (b) =>
            (b.actionPatterns.some((p) => patternContains(p, lower)) || b.unknownActions.includes(name)) &&
            resourceScopeCovers(b.resources, allow.resources) &&
            principalScopeCovers(b.principals, allow.principals) &&
            conditionsImply(allow.conditions, b.conditions),
        );
        if (named || found.has(name)) continue;
        found.add(name);
        this.reasons.push({
          statement: allow.statement,
          actions: this.catalog.emptySet(),
          why: unknownWhy(name),
        });
      }
    }
    return [...found].sort();
  }

  private allowsByHead: Map<string, AccessStatement[]> | undefined;

  /**
   * The BASE Allows that may contain the piece's resource: a pattern contains only what starts with
   * its literal head (accessPatterns.ts), so only Allows with a pattern whose head begins the
   * piece's are read, found by the piece's head's prefixes, and those with a NotResource. Two
   * versions of a policy of 5,000 statements were otherwise compared each with each.
   */
  private allowsFor(resource: ResourceUnit): Iterable<AccessStatement> {
    if (!this.allowsByHead) {
      this.allowsByHead = new Map();
      for (const b of this.base.allows)
        for (const head of b.resources.not ? [''] : new Set(b.resources.patterns.map((p) => literalHead(p))))
          appendTo(this.allowsByHead, head, b);
    }
    const head = 'pattern' in resource ? literalHead(resource.pattern) : '';
    const found = new Set<AccessStatement>();
    for (let length = 0; length <= head.length; length++) for (const b of this.allowsByHead.get(head.slice(0, length)) ?? []) found.add(b);
    return found;
  }

  /** The piece's actions no BASE Allow contains it for. */
  private checkAllowed(piece: Piece): void {
    const covered = this.catalog.emptySet();
    for (const b of this.allowsFor(piece.resource)) {
      if (
        resourceCovers(b.resources, piece.resource) &&
        principalCovers(b.principals, piece.principal) &&
        conditionsImply(piece.conditions, b.conditions)
      )
        covered.addAll(b.actions);
    }
    const left = piece.actions.clone().removeAll(covered);
    if (left.isEmpty()) return;
    const never = left.clone().removeAll(this.base.allowed);
    if (!never.isEmpty()) this.report(piece.statement.statement, never, 'BASE allows none of these');
    const somewhere = left.removeAll(never);
    for (const b of this.base.allows) {
      if (somewhere.isEmpty()) break;
      if (!b.actions.intersects(somewhere)) continue;
      const these = ActionSet.unionWithin(this.catalog.size, [b.actions], somewhere);
      this.report(piece.statement.statement, these, whyNotContained(piece, b));
      somewhere.removeAll(these);
    }
  }

  /** The piece's actions a BASE Deny took back and no HEAD Deny does, part of the Deny by part. */
  private checkDenies(piece: Piece): void {
    for (const d of this.base.denies) {
      if (deniesEverywhere(d) || !d.actions.intersects(piece.actions)) continue;
      if (conditionsExclude(piece.conditions, d.conditions)) continue;
      for (const resource of resourceUnits(d.resources)) {
        if (!resourceMayOverlap(unitScope(resource), piece.resource)) continue;
        for (const principal of principalUnits(d.principals)) {
          if (!principalMayOverlap(principal === null ? null : { not: false, entries: [principal] }, piece.principal)) continue;
          const lost = ActionSet.unionWithin(this.catalog.size, [d.actions], piece.actions);
          for (const h of this.head.denies)
            if (h.actions.intersects(lost) && denyCovers(h, d, resource, principal, piece)) lost.removeAll(h.actions);
          if (!lost.isEmpty())
            this.report(piece.statement.statement, lost, `${denyName(d)} no longer applies to ${unitText(piece.resource)}`);
        }
      }
    }
  }
}

function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Why an entry compared by name is new access. */
function unknownWhy(name: string): string {
  const undecided = 'whether BASE allowed it cannot be decided';
  if (name.startsWith('NotAction ')) {
    const value = name.slice('NotAction '.length);
    return `its NotAction "${value}" is known only at deploy time, so it may allow almost any action, and BASE has no Allow with the same NotAction: ${undecided}`;
  }
  const what = name.includes('${') ? 'is known only at deploy time' : 'is no action the catalog knows';
  return `"${name}" ${what}, and BASE does not allow it by name: ${undecided}`;
}

function principalsNotIn(these: readonly AccessPrincipal[], those: readonly AccessPrincipal[]): AccessPrincipal[] {
  return these.filter((p) => !somePrincipalContains(those, p));
}

/** What HEAD allows that BASE does not, and the reverse for actions and principals. */
export function compareAccess(catalog: Catalog, base: PolicyAccess, head: PolicyAccess): AccessDelta {
  const comparison = new Comparison(catalog, base, head);
  comparison.run();
  const unknownAdded = comparison.unknownActions();
  const added = head.allowed.clone().removeAll(base.allowed);
  const broadened = comparison.uncovered.clone().removeAll(added);
  const removed = base.allowed.clone().removeAll(head.allowed);
  return {
    added,
    removed,
    broadened,
    principalsAdded: principalsNotIn(allowedPrincipals(head, 'everyone'), allowedPrincipals(base, 'nobody')),
    principalsRemoved: principalsNotIn(allowedPrincipals(base, 'everyone'), allowedPrincipals(head, 'nobody')),
    unknownAdded,
    reasons: comparison.reasons,
  };
}
