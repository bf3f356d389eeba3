import { matchItem } from './actionItems';
import { Catalog, CatalogAction, splitAction } from '../catalog/catalog';
import { DocumentKind, PolicyDocument, StatementModel, StringItem } from './model';
import { misspeltElements } from './nearMiss';

/** The STS actions a role trust policy grants to its principals. */
export const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

// A misspelt element counts as the element it nearly is (nearMiss.ts): `dAction` in a trust
// statement must not make the document a resource policy and bring advice that would break it.

function hasPrincipal(s: StatementModel): boolean {
  if (s.principal !== undefined || s.notPrincipal !== undefined) return true;
  const misspelt = misspeltElements(s);
  return misspelt.has('Principal') || misspelt.has('NotPrincipal');
}

function hasResource(s: StatementModel): boolean {
  if (s.resource !== undefined || s.notResource !== undefined) return true;
  const misspelt = misspeltElements(s);
  return misspelt.has('Resource') || misspelt.has('NotResource');
}

/** The strings of a misspelt Action or NotAction property, read as its entries. */
function misspeltItems(s: StatementModel, element: 'Action' | 'NotAction'): { items: StringItem[] } | undefined {
  const value = misspeltElements(s).get(element)?.children?.[1];
  if (!value) return undefined;
  const nodes = value.type === 'array' ? (value.children ?? []) : [value];
  return { items: nodes.filter((n) => n.type === 'string').map((node) => ({ value: node.value as string, node, match: undefined })) };
}

/**
 * Whether a Principal-bearing statement reaches the role-assumption actions. An action naming the
 * sts service (`sts:AssumeRole`, `sts:*`, `sts:Assume*`) does; a bare `*` or a NotAction could be a
 * bucket policy's too, so it counts only when the document names no Resource anywhere, as trust
 * policies never do.
 */
function reachesTrustActions(catalog: Catalog, s: StatementModel, trust: readonly CatalogAction[], documentHasResource: boolean): boolean {
  const action = s.action ?? (s.notAction ? undefined : misspeltItems(s, 'Action'));
  const notAction = s.notAction ?? (s.action ? undefined : misspeltItems(s, 'NotAction'));
  if (action) {
    return action.items.some((item) => {
      const split = splitAction(item.value);
      if ('error' in split || (split.service === '*' && documentHasResource)) return false;
      const match = matchItem(catalog, item);
      return match.kind === 'matched' && trust.some((a) => match.set.has(a.index));
    });
  }
  if (notAction) {
    // NotAction grants everything it does not list: a trust policy unless it lists every trust action.
    return (
      !documentHasResource &&
      trust.some(
        (a) =>
          !notAction.items.some((item) => {
            const match = matchItem(catalog, item);
            return match.kind === 'matched' && match.set.has(a.index);
          }),
      )
    );
  }
  return false;
}

export function classifyDocument(catalog: Catalog, doc: PolicyDocument, forcePolicy = false): DocumentKind {
  if (!doc.policyLike && !(forcePolicy && (doc.root?.type === 'object' || doc.unreadable !== undefined))) return 'none';
  const principalStatements = doc.statements.filter(hasPrincipal);
  if (principalStatements.length === 0) return 'identity';
  const documentHasResource = doc.statements.some(hasResource);
  const trust = TRUST_ACTIONS.map((a) => catalog.action(a)).filter((a) => a !== undefined);
  return principalStatements.some((s) => reachesTrustActions(catalog, s, trust, documentHasResource)) ? 'trust' : 'resource';
}
