/**
 * The role session's settings: the auditor role (`iamLeastPrivilege.auditorRole.*`) and the shared AWS
 * settings of settings.ts, read through a getter so this module needs no `vscode`. The ExternalId is
 * deliberately not a setting: it goes to SecretStorage, if the user asks to remember it.
 */
import { AwsSettings, readAwsSettings, SettingGetter, settingText } from '../settings';

/** The AWS settings the role session uses, and its own. */
export interface RoleSettings extends Pick<AwsSettings, 'profile' | 'region' | 'stsEndpoint' | 'timeoutSeconds'> {
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
  roleArn: 'auditorRole.roleArn',
  sessionNameTemplate: 'auditorRole.sessionNameTemplate',
  durationSeconds: 'auditorRole.durationSeconds',
  mfaSerial: 'auditorRole.mfaSerial',
  sourceIdentity: 'auditorRole.sourceIdentity',
  sessionTags: 'auditorRole.sessionTags',
  warnBeforeExpiryMinutes: 'auditorRole.warnBeforeExpiryMinutes',
} as const;

export function readRoleSettings(get: SettingGetter): RoleSettings {
  const aws = readAwsSettings(get);
  const duration = get(ROLE_SETTING_KEYS.durationSeconds);
  const warn = get(ROLE_SETTING_KEYS.warnBeforeExpiryMinutes);
  const tags = get(ROLE_SETTING_KEYS.sessionTags);
  const sessionTags: Record<string, string> = {};
  if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) if (typeof v === 'string') sessionTags[k] = v;
  }
  return {
    profile: aws.profile,
    region: aws.region,
    stsEndpoint: aws.stsEndpoint,
    timeoutSeconds: aws.timeoutSeconds,
    roleArn: settingText(get(ROLE_SETTING_KEYS.roleArn)),
    sessionNameTemplate: settingText(get(ROLE_SETTING_KEYS.sessionNameTemplate)),
    durationSeconds: typeof duration === 'number' && duration > 0 ? duration : undefined,
    mfaSerial: settingText(get(ROLE_SETTING_KEYS.mfaSerial)),
    sourceIdentity: settingText(get(ROLE_SETTING_KEYS.sourceIdentity)),
    sessionTags,
    warnBeforeExpiryMinutes: typeof warn === 'number' && warn >= 0 ? warn : 5,
  };
}
