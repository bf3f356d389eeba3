// The loopback AWS stand-ins of the UI scenarios (test/support/): STS seeded with the identity
// baseline, CloudTrail with its built-in AssumeRole events. They start, and the workspace settings
// and AWS profile that point the extension at them are written, in the suite's root `before` hook,
// i.e. before the workbench opens: a settings file written while the workbench runs is picked up
// asynchronously, and a scenario could act before it is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtInEvents, RunningCloudTrailServer, startCloudTrailServer } from '../support/cloudTrailServer';
import { BASELINE, StsServerHandle, startStsServer } from '../support/stsServer';

export const AWS_PROFILE = 'iamlp-ui-reporter';

export interface Loopback {
  sts: StsServerHandle;
  cloudTrail: RunningCloudTrailServer;
}

let running: Loopback | undefined;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI suite with node scripts/vscode/runUi.mjs`);
  return value;
}

export function loopback(): Loopback {
  if (!running) throw new Error('the loopback servers start in the root before hook (test/ui/hooks.ts)');
  return running;
}

export async function startLoopback(): Promise<Loopback> {
  const sts = await startStsServer();
  const cloudTrail = await startCloudTrailServer({ events: builtInEvents() });
  running = { sts, cloudTrail };
  // The baseline user's long-lived key as a profile in the AWS files the extension host reads
  // (runUi.mjs points AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE there).
  fs.writeFileSync(
    env('IAMLP_UI_AWS_CREDENTIALS'),
    `[${AWS_PROFILE}]\naws_access_key_id = ${BASELINE.accessKeyId}\naws_secret_access_key = ${BASELINE.secretAccessKey}\n`,
  );
  fs.writeFileSync(env('IAMLP_UI_AWS_CONFIG'), `[profile ${AWS_PROFILE}]\nregion = us-east-1\n`);
  const dir = path.join(env('IAMLP_UI_WORKSPACE'), '.vscode');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const settings = {
    ...current,
    'iamLeastPrivilege.aws.profile': AWS_PROFILE,
    'iamLeastPrivilege.aws.region': 'us-east-1',
    'iamLeastPrivilege.auditorRole.roleArn': BASELINE.roleArn,
    'iamLeastPrivilege.events.regions': ['us-east-1', 'eu-west-1'],
  };
  fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
  // Machine-scoped: VS Code ignores them in a workspace, so they go to the user's and the machine's settings.
  const endpoints = { 'iamLeastPrivilege.aws.stsEndpoint': sts.url, 'iamLeastPrivilege.aws.cloudTrailEndpoint': cloudTrail.url };
  for (const scope of ['User', 'Machine']) {
    const folder = path.join(env('IAMLP_UI_USER_DATA'), scope);
    fs.mkdirSync(folder, { recursive: true });
    const target = path.join(folder, 'settings.json');
    const existing = fs.existsSync(target) ? (JSON.parse(fs.readFileSync(target, 'utf8')) as Record<string, unknown>) : {};
    fs.writeFileSync(target, JSON.stringify({ ...existing, ...endpoints }, null, 2) + '\n');
  }
  return running;
}

export async function stopLoopback(): Promise<void> {
  const r = running;
  running = undefined;
  await Promise.all([r?.sts.close(), r?.cloudTrail.close()]);
}
