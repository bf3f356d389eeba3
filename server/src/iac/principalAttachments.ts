/**
 * What the two template adapters share when they work out which principals an identity policy is
 * attached to: the policy → principals and user → groups relations, and a user holding the
 * policies of its groups. Names are whatever the adapter uses (logical ids, resource addresses).
 */
export class PrincipalAttachments {
  private readonly principals = new Map<string, Set<string>>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  private readonly awsManaged = new Map<string, Set<string>>();

  attach(policy: string, principal: string): void {
    addTo(this.principals, policy, principal);
  }

  /** An AWS managed policy (its path and name after `policy/`, or SAM's bare name) the principal holds. */
  attachAwsManaged(principal: string, policy: string): void {
    addTo(this.awsManaged, principal, policy);
  }

  /** The AWS managed policies each principal holds, a user's groups' included: sorted, by principal. */
  awsManagedByPrincipal(): Map<string, string[]> {
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

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
