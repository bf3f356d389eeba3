import type { Node } from 'jsonc-parser';
import { propertyOf } from '../../engine/parse';
import type { HostPolicy } from '../hostPolicy';
import { PrincipalAttachments } from '../principalAttachments';
import { intrinsicOf, propertyValue as valueOf } from './intrinsics';
import { ownEntry } from '../../util/records';

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

/**
 * Which principals of the template each identity policy is attached to, by logical id: a role's,
 * user's or group's inline `Policies`, `AWS::IAM::Policy`/`ManagedPolicy` through their
 * `Roles`/`Users`/`Groups` (by `!Ref` or by name), a principal's `ManagedPolicyArns` that `!Ref` a
 * managed policy of the template, `AWS::IAM::RolePolicy`/`UserPolicy`/`GroupPolicy`, and a SAM
 * function's or state machine's `Policies` (its generated role). A user also holds the policies of
 * the groups it is in. Sets `attachedTo` on the identity policies.
 */
export function attachPolicies(resources: readonly Resource[], policies: HostPolicy[]): void {
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
      for (const id of referencedIds(valueOf(propertyOf(r.properties, 'ManagedPolicyArns')), new Map())) attach(id, r.id);
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
}
