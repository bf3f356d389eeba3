import { matchItem } from './actionItems';
import { Catalog, CatalogAction, splitAction } from '../catalog/catalog';
import { DocumentKind, PolicyDocument, StatementModel } from './model';

/** The STS actions a role trust policy grants to its principals. */
export const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

function hasPrincipal(s: StatementModel): boolean {
  return s.principal !== undefined || s.notPrincipal !== undefined;
}

/**
 * Whether a Principal-bearing statement reaches the role-assumption actions. An action naming the
 * sts service (`sts:AssumeRole`, `sts:*`, `sts:Assume*`) does; a bare `*` or a NotAction could be a
 * bucket policy's too, so it counts only when the document names no Resource anywhere, as trust
 * policies never do.
 */
function reachesTrustActions(catalog: Catalog, s: StatementModel, trust: readonly CatalogAction[], documentHasResource: boolean): boolean {
  if (s.action) {
    return s.action.items.some((item) => {
      const split = splitAction(item.value);
      if ('error' in split || (split.service === '*' && documentHasResource)) return false;
      const match = matchItem(catalog, item);
      return match.kind === 'matched' && trust.some((a) => match.set.has(a.index));
    });
  }
  if (s.notAction) {
    // NotAction grants everything it does not list: a trust policy unless it lists every trust action.
    return (
      !documentHasResource &&
      trust.some(
        (a) =>
          !s.notAction!.items.some((item) => {
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
  const documentHasResource = doc.statements.some((s) => s.resource !== undefined || s.notResource !== undefined);
  const trust = TRUST_ACTIONS.map((a) => catalog.action(a)).filter((a) => a !== undefined);
  return principalStatements.some((s) => reachesTrustActions(catalog, s, trust, documentHasResource)) ? 'trust' : 'resource';
}
