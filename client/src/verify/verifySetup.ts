/**
 * What "IAM: Verify Least Privilege" needs before it calls AWS, without `vscode`: its settings, the
 * connection to IAM (awsConnection.ts decides whose credentials), and which principals to offer.
 */
import { Env } from '../../../server/src/aws/awsConfig';
import type { AwsConnection } from '../../../server/src/aws/awsContext';
import { policySourceArn, principalArnProblem } from '../../../server/src/aws/iamSimulate';
import { BASELINE_NAMES } from '../../../server/src/scenario/baseline';
import { resolveConnection } from '../awsConnection';
import type { ActiveRoleSession } from '../session/activeSession';
import { ROLE_SETTING_KEYS } from '../session/roleSettings';
import { AwsSettings, readAwsSettings, SettingGetter, settingText } from '../settings';

/** The AWS settings verification uses, and the auditor role it offers to verify. */
export interface VerifySettings extends Pick<AwsSettings, 'profile' | 'region' | 'iamEndpoint' | 'timeoutSeconds'> {
  roleArn?: string;
}

export function readVerifySettings(get: SettingGetter): VerifySettings {
  const aws = readAwsSettings(get);
  return {
    profile: aws.profile,
    region: aws.region,
    iamEndpoint: aws.iamEndpoint,
    timeoutSeconds: aws.timeoutSeconds,
    roleArn: settingText(get(ROLE_SETTING_KEYS.roleArn)),
  };
}

export interface VerifyConnection extends AwsConnection {
  /** Who calls the simulator, for the progress message. */
  caller: string;
}

export function verifyConnection(
  session: ActiveRoleSession | undefined,
  settings: VerifySettings,
  env: Env,
  signal?: AbortSignal,
): VerifyConnection {
  const { description, ...connection } = resolveConnection('iam', settings, session, env, signal);
  // Read in "Verifying <principal> as …": "the role session arn:…", "profile "dev"".
  return { ...connection, caller: session ? `the ${description}` : description };
}

export interface PrincipalChoice {
  label: string;
  description: string;
  arn: string;
}

/**
 * The principals worth verifying, most likely first: the active session's role, the user that
 * assumed it (the baseline's reporter), the configured auditor role, the last ARN verified.
 */
export function principalChoices(session: ActiveRoleSession | undefined, settings: VerifySettings, last?: string): PrincipalChoice[] {
  const choices: PrincipalChoice[] = [];
  const add = (arn: string | undefined, description: string) => {
    if (!arn || principalArnProblem(arn)) return;
    const normal = policySourceArn(arn);
    if (choices.some((c) => c.arn === normal)) return;
    choices.push({ label: normal.replace(/^arn:[\w-]+:iam::\d{12}:/, ''), description, arn: normal });
  };
  if (session) {
    add(session.roleArn, 'the role of the active session');
    add(session.sourceArn, 'the user that assumed it');
    const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(session.roleArn)?.[1];
    if (account) add(`arn:aws:iam::${account}:user/${BASELINE_NAMES.userName}`, 'the baseline reporter user');
  }
  add(settings.roleArn, 'iamLeastPrivilege.auditorRole.roleArn');
  add(last, 'verified last time');
  return choices;
}

/** The virtual document the report is shown from (read-only). */
export const REPORT_SCHEME = 'iamlp-verify';

export function reportPath(principalArn: string): string {
  const name = policySourceArn(principalArn).split('/').pop() ?? 'principal';
  return `/Verify Least Privilege - ${name.replace(/[^\w+=,.@-]/g, '_')}.md`;
}
