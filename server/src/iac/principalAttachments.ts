import type { AwsManagedPolicyReference } from '../engine/rule';
/**
 * What the two template adapters share when they work out which principals an identity policy is
 * attached to: the policy → principals and user → groups relations, and a user holding the
 * policies of its groups. Names are whatever the adapter uses (logical ids, resource addresses).
 */
export class PrincipalAttachments {
  private readonly principals = new Map<string, Set<string>>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  private readonly awsManaged = new Map<string, Set<string>>();
  private readonly awsManagedSpans: AwsManagedAttachment[] = [];

  attach(policy: string, principal: string): void {
    addTo(this.principals, policy, principal);
  }

  /**
   * An AWS managed policy (its path and name after `policy/`, or SAM's bare name) the principal
   * holds, named at `span` of the template.
   */
  attachAwsManaged(principal: string, policy: string, span: { offset: number; length: number }, byName = false): void {
    addTo(this.awsManaged, principal, policy);
    this.awsManagedSpans.push({
      principal,
      heldBy: [principal],
      path: policy,
      offset: span.offset,
      length: span.length,
      ...(byName ? { byName } : {}),
    });
  }

  /**
   * What a template's parse says of AWS managed policies: which each principal holds, and where the
   * template attaches them (not the ones a user holds through a group); nothing when it names none.
   */
  awsManagedOfTemplate(): { awsManagedPolicies?: Map<string, string[]>; awsManagedAttachments?: AwsManagedAttachment[] } {
    if (this.awsManagedSpans.length === 0) return {};
    const attachments = this.awsManagedSpans.map((a) => ({ ...a, heldBy: this.holdersThrough(a.principal) }));
    return { awsManagedPolicies: this.awsManagedByPrincipal(), awsManagedAttachments: attachments };
  }

  /** Who holds what is attached to `principal`: itself and, for a group, its users; sorted. */
  private holdersThrough(principal: string): string[] {
    const holders = [principal];
    for (const [user, groups] of this.groupsOfUser) if (groups.has(principal)) holders.push(user);
    return holders.sort();
  }

  /** The AWS managed policies each principal holds, a user's groups' included: sorted, by principal. */
  private awsManagedByPrincipal(): Map<string, string[]> {
    const held = new Map<string, string[]>();
    const principals = new Set([...this.awsManaged.keys(), ...this.groupsOfUser.keys()]);
    for (const principal of principals) {
      const names = new Set(this.awsManaged.get(principal) ?? []);
      for (const group of this.groupsOfUser.get(principal) ?? []) for (const name of this.awsManaged.get(group) ?? []) names.add(name);
      if (names.size > 0) held.set(principal, [...names].sort());
    }
    return held;
  }

  member(user: string, group: string): void {
    addTo(this.groupsOfUser, user, group);
  }

  /**
   * The principals holding a policy that is the resources `policyResources` (itself, or what uses
   * it), `ownPrincipals` among them being principals whose inline policy it is: sorted, with the
   * users of every group it reaches; undefined when none.
   */
  principalsOf(policyResources: readonly string[], ownPrincipals: readonly string[] = []): string[] | undefined {
    const direct = new Set<string>(ownPrincipals);
    for (const resource of policyResources) for (const p of this.principals.get(resource) ?? []) direct.add(p);
    const all = new Set(direct);
    for (const [user, groups] of this.groupsOfUser) if ([...groups].some((g) => direct.has(g))) all.add(user);
    return all.size > 0 ? [...all].sort() : undefined;
  }
}

/** Where a template attaches an AWS managed policy, and to whom. */
export interface AwsManagedAttachment extends AwsManagedPolicyReference {
  principal: string;
  /** The principals holding the policy through this attachment: the principal and, for a group, its users. */
  heldBy: readonly string[];
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
