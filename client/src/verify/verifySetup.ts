/**
 * What "IAM: Verify Least Privilege" needs before it calls AWS, without `vscode`: whose credentials
 * call the simulator (the active role session when there is one, else the profile/environment), which
 * IAM endpoint (setting iamLeastPrivilege.aws.iamEndpoint, AWS_ENDPOINT_URL_IAM, ...), and which
 * principals to offer.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveAwsContext } from '../../../server/src/aws/awsContext';
import { Env } from '../../../server/src/aws/awsConfig';
import { endpointFor } from '../../../server/src/aws/endpoints';
import { policySourceArn, principalArnProblem } from '../../../server/src/aws/iamSimulate';
import { BASELINE_NAMES } from '../../../server/src/scenario/baseline';
import type { ActiveRoleSession } from '../session/activeSession';
import { ROLE_SETTING_KEYS } from '../session/roleSettings';
import { AwsSettings, readAwsSettings, SettingGetter, settingText } from '../settings';

/** The AWS settings verification uses, and the auditor role it offers to verify. */
export interface VerifySettings extends Pick<AwsSettings, 'profile' | 'region' | 'iamEndpoint'> {
  roleArn?: string;
}

export function readVerifySettings(get: SettingGetter): VerifySettings {
  const aws = readAwsSettings(get);
  return {
    profile: aws.profile,
    region: aws.region,
    iamEndpoint: aws.iamEndpoint,
    roleArn: settingText(get(ROLE_SETTING_KEYS.roleArn)),
  };
}

export interface VerifyConnection {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  region: string;
  endpoint?: string;
  /** Who calls the simulator, for the progress message and the report. */
  caller: string;
  profile?: string;
}

/** The active session's credentials when there is one, else the profile / environment chain. */
export function verifyConnection(session: ActiveRoleSession | undefined, settings: VerifySettings, env: Env): VerifyConnection {
  if (session) {
    const endpoint = endpointFor('iam', { iam: settings.iamEndpoint }, env, session.sourceProfile)?.url;
    return {
      credentials: session.credentials,
      region: session.region,
      endpoint,
      caller: `the role session ${session.assumedRoleArn}`,
    };
  }
  const context = resolveAwsContext({ profile: settings.profile, region: settings.region, endpoints: { iam: settings.iamEndpoint }, env });
  return {
    credentials: context.source.provider,
    region: context.region.region,
    endpoint: context.endpoints.iam?.url,
    caller: context.source.description,
    profile: context.profile,
  };
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
