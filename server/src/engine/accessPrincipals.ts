import { arnPatternContains, patternContains, patternsMayOverlap } from './accessPatterns';
import { comparedValue } from './accessValues';
import { splitArn } from './arn';
import { PrincipalModel } from './model';
import { ACCOUNT_ID, wholeAccount } from './principals';

/**
 * Who a trust or resource policy statement lets in, as `iamlp diff` compares it. An account (its id
 * or its root ARN) stands for every principal of that account, which is how AWS reads it: the
 * account's own policies decide further.
 */
export interface AccessPrincipal {
  /** AWS, Service, Federated, CanonicalUser; `*` for the bare `"Principal": "*"` (everyone). */
  type: string;
  /** Canonical: a bare account id is written as its root ARN. */
  value: string;
}

/** A statement's principals; `not` for NotPrincipal (everyone but those listed). */
export interface PrincipalScope {
  not: boolean;
  entries: AccessPrincipal[];
}

export const EVERYONE: AccessPrincipal = { type: '*', value: '*' };

export function principalScope(model: PrincipalModel, not: boolean): PrincipalScope {
  const entries: AccessPrincipal[] = model.wildcard ? [EVERYONE] : [];
  for (const entry of model.entries) {
    const written = comparedValue(entry.value, entry.node);
    const value = entry.type === 'AWS' && ACCOUNT_ID.test(written) ? `arn:aws:iam::${written}:root` : written;
    entries.push({ type: entry.type, value: entry.type === 'Service' ? value.toLowerCase() : value });
  }
  return { not, entries };
}

/** How a principal reads in a report: its value, `*` for everyone. */
export function principalText(p: AccessPrincipal): string {
  return p.type === '*' || p.value === '*' ? (p.type === 'AWS' || p.type === '*' ? '*' : `${p.type}:*`) : p.value;
}

function accountOf(p: AccessPrincipal): string | undefined {
  if (p.type !== 'AWS') return undefined;
  const arn = splitArn(p.value);
  return arn && (arn.service === 'iam' || arn.service === 'sts') && ACCOUNT_ID.test(arn.account) ? arn.account : undefined;
}

/** Whether every caller `inner` names is one `outer` names. */
export function principalContains(outer: AccessPrincipal, inner: AccessPrincipal): boolean {
  if (outer.type === '*') return true;
  if (inner.type === '*' || inner.type !== outer.type) return false;
  if (outer.value === '*') return true;
  if (outer.type === 'AWS' ? arnPatternContains(outer.value, inner.value) : patternContains(outer.value, inner.value)) return true;
  const account = wholeAccount(outer.value);
  return account !== undefined && accountOf(inner) === account;
}

export function principalsMayOverlap(a: AccessPrincipal, b: AccessPrincipal): boolean {
  if (a.type === '*' || b.type === '*') return true;
  if (a.type !== b.type) return false;
  if (patternsMayOverlap(a.value, b.value)) return true;
  const accountA = wholeAccount(a.value);
  const accountB = wholeAccount(b.value);
  return (accountA !== undefined && accountOf(b) === accountA) || (accountB !== undefined && accountOf(a) === accountB);
}
