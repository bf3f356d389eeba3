import type { Node } from 'jsonc-parser';
import { propertyOf } from '../../engine/parse';
import type { HostParse, HostPolicy } from '../hostPolicy';
import { PrincipalAttachments } from '../principalAttachments';
import { intrinsicOf, propertyValue as valueOf } from './intrinsics';
import { ownEntry } from '../../util/records';
import { awsManagedPolicyPath } from '../../catalog/awsManagedPolicies';
import { SAM_POLICY_LISTS } from './slots';

/** The principal types whose policies make one principal's permissions. */
const PRINCIPAL_TYPES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::Serverless::Function': '',
  'AWS::Serverless::StateMachine': '',
};

interface Resource {
  id: string;
  type: string;
  properties: Node;
}

/** The logical ids a list of references (`!Ref X`, or a literal name) designates, among `named`. */
function referencedIds(list: Node | undefined, named: ReadonlyMap<string, string>): string[] {
  const items = list?.type === 'array' ? (list.children ?? []) : list ? [list] : [];
  const ids: string[] = [];
  for (const item of items) {
    const fn = intrinsicOf(item);
    if (fn?.name === 'Ref' && typeof fn.argument.value === 'string') ids.push(fn.argument.value);
    else if (item.type === 'string') {
      const id = named.get(item.value as string);
      if (id) ids.push(id);
    }
  }
  return ids;
}

/** The text of a string, or of a `Fn::Sub` template, or of a `Fn::Join` of strings and `!Ref`s (`${Name}`). */
function arnText(item: Node): string | undefined {
  if (item.type === 'string') return item.value as string;
  const fn = intrinsicOf(item);
  if (fn?.name === 'Fn::Sub') {
    const template = fn.argument.type === 'array' ? fn.argument.children?.[0] : fn.argument;
    return template?.type === 'string' ? (template.value as string) : undefined;
  }
  if (fn?.name === 'Fn::Join' && fn.argument.type === 'array') {
    const [separator, parts] = fn.argument.children ?? [];
    if (separator?.type !== 'string' || parts?.type !== 'array') return undefined;
    const texts = (parts.children ?? []).map((part) => {
      const ref = intrinsicOf(part);
      return part.type === 'string' ? (part.value as string) : ref?.name === 'Ref' ? `\${${String(ref.argument.value)}}` : undefined;
    });
    return texts.every((t) => t !== undefined) ? texts.join(separator.value as string) : undefined;
  }
  return undefined;
}

/**
 * The AWS managed policies a list names by ARN (`ManagedPolicyArns`), or, for SAM's `Policies`
 * (`bareNames`), also by name: their paths and names after `policy/`.
 */
function awsManagedPolicies(list: Node | undefined, bareNames: boolean): Array<{ path: string; node: Node; byName?: boolean }> {
  const items = list?.type === 'array' ? (list.children ?? []) : list ? [list] : [];
  const named: Array<{ path: string; node: Node; byName?: boolean }> = [];
  for (const item of items) {
    const text = arnText(item);
    if (text === undefined) continue;
    const path = awsManagedPolicyPath(text);
    if (path) named.push({ path, node: item });
    else if (bareNames && item.type === 'string' && /^[\w+=,.@-]+$/.test(text)) named.push({ path: text, node: item, byName: true });
  }
  return named;
}

/**
 * Which principals of the template each identity policy is attached to, by logical id: a role's,
 * user's or group's inline `Policies`, `AWS::IAM::Policy`/`ManagedPolicy` through their
 * `Roles`/`Users`/`Groups` (by `!Ref` or by name), a principal's `ManagedPolicyArns` that `!Ref` a
 * managed policy of the template, `AWS::IAM::RolePolicy`/`UserPolicy`/`GroupPolicy`, and a SAM
 * function's or state machine's `Policies` (its generated role). A user also holds the policies of
 * the groups it is in. Sets `attachedTo` on the identity policies, and returns the AWS managed
 * policies each principal holds (`ManagedPolicyArns`, a SAM resource's `Policies` names).
 */
export function attachPolicies(
  resources: readonly Resource[],
  policies: HostPolicy[],
): Pick<HostParse, 'awsManagedPolicies' | 'awsManagedAttachments'> {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const named = new Map<string, string>();
  for (const r of resources) {
    const nameKey = ownEntry(PRINCIPAL_TYPES, r.type);
    const name = nameKey ? valueOf(propertyOf(r.properties, nameKey)) : undefined;
    if (name?.type === 'string') named.set(name.value as string, r.id);
  }
  const isPrincipal = (id: string) => {
    const type = byId.get(id)?.type;
    return type !== undefined && ownEntry(PRINCIPAL_TYPES, type) !== undefined;
  };
  const attachments = new PrincipalAttachments();
  const attach = (policyResource: string, principal: string) => {
    if (isPrincipal(principal)) attachments.attach(policyResource, principal);
  };
  for (const r of resources) {
    if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
      for (const key of ['Roles', 'Users', 'Groups'])
        for (const id of referencedIds(valueOf(propertyOf(r.properties, key)), named)) attach(r.id, id);
    }
    const single = { 'AWS::IAM::RolePolicy': 'RoleName', 'AWS::IAM::UserPolicy': 'UserName', 'AWS::IAM::GroupPolicy': 'GroupName' }[r.type];
    if (single) for (const id of referencedIds(valueOf(propertyOf(r.properties, single)), named)) attach(r.id, id);
    if (r.type in PRINCIPAL_TYPES) {
      const arns = valueOf(propertyOf(r.properties, 'ManagedPolicyArns'));
      for (const id of referencedIds(arns, new Map())) attach(id, r.id);
      for (const { path, node } of awsManagedPolicies(arns, false)) attachments.attachAwsManaged(r.id, path, node);
    }
    if (SAM_POLICY_LISTS.has(r.type)) {
      for (const { path, node, byName } of awsManagedPolicies(valueOf(propertyOf(r.properties, 'Policies')), true))
        attachments.attachAwsManaged(r.id, path, node, byName);
    }
  }
  // A user holds its groups' policies too.
  for (const r of resources) {
    if (r.type === 'AWS::IAM::User') {
      for (const group of referencedIds(valueOf(propertyOf(r.properties, 'Groups')), named)) attachments.member(r.id, group);
    }
    if (r.type === 'AWS::IAM::UserToGroupAddition') {
      const group = referencedIds(valueOf(propertyOf(r.properties, 'GroupName')), named)[0];
      if (group) for (const user of referencedIds(valueOf(propertyOf(r.properties, 'Users')), named)) attachments.member(user, group);
    }
  }
  for (const policy of policies) {
    if (policy.kind !== 'identity') continue;
    // An inline policy of the principal itself is its own.
    const attachedTo = attachments.principalsOf([policy.resource], isPrincipal(policy.resource) ? [policy.resource] : []);
    if (attachedTo) policy.attachedTo = attachedTo;
  }
  return attachments.awsManagedOfTemplate();
}
