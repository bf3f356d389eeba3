import type { HostParse, HostPolicy } from '../hostPolicy';
import { PrincipalAttachments } from '../principalAttachments';
import { awsManagedPolicyArns } from '../../catalog/awsManagedPolicies';

/** A reference to a principal or a policy of the file: `aws_iam_role.app.name`, `aws_iam_policy.p.arn`. */
const REFERENCE = /\b(aws_iam_(?:role|user|group|policy))\.([A-Za-z_][A-Za-z0-9_-]*)\.(?:name|id|arn|unique_id)\b/g;

function references(expression: string | undefined, type?: string): string[] {
  if (!expression) return [];
  return [...expression.matchAll(REFERENCE)].filter((m) => !type || m[1] === type).map((m) => `${m[1]}.${m[2]}`);
}

/** What the resources of a .tf say about attachments: each resource's type, name and attributes' text. */
export interface TerraformResource {
  type: string;
  name: string;
  attributes: ReadonlyMap<string, string>;
  /** Where each attribute's text starts in the file. */
  offsets: ReadonlyMap<string, number>;
}

const PRINCIPAL = /^aws_iam_(role|user|group)$/;

/** The AWS managed policies an attribute names by ARN: their paths and names after `policy/`, and where. */
function awsManagedIn(r: TerraformResource, attribute: string): Array<{ path: string; span: { offset: number; length: number } }> {
  const expression = r.attributes.get(attribute);
  const start = r.offsets.get(attribute);
  if (!expression || start === undefined) return [];
  return awsManagedPolicyArns(expression).map(({ path, index, length }) => ({ path, span: { offset: start + index, length } }));
}

/**
 * Which principals (`aws_iam_role.x`, `aws_iam_user.x`, `aws_iam_group.x`) each identity policy of
 * a Terraform file is attached to: a role's `inline_policy`, `aws_iam_role_policy` and its user and
 * group kin through `role`/`user`/`group`, `aws_iam_*_policy_attachment`, `aws_iam_policy_attachment`
 * and a role's `managed_policy_arns` through `policy_arn` references, and a `data
 * "aws_iam_policy_document"` through the resource whose slot uses it. A user also holds its groups'
 * policies (`aws_iam_user_group_membership`, `aws_iam_group_membership`, `aws_iam_user` groups).
 * Only references within the file are followed. Sets `attachedTo`, and returns the AWS managed
 * policies each principal holds (an attachment's `policy_arn`, a role's `managed_policy_arns`).
 */
export function attachTerraformPolicies(
  resources: readonly TerraformResource[],
  policies: HostPolicy[],
  dataUsers: ReadonlyMap<string, string[]>,
): Pick<HostParse, 'awsManagedPolicies' | 'awsManagedAttachments'> {
  const attachments = new PrincipalAttachments();
  const attach = (policy: string, principal: string) => attachments.attach(policy, principal);
  const member = (user: string, group: string) => attachments.member(user, group);
  for (const r of resources) {
    const address = `${r.type}.${r.name}`;
    const a = (key: string) => r.attributes.get(key);
    const own = /^aws_iam_(role|user|group)_policy$/.exec(r.type);
    if (own) for (const p of references(a(own[1]), `aws_iam_${own[1]}`)) attach(address, p);
    const attachment = /^aws_iam_(role|user|group)_policy_attachment$/.exec(r.type);
    if (attachment) {
      const principals = references(a(attachment[1]), `aws_iam_${attachment[1]}`);
      for (const policy of references(a('policy_arn'), 'aws_iam_policy')) for (const p of principals) attach(policy, p);
      for (const { path, span } of awsManagedIn(r, 'policy_arn')) for (const p of principals) attachments.attachAwsManaged(p, path, span);
    }
    if (r.type === 'aws_iam_policy_attachment') {
      const principals = ['roles', 'users', 'groups'].flatMap((key) => references(a(key)).filter((p) => PRINCIPAL.test(p.split('.')[0])));
      for (const policy of references(a('policy_arn'), 'aws_iam_policy')) for (const p of principals) attach(policy, p);
      for (const { path, span } of awsManagedIn(r, 'policy_arn')) for (const p of principals) attachments.attachAwsManaged(p, path, span);
    }
    if (r.type === 'aws_iam_role') {
      for (const policy of references(a('managed_policy_arns'), 'aws_iam_policy')) attach(policy, address);
      for (const { path, span } of awsManagedIn(r, 'managed_policy_arns')) attachments.attachAwsManaged(address, path, span);
    }
    if (r.type === 'aws_iam_user_group_membership') {
      for (const user of references(a('user'), 'aws_iam_user'))
        for (const group of references(a('groups'), 'aws_iam_group')) member(user, group);
    }
    if (r.type === 'aws_iam_group_membership') {
      for (const group of references(a('group'), 'aws_iam_group'))
        for (const user of references(a('users'), 'aws_iam_user')) member(user, group);
    }
  }
  for (const policy of policies) {
    if (policy.kind !== 'identity') continue;
    // The resources that are this policy: itself, or the resources whose slot uses a data document.
    const addresses = [policy.resource, ...(dataUsers.get(policy.resource) ?? [])];
    const attachedTo = attachments.principalsOf(
      addresses,
      addresses.filter((address) => PRINCIPAL.test(address.split('.')[0])),
    );
    if (attachedTo) policy.attachedTo = attachedTo;
  }
  return attachments.awsManagedOfTemplate();
}
