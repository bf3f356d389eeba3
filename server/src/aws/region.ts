/**
 * Region resolution in the AWS CLI's and SDKs' order, so the region here is the one the user's other
 * tools use: the flag or setting, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region` (the given
 * profile, else AWS_PROFILE, else "default"), then us-east-1 (STS is global; CloudTrail callers say
 * which regions they read).
 */
import { AwsProfile, Env, loadAwsProfiles } from './awsConfig';

export type RegionSource = 'explicit' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'fallback';

export interface ResolvedRegion {
  region: string;
  source: RegionSource;
}

export const FALLBACK_REGION = 'us-east-1';

/** The profile whose config applies: the flag or setting, else AWS_PROFILE / AWS_DEFAULT_PROFILE. */
export function effectiveProfileName(profile: string | undefined, env: Env): string | undefined {
  const p = profile?.trim() || env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim();
  return p || undefined;
}

const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d+$|^local$/;

export function isPlausibleRegion(region: string): boolean {
  return REGION_SHAPE.test(region);
}

export function resolveRegion(options: {
  region?: string;
  profile?: string;
  env: Env;
  profiles?: Map<string, AwsProfile>;
}): ResolvedRegion {
  const explicit = options.region?.trim();
  if (explicit) return { region: explicit, source: 'explicit' };
  if (options.env.AWS_REGION?.trim()) return { region: options.env.AWS_REGION.trim(), source: 'AWS_REGION' };
  if (options.env.AWS_DEFAULT_REGION?.trim()) return { region: options.env.AWS_DEFAULT_REGION.trim(), source: 'AWS_DEFAULT_REGION' };
  const profiles = options.profiles ?? loadAwsProfiles(options.env);
  const name = effectiveProfileName(options.profile, options.env) ?? 'default';
  const fromProfile = profiles.get(name)?.settings.region?.trim();
  if (fromProfile) return { region: fromProfile, source: 'profile' };
  return { region: FALLBACK_REGION, source: 'fallback' };
}
