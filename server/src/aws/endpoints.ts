/**
 * Service endpoint overrides (LocalStack, the loopback test servers, VPC endpoints), looked up in the
 * AWS SDKs' order so a user's AWS_ENDPOINT_URL_* variables and config `services` sections work here as
 * in their other tools: the setting or flag for the service, AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, then the profile's `services` section and its `endpoint_url`; all but the first
 * are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true. A value that is not an http(s) URL fails
 * with a sentence naming where it came from, where a typo would otherwise look like a network error.
 */
import { awsConfigPaths, Env, parseIni } from './awsConfig';
import { AwsFailure } from './errors';
import { effectiveProfileName } from './region';
import { readFileSync } from 'node:fs';

export type AwsService = 'sts' | 'cloudtrail' | 'iam';

/** Per-service endpoint settings; empty strings mean "not set". */
export type EndpointSettings = Partial<Record<AwsService, string | undefined>>;

export interface ResolvedEndpoint {
  url: string;
  /** Where it came from, for messages: 'setting', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL', 'config file'. */
  source: string;
}

const ENV_SUFFIX: Record<AwsService, string> = { sts: 'STS', cloudtrail: 'CLOUDTRAIL', iam: 'IAM' };

function checked(url: string, source: string): ResolvedEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AwsFailure(`The endpoint "${url}" from ${source} is not a URL: use e.g. http://localhost:4566.`, 'validation', undefined);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AwsFailure(`The endpoint "${url}" from ${source} must start with http:// or https://.`, 'validation', undefined);
  }
  return { url: url.replace(/\/+$/, ''), source };
}

function fromConfigFile(service: AwsService, env: Env, profile: string | undefined): ResolvedEndpoint | undefined {
  let text: string;
  try {
    text = readFileSync(awsConfigPaths(env).configFile, 'utf8');
  } catch {
    return undefined;
  }
  const sections = parseIni(text);
  const name = effectiveProfileName(profile, env) ?? 'default';
  const settings =
    sections[name === 'default' ? 'default' : `profile ${name}`] ?? (name === 'default' ? sections['profile default'] : undefined);
  if (!settings) return undefined;
  if (settings.services) {
    const url = sections[`services ${settings.services}`]?.[`${service}.endpoint_url`];
    if (url) return checked(url, `the [services ${settings.services}] section of the AWS config`);
  }
  if (settings.endpoint_url) return checked(settings.endpoint_url, `profile "${name}" in the AWS config`);
  return undefined;
}

export function endpointFor(service: AwsService, settings: EndpointSettings, env: Env, profile?: string): ResolvedEndpoint | undefined {
  const fromSetting = settings[service]?.trim();
  if (fromSetting) return checked(fromSetting, 'the endpoint setting');
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  const specific = `AWS_ENDPOINT_URL_${ENV_SUFFIX[service]}`;
  if (env[specific]?.trim()) return checked(env[specific]!.trim(), specific);
  if (env.AWS_ENDPOINT_URL?.trim()) return checked(env.AWS_ENDPOINT_URL.trim(), 'AWS_ENDPOINT_URL');
  return fromConfigFile(service, env, profile);
}
