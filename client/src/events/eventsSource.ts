/**
 * Where the AssumeRole Events view gets its AWS access: the active assumed-role session when there is
 * one (the auditor role), else the configured profile / environment. No `vscode` import.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveAwsContext } from '../../../server/src/aws/awsContext';
import { defaultRegions } from '../../../server/src/aws/cloudtrailLookup';
import { endpointFor } from '../../../server/src/aws/endpoints';
import { ActiveRoleSession } from '../session/activeSession';
import { AwsSettings, readAwsSettings, SettingGetter, settingText } from '../settings';

/** The AWS settings the view uses, and its own (`iamLeastPrivilege.events.*`). */
export interface EventsSettings extends Pick<AwsSettings, 'profile' | 'region' | 'cloudTrailEndpoint'> {
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
    regions: Array.isArray(regions) ? regions.filter((r): r is string => typeof r === 'string') : [],
    window: settingText(get('events.window')) ?? '24h',
  };
}

export interface EventsConnection {
  credentials: AwsCredentialIdentityProvider;
  regions: string[];
  endpoint?: string;
  /** For the view's message: 'role session arn:…' or 'profile "dev"'. */
  description: string;
}

export function resolveEventsConnection(
  settings: EventsSettings,
  session: ActiveRoleSession | undefined,
  env: NodeJS.ProcessEnv,
): EventsConnection {
  const configured = (settings.regions ?? []).map((r) => r.trim()).filter((r) => r.length > 0);
  if (session) {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = session.credentials;
    const endpoint = endpointFor('cloudtrail', { cloudtrail: settings.cloudTrailEndpoint }, env, session.sourceProfile)?.url;
    return {
      credentials: async () => ({ accessKeyId, secretAccessKey, sessionToken, expiration }),
      regions: configured.length > 0 ? [...new Set(configured)] : defaultRegions(session.region),
      endpoint,
      description: `role session ${session.assumedRoleArn}`,
    };
  }
  const context = resolveAwsContext({
    profile: settings.profile,
    region: settings.region,
    endpoints: { cloudtrail: settings.cloudTrailEndpoint },
    env,
  });
  return {
    credentials: context.source.provider,
    regions: configured.length > 0 ? [...new Set(configured)] : defaultRegions(context.region.region),
    endpoint: context.endpoints.cloudtrail?.url,
    description: context.source.description,
  };
}
