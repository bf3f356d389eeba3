import { ActionSet } from '../catalog/actionSet';
import { Catalog, PatternMatch } from '../catalog/catalog';
import { comparedValue } from './accessValues';
import { matchItem } from './actionItems';
import { ConditionTest, conditionTests, testKey } from './accessConditions';
import { admitsEverything } from './accessPatterns';
import { AccessPrincipal, EVERYONE, PrincipalScope, principalScope } from './accessPrincipals';
import { actionsOnResources } from './accessResources';
import { isUnknownValue } from './deployTime';
import { DocumentKind, PolicyDocument, StatementModel } from './model';
import { statementActions } from './statementActions';

/**
 * What a policy allows, as requests rather than text: per statement the catalog actions it applies
 * to, the resources (Resource or NotResource patterns), the principals (trust and resource
 * policies; null for an identity policy, whose principal is whoever it is attached to) and the
 * conditions. `compareAccess` (accessCompare.ts) asks whether one policy allows every request
 * another allows.
 */

/** Resource patterns, or with `not` every resource but those (NotResource). */
export interface ResourceScope {
  not: boolean;
  patterns: string[];
}

export interface AccessStatement {
  statement: StatementModel;
  effect: 'Allow' | 'Deny';
  /** For an Allow, without what the policy's unconditional Denies of everyone on everything take back. */
  actions: ActionSet;
  resources: ResourceScope;
  /** null: an identity policy's statement, which applies to the identity it is attached to. */
  principals: PrincipalScope | null;
  conditions: ConditionTest[];
  /**
   * Action entries the catalog does not know (a new or undocumented action, a typo) or known only
   * at deploy time (`${var.actions}`), as written, and a NotAction entry known only at deploy time
   * as `NotAction ${...}` (what it leaves allowed cannot be told): the sets cannot hold them, so
   * they are compared by name.
   */
  unknownActions: string[];
  /** The Action entries as written, lower-cased (none for NotAction). */
  actionPatterns: string[];
  /** Everything but the actions, canonically: two statements with the same shape differ only in actions. */
  shape: string;
}

export interface PolicyAccess {
  kind: DocumentKind;
  allows: AccessStatement[];
  denies: AccessStatement[];
  /** Every action some request may be allowed: the Allows' actions, less the unconditional Denies. */
  allowed: ActionSet;
}

const EVERY_RESOURCE: ResourceScope = { not: false, patterns: ['*'] };

function resourceScope(statement: StatementModel): ResourceScope {
  if (statement.notResource) return { not: true, patterns: statement.notResource.items.map((i) => comparedValue(i.value, i.node)) };
  // A trust policy names no Resource: the role it belongs to is the resource.
  if (!statement.resource) return EVERY_RESOURCE;
  return { not: false, patterns: statement.resource.items.map((i) => comparedValue(i.value, i.node)) };
}

function principalsOf(statement: StatementModel): PrincipalScope | null {
  if (statement.notPrincipal) return principalScope(statement.notPrincipal, true);
  if (statement.principal) return principalScope(statement.principal, false);
  return null;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function shapeOf(resources: ResourceScope, principals: PrincipalScope | null, conditions: readonly ConditionTest[]): string {
  const principalKey = principals
    ? `${principals.not ? 'not' : 'is'}:${sortedUnique(principals.entries.map((p) => `${p.type}=${p.value}`)).join(',')}`
    : 'identity';
  return [
    `${resources.not ? 'not' : 'is'}:${sortedUnique(resources.patterns).join(',')}`,
    principalKey,
    sortedUnique(conditions.map(testKey)).join('\u0002'),
  ].join('\u0003');
}

/** A well-formed action name or pattern that reaches nothing in the catalog. */
function isUnknown(match: PatternMatch): boolean {
  return match.kind === 'unknown-service' || (match.kind === 'matched' && match.count === 0);
}

/** Whether a Deny applies to every request of its actions: no condition, every resource, every principal. */
export function deniesEverywhere(s: AccessStatement): boolean {
  if (s.effect !== 'Deny' || s.conditions.length > 0) return false;
  if (s.resources.not || !s.resources.patterns.some(admitsEverything)) return false;
  return s.principals === null || (!s.principals.not && s.principals.entries.some((p) => p.type === '*'));
}

/** The access a parsed policy grants. Statements IAM would reject (no Effect, no Action) grant nothing. */
export function policyAccess(catalog: Catalog, document: PolicyDocument, kind: DocumentKind): PolicyAccess {
  const allows: AccessStatement[] = [];
  const denies: AccessStatement[] = [];
  for (const statement of document.statements) {
    const effect = statement.effect?.value;
    if (effect !== 'Allow' && effect !== 'Deny') continue;
    const reached = statementActions(catalog, statement);
    if (!reached) continue;
    const resources = resourceScope(statement);
    const principals = principalsOf(statement);
    const conditions = conditionTests(statement);
    const items = statement.action?.items ?? [];
    const access: AccessStatement = {
      statement,
      effect,
      // Only what the Resource can name: s3:GetObject on a role's ARN is no access to compare.
      actions: resources.not ? reached.set.clone() : actionsOnResources(catalog, resources.patterns, reached.set.clone()),
      resources,
      principals,
      conditions,
      unknownActions: [
        ...items.filter((item) => isUnknownValue(item.node) || isUnknown(matchItem(catalog, item))).map((item) => item.value),
        ...(statement.notAction?.items ?? []).filter((item) => isUnknownValue(item.node)).map((item) => `NotAction ${item.value}`),
      ],
      actionPatterns: items.map((item) => item.value.toLowerCase()),
      shape: shapeOf(resources, principals, conditions),
    };
    (effect === 'Allow' ? allows : denies).push(access);
  }
  const everywhere = catalog.emptySet();
  for (const deny of denies) if (deniesEverywhere(deny)) everywhere.addAll(deny.actions);
  const allowed = catalog.emptySet();
  for (const allow of allows) {
    allow.actions.removeAll(everywhere);
    allowed.addAll(allow.actions);
  }
  return { kind, allows, denies, allowed };
}

/**
 * The principals a policy's Allows let in. A NotPrincipal lets in everyone but a few: counted as
 * everyone when asking what HEAD lets in, as nobody when asking what BASE already did.
 */
export function allowedPrincipals(access: PolicyAccess, notPrincipal: 'everyone' | 'nobody'): AccessPrincipal[] {
  const seen = new Map<string, AccessPrincipal>();
  for (const allow of access.allows) {
    if (!allow.principals || allow.actions.isEmpty()) continue;
    const entries = allow.principals.not ? (notPrincipal === 'everyone' ? [EVERYONE] : []) : allow.principals.entries;
    for (const p of entries) seen.set(`${p.type}=${p.value}`, p);
  }
  return [...seen.values()];
}
