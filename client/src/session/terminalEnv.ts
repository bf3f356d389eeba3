/** The environment of "Open Terminal with Role Credentials": the keys set, the variables that would override them removed (null). */
import { credentialEnv, ENV_VARS_TO_CLEAR } from '../../../server/src/aws/credentialExports';
import type { ActiveRoleSession } from './activeSession';

export function roleTerminalEnv(session: ActiveRoleSession): Record<string, string | null> {
  const env: Record<string, string | null> = { ...credentialEnv(session.credentials, session.region) };
  for (const name of ENV_VARS_TO_CLEAR) env[name] = null;
  if (session.stsEndpoint) env.AWS_ENDPOINT_URL_STS = session.stsEndpoint;
  return env;
}

export function roleTerminalName(session: ActiveRoleSession): string {
  const m = /:assumed-role\/([^/]+)/.exec(session.assumedRoleArn);
  return `AWS: ${m ? m[1] : session.roleArn}`;
}
