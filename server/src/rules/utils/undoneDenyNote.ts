import { ActionSet } from '../../catalog/actionSet';
import { ScopedDenies } from '../../engine/iamWriteDenies';
import { describeSources } from '../../engine/principalScope';
import { previewList } from '../../util/messages';

/**
 * The sentence a finding about IAM writes adds when a Deny of another policy of the principal
 * would cover some of `writes` but does not count, because the principal can take that policy off
 * (engine/removableDenies.ts); empty otherwise.
 */
export function undoneDenyNote(scoped: ScopedDenies, writes: ActionSet): string {
  const sources = scoped.undone.filter((u) => u.denied.intersects(writes)).map((u) => u.source);
  if (sources.length === 0) return '';
  return ` The Deny of ${describeSources(sources)} (same principal) does not count: a policy of this principal can take it off first (${previewList(scoped.removers, 2)}).`;
}
