/**
 * Whose credentials a feature calls AWS with: the active role session when there is one (the user
 * assumed the auditor role for exactly this), else the configured profile / environment chain.
 * Every feature resolves it here, so none can call AWS as someone else. No `vscode` import.
 */
import { AwsConnection, connectionFor, resolveAwsContext } from '../../server/src/aws/awsContext';
import { Env } from '../../server/src/aws/awsConfig';
import { AwsService, endpointFor } from '../../server/src/aws/endpoints';
import type { ActiveRoleSession } from './session/activeSession';
import { AwsSettings, callLimitsOf } from './settings';

export interface DescribedConnection extends AwsConnection {
  /** Whose credentials, for progress and view messages: 'role session arn:…', 'profile "dev"', 'environment variables'. */
  description: string;
}

function endpointSetting(service: AwsService, settings: AwsSettings): string | undefined {
  return { sts: settings.stsEndpoint, cloudtrail: settings.cloudTrailEndpoint, iam: settings.iamEndpoint }[service];
}

export function resolveConnection(
  service: AwsService,
  settings: AwsSettings,
  session: ActiveRoleSession | undefined,
  env: Env,
  signal?: AbortSignal,
): DescribedConnection {
  const limits = callLimitsOf(settings, signal);
  if (session) {
    // The session came from a particular STS (LocalStack, a loopback server): later STS calls go there too.
    const setting = service === 'sts' ? (session.stsEndpoint ?? settings.stsEndpoint) : endpointSetting(service, settings);
    return {
      credentials: session.credentials,
      region: session.region,
      endpoint: endpointFor(service, { [service]: setting }, env, session.sourceProfile)?.url,
      description: `role session ${session.assumedRoleArn}`,
      limits,
    };
  }
  // Only this service's endpoint setting: another service's (unused here) must not fail this call.
  const context = resolveAwsContext({
    profile: settings.profile,
    region: settings.region,
    endpoints: { [service]: endpointSetting(service, settings) },
    env,
    limits,
  });
  return { ...connectionFor(context, service), description: context.source.description };
}
