/** Quick-pick items for "IAM: Assume Auditor Role": the roles declared in the AWS config, plus manual entry. */
import type { RoleProfile } from '../../../server/src/aws/awsConfig';

export interface RolePick {
  label: string;
  description?: string;
  detail?: string;
  /** undefined for the "enter a role ARN" item. */
  roleArn?: string;
  roleProfile?: RoleProfile;
}

export const ENTER_ROLE_ARN_LABEL = '$(edit) Enter a role ARN…';

export function buildRolePicks(roles: RoleProfile[], configuredRoleArn?: string): RolePick[] {
  const picks: RolePick[] = [];
  if (configuredRoleArn) {
    picks.push({
      label: configuredRoleArn.split('/').pop() ?? configuredRoleArn,
      description: 'from settings',
      detail: configuredRoleArn,
      roleArn: configuredRoleArn,
    });
  }
  for (const role of roles) {
    const via = role.sourceProfile
      ? `source profile ${role.sourceProfile}`
      : role.credentialSource
        ? `credential source ${role.credentialSource}`
        : 'no source profile';
    const extras = [role.externalId ? 'ExternalId' : undefined, role.mfaSerial ? 'MFA' : undefined].filter(Boolean).join(', ');
    picks.push({
      label: role.roleArn.split('/').pop() ?? role.roleArn,
      description: `profile ${role.profile}`,
      detail: `${role.roleArn} · ${via}${extras ? ` · ${extras}` : ''}`,
      roleArn: role.roleArn,
      roleProfile: role,
    });
  }
  picks.push({ label: ENTER_ROLE_ARN_LABEL });
  return picks;
}
