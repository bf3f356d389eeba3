import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { PolicyDocument, StatementModel } from './model';
import { PrincipalScope, identityOthers } from './principalScope';
import { PrincipalDenies } from './removableDenies';
import { unconditionallyDenied } from './unconditionalDenies';

/** The IAM write actions the policy's unconditional Denies cover: no other policy can grant them. */
export function deniedIamWrites(catalog: Catalog, statements: readonly StatementModel[]): ActionSet {
  return unconditionallyDenied(catalog, statements, catalog.iamWrite);
}

export interface ScopedDenies {
  /** The IAM writes no policy attached with this one can grant. */
  denied: ActionSet;
  /** The other policies whose Denies count, by source. */
  by: string[];
  /**
   * The other policies whose Denies do not count, with the IAM writes they deny: a policy of the
   * principal allows it to take a policy off (`removers`, see engine/removableDenies.ts).
   */
  undone: Array<{ source: string; denied: ActionSet }>;
  removers: string[];
}

/** By document: allow-iam-write and missing-iam-write-deny both ask, in the same analysis. */
const scopedByDocument = new WeakMap<PolicyDocument, { catalog: Catalog; principals: readonly PrincipalScope[]; scoped: ScopedDenies }>();

/**
 * The IAM writes denied for a policy as attached: by its own unconditional Denies and, when it is
 * declared as a policy of principals, by those of their other policies as well. Attached to several
 * principals, a write counts as denied only when it is denied for every one of them. The answer is
 * shared by the rules of one analysis: do not modify it.
 */
export function scopedIamWriteDenies(catalog: Catalog, doc: PolicyDocument, principals: readonly PrincipalScope[]): ScopedDenies {
  const known = scopedByDocument.get(doc);
  if (known && known.catalog === catalog && known.principals === principals) return known.scoped;
  const scoped = scopedDenies(catalog, doc, principals);
  scopedByDocument.set(doc, { catalog, principals, scoped });
  return scoped;
}

function scopedDenies(catalog: Catalog, doc: PolicyDocument, principals: readonly PrincipalScope[]): ScopedDenies {
  if (principals.length === 0) return { denied: deniedIamWrites(catalog, doc.statements), by: [], undone: [], removers: [] };
  let denied: ActionSet | undefined;
  const by: string[] = [];
  const undone: ScopedDenies['undone'] = [];
  const removers = new Set<string>();
  for (const principal of principals) {
    const others = identityOthers(catalog, principal);
    // Which Denies hold is PrincipalDenies' answer, as for the escalation paths: another policy's
    // only while the principal cannot take a policy off.
    const denies = new PrincipalDenies(catalog, [doc, ...others.map((o) => o.document)], catalog.iamWrite, Date.now());
    const set = denies.own[0].clone();
    others.forEach((other, i) => {
      const theirs = denies.own[i + 1];
      if (theirs.isEmpty() || set.containsAll(theirs)) return;
      if (denies.removers.length > 0) {
        undone.push({ source: other.source, denied: theirs });
        for (const action of denies.removers) removers.add(action);
        return;
      }
      set.addAll(theirs);
      by.push(other.source);
    });
    denied = denied ? denied.retainAll(set) : set;
  }
  return { denied: denied!, by: [...new Set(by)], undone, removers: [...removers].sort() };
}
