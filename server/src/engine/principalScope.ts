import { Catalog } from '../catalog/catalog';
import { classifyDocument } from './kind';
import { PolicyDocument } from './model';

/**
 * The policies of one principal (user, group or role) that the analysed document is attached to.
 * Any front end can build one: `.iamlp.json` "principals" for standalone files (config/), a
 * template's role and its inline and managed policies for infrastructure code. The rules that
 * judge a principal as a whole (privilege escalation, the IAM-write cap) read it from their context.
 */
export interface ScopePolicy {
  /** Where the policy comes from, as messages name it: a path relative to the project, `template.json#Role`. */
  source: string;
  /** The policy, analysed; its offsets are those of its own text. */
  document: PolicyDocument;
}

export interface PrincipalScope {
  /** The principal's name as declared (a config key, a template's logical id). */
  name: string;
  /** The principal's other policies: the document being analysed is not among them. */
  others: readonly ScopePolicy[];
}

/**
 * Whether a policy's principals are to be judged together: when any of them has another policy.
 * Every principal then stays in the list, one with no other policy too: the rules judge each (a
 * Deny must hold for every one, a path counts for any one), and a policy attached to a role with a
 * Deny of IAM writes and to one without was judged as if only the first held it.
 */
export function anyOtherPolicies(scopes: readonly PrincipalScope[]): boolean {
  return scopes.some((scope) => scope.others.length > 0);
}

/** The identity policies of a scope: a trust or resource policy listed by mistake grants the principal nothing. */
export function identityOthers(catalog: Catalog, scope: PrincipalScope): ScopePolicy[] {
  return scope.others.filter((p) => classifyDocument(catalog, p.document) === 'identity');
}

/** The source names, for messages: `a.json`, `a.json and b.json`. */
export function describeSources(sources: readonly string[]): string {
  const unique = [...new Set(sources)];
  if (unique.length <= 1) return unique.join('');
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}
