/**
 * A throw-away AWS config/credentials pair for tests, and an environment that points the SDK at it
 * (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) and keeps it off real AWS and IMDS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempAwsConfig {
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** A clean environment: no AWS_* from the developer's shell, the temp files, IMDS disabled. */
  env: Record<string, string | undefined>;
  write(config: string, credentials: string): void;
  remove(): void;
}

/** Environment variables the developer's shell may carry that would leak into a test. */
const AWS_VARS = /^AWS_/;

export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!AWS_VARS.test(k)) env[k] = v;
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

export function tempAwsConfig(config = '', credentials = ''): TempAwsConfig {
  const dir = mkdtempSync(join(tmpdir(), 'iamlp-aws-'));
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  const handle: TempAwsConfig = {
    dir,
    configFile,
    credentialsFile,
    env: cleanEnv({ AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, HOME: dir }),
    write(c, k) {
      writeFileSync(configFile, c);
      writeFileSync(credentialsFile, k);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  handle.write(config, credentials);
  return handle;
}

/**
 * Runs `fn` with process.env replaced by `env` (the SDK reads some settings, such as
 * AWS_ENDPOINT_URL_STS for inner clients, from process.env itself); restores it afterwards.
 */
export async function withProcessEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
