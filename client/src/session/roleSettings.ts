/**
 * The role-session settings (namespace iamLeastPrivilege), read through a getter so this module
 * needs no `vscode`. The ExternalId is deliberately not a setting: it goes to SecretStorage, if the
 * user asks to remember it.
 */
export interface RoleSettings {
  profile?: string;
  region?: string;
  stsEndpoint?: string;
  roleArn?: string;
  sessionNameTemplate?: string;
  durationSeconds?: number;
  mfaSerial?: string;
  sourceIdentity?: string;
  sessionTags: Record<string, string>;
  /** Minutes before expiry to warn and offer to re-assume. */
  warnBeforeExpiryMinutes: number;
}

/** Setting keys below `iamLeastPrivilege.`; package.json declares the same keys. */
export const ROLE_SETTING_KEYS = {
  profile: 'aws.profile',
  region: 'aws.region',
  stsEndpoint: 'aws.stsEndpoint',
  roleArn: 'auditorRole.roleArn',
  sessionNameTemplate: 'auditorRole.sessionNameTemplate',
  durationSeconds: 'auditorRole.durationSeconds',
  mfaSerial: 'auditorRole.mfaSerial',
  sourceIdentity: 'auditorRole.sourceIdentity',
  sessionTags: 'auditorRole.sessionTags',
  warnBeforeExpiryMinutes: 'auditorRole.warnBeforeExpiryMinutes',
} as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function readRoleSettings(get: (key: string) => unknown): RoleSettings {
  const duration = get(ROLE_SETTING_KEYS.durationSeconds);
  const warn = get(ROLE_SETTING_KEYS.warnBeforeExpiryMinutes);
  const tags = get(ROLE_SETTING_KEYS.sessionTags);
  const sessionTags: Record<string, string> = {};
  if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) if (typeof v === 'string') sessionTags[k] = v;
  }
  return {
    profile: text(get(ROLE_SETTING_KEYS.profile)),
    region: text(get(ROLE_SETTING_KEYS.region)),
    stsEndpoint: text(get(ROLE_SETTING_KEYS.stsEndpoint)),
    roleArn: text(get(ROLE_SETTING_KEYS.roleArn)),
    sessionNameTemplate: text(get(ROLE_SETTING_KEYS.sessionNameTemplate)),
    durationSeconds: typeof duration === 'number' && duration > 0 ? duration : undefined,
    mfaSerial: text(get(ROLE_SETTING_KEYS.mfaSerial)),
    sourceIdentity: text(get(ROLE_SETTING_KEYS.sourceIdentity)),
    sessionTags,
    warnBeforeExpiryMinutes: typeof warn === 'number' && warn >= 0 ? warn : 5,
  };
}
