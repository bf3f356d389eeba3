/**
 * What the AssumeRole Events view reads CloudTrail with (awsConnection.ts decides whose credentials)
 * and from which regions, and its settings. No `vscode` import.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CallLimits } from '../../../server/src/aws/callLimits';
import { defaultRegions, uniqueRegions } from '../../../server/src/aws/cloudtrailLookup';
import { resolveConnection } from '../awsConnection';
import { ActiveRoleSession } from '../session/activeSession';
import { AwsSettings, readAwsSettings, SettingGetter, settingText } from '../settings';

/** The AWS settings the view uses, and its own (`iamLeastPrivilege.events.*`). */
export interface EventsSettings extends Pick<AwsSettings, 'profile' | 'region' | 'cloudTrailEndpoint' | 'timeoutSeconds'> {
  regions?: string[];
  window?: string;
}

export function readEventsSettings(get: SettingGetter): EventsSettings {
  const aws = readAwsSettings(get);
  const regions = get('events.regions');
  return {
    profile: aws.profile,
    region: aws.region,
    cloudTrailEndpoint: aws.cloudTrailEndpoint,
    timeoutSeconds: aws.timeoutSeconds,
    regions: Array.isArray(regions) ? regions.filter((r): r is string => typeof r === 'string') : [],
    window: settingText(get('events.window')) ?? '24h',
  };
}

export interface EventsConnection {
  credentials: AwsCredentialIdentityProvider;
  regions: string[];
  endpoint?: string;
  /** The timeouts of each LookupEvents call. */
  limits?: CallLimits;
  /** For the view's message: 'role session arn:…' or 'profile "dev"'. */
  description: string;
}

export function resolveEventsConnection(
  settings: EventsSettings,
  session: ActiveRoleSession | undefined,
  env: NodeJS.ProcessEnv,
): EventsConnection {
  const connection = resolveConnection('cloudtrail', settings, session, env);
  const { credentials } = connection;
  const configured = uniqueRegions(settings.regions ?? []);
  return {
    // The view resolves the credentials once per load, before any region's client: always a provider.
    credentials: typeof credentials === 'function' ? credentials : async () => ({ ...credentials }),
    regions: configured.length > 0 ? configured : defaultRegions(connection.region),
    endpoint: connection.endpoint,
    limits: connection.limits,
    description: connection.description,
  };
}
