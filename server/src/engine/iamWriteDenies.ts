import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { PolicyDocument, StatementModel } from './model';
import { PrincipalScope, identityOthers } from './principalScope';
import { policyRemovers } from './removableDenies';
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
  const own = deniedIamWrites(catalog, doc.statements);
  let denied: ActionSet | undefined;
  const by: string[] = [];
  const undone: ScopedDenies['undone'] = [];
  const removers = new Set<string>();
  for (const principal of principals) {
    const set = own.clone();
    const others = identityOthers(catalog, principal);
    let canRemove: string[] | undefined;
    for (const other of others) {
      const theirs = deniedIamWrites(catalog, other.document.statements);
      if (theirs.isEmpty() || set.containsAll(theirs)) continue;
      // Another policy's Deny holds only while the principal cannot take that policy off.
      canRemove ??= policyRemovers(catalog, [doc, ...others.map((o) => o.document)]);
      if (canRemove.length > 0) {
        undone.push({ source: other.source, denied: theirs });
        for (const action of canRemove) removers.add(action);
        continue;
      }
      set.addAll(theirs);
      by.push(other.source);
    }
    denied = denied ? denied.retainAll(set) : set;
  }
  return { denied: denied ?? own, by: [...new Set(by)], undone, removers: [...removers].sort() };
}
