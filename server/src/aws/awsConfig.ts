/**
 * The user's shared AWS config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE,
 * else ~/.aws/), read the way the AWS CLI and SDKs read them, so the profiles offered here are the
 * ones the user's other tools see. Files are re-read on every call: users edit them while VS Code runs.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export interface AwsProfile {
  name: string;
  /** Keys in lower case as written (`role_arn`, `source_profile`, `sso_start_url`...). */
  settings: Record<string, string>;
  /** Which files define the profile. */
  definedIn: ('config' | 'credentials')[];
}

export type ProfileKind = 'static' | 'role' | 'sso' | 'process' | 'web-identity' | 'unknown';

/** What a profile that assumes a role declares (the AWS CLI's role profile settings). */
export interface RoleProfile {
  profile: string;
  roleArn: string;
  sourceProfile?: string;
  credentialSource?: string;
  externalId?: string;
  mfaSerial?: string;
  durationSeconds?: number;
  roleSessionName?: string;
  region?: string;
}

function expandHome(path: string, env: Env): string {
  if (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) {
    return join(env.HOME ?? env.USERPROFILE ?? homedir(), path.slice(1));
  }
  return path;
}

export function awsConfigPaths(env: Env): { configFile: string; credentialsFile: string } {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    configFile: expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), env),
    credentialsFile: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), env),
  };
}

/** An INI file as the AWS tools parse it: `#`/`;` comments, `key = value`, indented sub-keys under an empty key. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  // Without a prototype: a section `[__proto__]` or a key `constructor = x` is the file's own text,
  // and on a plain object it wrote into Object.prototype for the whole extension host.
  const sections: Record<string, Record<string, string>> = Object.create(null);
  let current: Record<string, string> | undefined;
  let parentKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) continue;
    const header = /^\s*\[([^\]]+)\]\s*([#;].*)?$/.exec(raw);
    if (header) {
      const name = header[1].trim();
      current = sections[name] ??= Object.create(null);
      parentKey = undefined;
      continue;
    }
    if (!current) continue;
    const indented = /^\s/.test(raw);
    const eq = raw.indexOf('=');
    if (eq === -1) continue;
    const key = raw.slice(0, eq).trim().toLowerCase();
    const value = raw
      .slice(eq + 1)
      .replace(/\s+[#;].*$/, '')
      .trim();
    if (indented && parentKey !== undefined) {
      current[`${parentKey}.${key}`] = value;
      continue;
    }
    current[key] = value;
    parentKey = value === '' ? key : undefined;
  }
  return sections;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every profile of the config and credentials files; credentials-file keys win, as in the SDK. */
export function loadAwsProfiles(env: Env): Map<string, AwsProfile> {
  const { configFile, credentialsFile } = awsConfigPaths(env);
  const profiles = new Map<string, AwsProfile>();
  const add = (name: string, settings: Record<string, string>, file: 'config' | 'credentials') => {
    const existing = profiles.get(name) ?? { name, settings: {}, definedIn: [] };
    Object.assign(existing.settings, settings);
    existing.definedIn.push(file);
    profiles.set(name, existing);
  };
  const config = readIfExists(configFile);
  if (config !== undefined) {
    for (const [section, settings] of Object.entries(parseIni(config))) {
      const m = /^profile\s+(.+)$/.exec(section);
      if (m) add(m[1].trim(), settings, 'config');
      else if (section === 'default') add('default', settings, 'config');
    }
  }
  const credentials = readIfExists(credentialsFile);
  if (credentials !== undefined) {
    for (const [section, settings] of Object.entries(parseIni(credentials))) {
      add(section.replace(/^profile\s+/, '').trim(), settings, 'credentials');
    }
  }
  return profiles;
}

export function profileKind(profile: AwsProfile): ProfileKind {
  const s = profile.settings;
  if (s.role_arn && s.web_identity_token_file) return 'web-identity';
  if (s.role_arn) return 'role';
  if (s.sso_session || s.sso_start_url) return 'sso';
  if (s.credential_process) return 'process';
  if (s.aws_access_key_id) return 'static';
  return 'unknown';
}

/** What a profile declares to assume a role; web-identity profiles assume theirs with a token, not AssumeRole, so they are left out. */
export function roleProfileFrom(profile: AwsProfile): RoleProfile | undefined {
  const s = profile.settings;
  if (!s.role_arn || s.web_identity_token_file) return undefined;
  const duration = s.duration_seconds ? Number(s.duration_seconds) : undefined;
  return {
    profile: profile.name,
    roleArn: s.role_arn,
    sourceProfile: s.source_profile || undefined,
    credentialSource: s.credential_source || undefined,
    externalId: s.external_id || undefined,
    mfaSerial: s.mfa_serial || undefined,
    durationSeconds: duration !== undefined && Number.isFinite(duration) ? duration : undefined,
    roleSessionName: s.role_session_name || undefined,
    region: s.region || undefined,
  };
}

/** The profiles that assume a role, sorted by name: the quick pick of roles found in the AWS config. */
export function roleProfiles(profiles: Map<string, AwsProfile>): RoleProfile[] {
  return [...profiles.values()]
    .map(roleProfileFrom)
    .filter((r): r is RoleProfile => r !== undefined)
    .sort((a, b) => a.profile.localeCompare(b.profile));
}
