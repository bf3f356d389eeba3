/**
 * The AWS settings every feature shares (`iamLeastPrivilege.aws.*`: profile, region, endpoints),
 * read in one place so the events view, the role session and verification call AWS as the same
 * principal in the same region. Settings are user input: they are normalised here, never trusted.
 * Values come through a getter, so this module needs no `vscode` and node tests cover it.
 */
import { CallLimits, parseTimeoutSeconds } from '../../server/src/aws/callLimits';

/** Reads one setting below `iamLeastPrivilege.` (VS Code's `getConfiguration('iamLeastPrivilege').get`). */
export type SettingGetter = (key: string) => unknown;

export interface AwsSettings {
  profile?: string;
  region?: string;
  stsEndpoint?: string;
  cloudTrailEndpoint?: string;
  iamEndpoint?: string;
  /** Seconds one AWS call may take, retries included; undefined: the AWS layer's default (30). */
  timeoutSeconds?: number;
}

/** Setting keys below `iamLeastPrivilege.`; package.json declares the same keys. */
export const AWS_SETTING_KEYS: Record<keyof AwsSettings, string> = {
  profile: 'aws.profile',
  region: 'aws.region',
  stsEndpoint: 'aws.stsEndpoint',
  cloudTrailEndpoint: 'aws.cloudTrailEndpoint',
  iamEndpoint: 'aws.iamEndpoint',
  timeoutSeconds: 'aws.timeoutSeconds',
};

/** A text setting: trimmed, and undefined when empty or not a string (an unset or mistyped value means "not set"). */
export function settingText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function readAwsSettings(get: SettingGetter): AwsSettings {
  return {
    profile: settingText(get(AWS_SETTING_KEYS.profile)),
    region: settingText(get(AWS_SETTING_KEYS.region)),
    stsEndpoint: settingText(get(AWS_SETTING_KEYS.stsEndpoint)),
    cloudTrailEndpoint: settingText(get(AWS_SETTING_KEYS.cloudTrailEndpoint)),
    iamEndpoint: settingText(get(AWS_SETTING_KEYS.iamEndpoint)),
    timeoutSeconds: parseTimeoutSeconds(get(AWS_SETTING_KEYS.timeoutSeconds)),
  };
}

/** The timeouts of every AWS call a feature makes, and the cancel signal of its progress, if any. */
export function callLimitsOf(settings: Pick<AwsSettings, 'timeoutSeconds'>, signal?: AbortSignal): CallLimits {
  return {
    ...(settings.timeoutSeconds !== undefined ? { timeoutMs: settings.timeoutSeconds * 1000 } : {}),
    ...(signal ? { signal } : {}),
  };
}
