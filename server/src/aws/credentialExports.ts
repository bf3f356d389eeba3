/**
 * Temporary credentials as text for shells, for JSON consumers and for the AWS CLI's
 * `credential_process`. These strings hold secrets: print them only where the user asked for them
 * (stdout of `iamlp assume`, the clipboard, a terminal's environment), never in logs.
 */
import type { TemporaryCredentials } from './sts';

export type ShellKind = 'posix' | 'fish' | 'powershell' | 'cmd';

/** Variables a terminal with role credentials must not inherit: they would win over the keys. */
export const ENV_VARS_TO_CLEAR = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN'] as const;

export function credentialEnv(credentials: TemporaryCredentials, region?: string): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: credentials.expiration.toISOString(),
  };
  if (region) {
    env.AWS_REGION = region;
    env.AWS_DEFAULT_REGION = region;
  }
  return env;
}

function posixQuote(value: string): string {
  return /^[\w+=/.,:@%-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** First unsets what would override the keys, then sets them, each shell in its own syntax and quoting. */
export function envExports(credentials: TemporaryCredentials, options: { region?: string; shell?: ShellKind } = {}): string {
  const env = credentialEnv(credentials, options.region);
  const shell = options.shell ?? 'posix';
  const lines: string[] = [];
  for (const name of ENV_VARS_TO_CLEAR) {
    if (shell === 'posix') lines.push(`unset ${name}`);
    else if (shell === 'fish') lines.push(`set -e ${name}`);
    else if (shell === 'powershell') lines.push(`Remove-Item Env:${name} -ErrorAction SilentlyContinue`);
    else lines.push(`set ${name}=`);
  }
  for (const [name, value] of Object.entries(env)) {
    if (shell === 'posix') lines.push(`export ${name}=${posixQuote(value)}`);
    else if (shell === 'fish') lines.push(`set -gx ${name} ${posixQuote(value)}`);
    else if (shell === 'powershell') lines.push(`$Env:${name} = '${value.replace(/'/g, "''")}'`);
    else lines.push(`set ${name}=${value}`);
  }
  return lines.join('\n') + '\n';
}

/** The keys and the assumed-role ARN, for scripts (`iamlp assume --format json`). */
export function credentialsJson(role: { credentials: TemporaryCredentials; assumedRoleArn: string }): string {
  return (
    JSON.stringify(
      {
        AccessKeyId: role.credentials.accessKeyId,
        SecretAccessKey: role.credentials.secretAccessKey,
        SessionToken: role.credentials.sessionToken,
        Expiration: role.credentials.expiration.toISOString(),
        AssumedRoleArn: role.assumedRoleArn,
      },
      null,
      2,
    ) + '\n'
  );
}

/** The AWS CLI / SDK `credential_process` output (Version 1). */
export function credentialProcessJson(credentials: TemporaryCredentials): string {
  return (
    JSON.stringify({
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration.toISOString(),
    }) + '\n'
  );
}
