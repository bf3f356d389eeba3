import { AccountRelation } from '../../engine/principals';

/** At most this many account ids in a message; the rest are counted. */
const SHOWN_ACCOUNTS = 2;

function accountList(accounts: readonly string[]): string {
  const more = accounts.length > SHOWN_ACCOUNTS ? ` and ${accounts.length - SHOWN_ACCOUNTS} more` : '';
  return accounts.slice(0, SHOWN_ACCOUNTS).join(', ') + more;
}

/**
 * Where the trusted principals are, as an aside after their names in a message
 * (", in another account (444455556666),"), or '' when that is not known. Another account is
 * where a confused deputy can act; the role's own account is the owner's business.
 */
export function accountAside(relation: AccountRelation): string {
  switch (relation.kind) {
    case 'own':
      return ', in this account,';
    case 'other':
      return `, in ${relation.accounts.length === 1 ? 'another account' : 'other accounts'} (${accountList(relation.accounts)}),`;
    case 'both':
      return `, in this account and in ${relation.accounts.length === 1 ? 'another' : 'others'} (${accountList(relation.accounts)}),`;
    default:
      return '';
  }
}
