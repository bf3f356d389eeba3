/**
 * "IAM: Assume Auditor Role" without the `vscode` glue: which role, which source profile, which
 * ExternalId, session name, duration and MFA code; then GetCallerIdentity / AssumeRole /
 * GetCallerIdentity with progress; the result goes to the shared session store. The UI and the
 * secret store are interfaces, so tests drive the flow with fakes and the real STS client.
 */
import { loadAwsProfiles, RoleProfile, roleProfileFrom, roleProfiles, Env } from '../../../server/src/aws/awsConfig';
import { resolveAwsContext } from '../../../server/src/aws/awsContext';
import { isCancelled } from '../../../server/src/aws/callLimits';
import { AwsFailure } from '../../../server/src/aws/errors';
import { defaultSessionVars, isRoleArn, renderSessionName } from '../../../server/src/aws/roleInput';
import { assumeRoleSession, RoleSessionOptions, RoleSessionResult, RoleSessionStep } from '../../../server/src/aws/sts';
import { ActiveRoleSession, setActiveSession } from './activeSession';
import { buildRolePicks, RolePick } from './rolePicks';
import { RoleSettings } from './roleSettings';
import { callLimitsOf } from '../settings';

export interface AssumeFlowUI {
  /** Undefined when the user cancels. */
  pickRole(picks: RolePick[]): Promise<RolePick | undefined>;
  inputRoleArn(validate: (value: string) => string | undefined): Promise<string | undefined>;
  /** value '' means "no ExternalId"; undefined means cancelled. */
  inputExternalId(roleArn: string): Promise<{ value: string; remember: boolean } | undefined>;
  inputMfaCode(serial: string): Promise<string | undefined>;
  /** `signal` aborts when the person cancels the progress; the calls in flight are aborted with it. */
  withProgress<T>(title: string, task: (report: (message: string) => void, signal?: AbortSignal) => Promise<T>): Promise<T>;
}

/** The part of VS Code's SecretStorage the flow uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface AssumeFlowDeps {
  settings: RoleSettings;
  env: Env;
  ui: AssumeFlowUI;
  secrets: SecretStore;
  now?: () => Date;
  /** Replaced in tests; default assumeRoleSession. */
  assume?: (options: RoleSessionOptions) => Promise<RoleSessionResult>;
}

export interface AssumeFlowResult {
  session: ActiveRoleSession;
  result: RoleSessionResult;
}

export function externalIdSecretKey(roleArn: string): string {
  return `iamLeastPrivilege.externalId:${roleArn}`;
}

const STEP_MESSAGES: Record<RoleSessionStep, string> = {
  'source-identity': 'Checking the source identity (GetCallerIdentity)…',
  'assume-role': 'Assuming the role (AssumeRole)…',
  'role-identity': 'Checking the role identity (GetCallerIdentity)…',
};

class Cancelled extends Error {}

async function chooseRole(deps: AssumeFlowDeps): Promise<{ roleArn: string; roleProfile?: RoleProfile }> {
  const profiles = loadAwsProfiles(deps.env);
  if (deps.settings.roleArn) {
    // A configured role ARN that a profile also declares brings that profile's settings along.
    const match = roleProfiles(profiles).find(
      (r) => r.roleArn === deps.settings.roleArn && (!deps.settings.profile || r.sourceProfile === deps.settings.profile),
    );
    return { roleArn: deps.settings.roleArn, roleProfile: match };
  }
  const picks = buildRolePicks(roleProfiles(profiles));
  let pick: RolePick | undefined = picks[0];
  if (picks.length > 1) pick = await deps.ui.pickRole(picks);
  if (!pick) throw new Cancelled();
  if (pick.roleArn) return { roleArn: pick.roleArn, roleProfile: pick.roleProfile ?? undefined };
  const entered = await deps.ui.inputRoleArn((v) =>
    isRoleArn(v.trim()) ? undefined : 'Enter an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>',
  );
  if (!entered) throw new Cancelled();
  const declared = [...profiles.values()].map(roleProfileFrom).find((r) => r?.roleArn === entered.trim());
  return { roleArn: entered.trim(), roleProfile: declared };
}

/** Runs the flow; undefined when the user cancelled a prompt. AWS failures reject with an AwsFailure sentence. */
export async function runAssumeFlow(deps: AssumeFlowDeps): Promise<AssumeFlowResult | undefined> {
  const now = deps.now ?? (() => new Date());
  try {
    const { roleArn, roleProfile } = await chooseRole(deps);
    const sourceProfile = roleProfile?.sourceProfile ?? deps.settings.profile;

    const secretKey = externalIdSecretKey(roleArn);
    const remembered = roleProfile?.externalId === undefined ? await deps.secrets.get(secretKey) : undefined;
    let externalId = roleProfile?.externalId ?? remembered;
    // Stored only once AssumeRole has accepted it: a typo must not be replayed on every later attempt.
    let rememberOnSuccess = false;
    if (externalId === undefined) {
      const answer = await deps.ui.inputExternalId(roleArn);
      if (!answer) throw new Cancelled();
      externalId = answer.value.trim() || undefined;
      rememberOnSuccess = externalId !== undefined && answer.remember;
    }

    const mfaSerial = deps.settings.mfaSerial ?? roleProfile?.mfaSerial;
    let mfaCode: string | undefined;
    if (mfaSerial) {
      mfaCode = await deps.ui.inputMfaCode(mfaSerial);
      if (!mfaCode) throw new Cancelled();
    }

    const region = deps.settings.region ?? roleProfile?.region;
    const sessionName = renderSessionName(deps.settings.sessionNameTemplate ?? roleProfile?.roleSessionName, {
      ...defaultSessionVars(now(), deps.env),
      profile: sourceProfile,
      roleArn,
    });
    const assume = deps.assume ?? assumeRoleSession;
    // Resolved inside the progress: its Cancel aborts every call of the flow, the credential provider's too.
    const { context, result } = await deps.ui
      .withProgress(`Assuming ${roleArn.split('/').pop()}`, async (report, signal) => {
        const context = resolveAwsContext({
          profile: sourceProfile,
          region,
          endpoints: { sts: deps.settings.stsEndpoint },
          env: deps.env,
          limits: callLimitsOf(deps.settings, signal),
          mfaCodeProvider: async (serial) => {
            const code = await deps.ui.inputMfaCode(serial);
            if (!code)
              throw new AwsFailure(
                `An MFA code for ${serial} is needed to use profile "${sourceProfile}".`,
                'mfa-failed',
                'MfaCodeRequired',
              );
            return code;
          },
        });
        const result = await assume({
          source: context.source,
          region: context.region.region,
          endpoint: context.endpoints.sts?.url,
          limits: context.limits,
          input: {
            roleArn,
            sessionName,
            externalId,
            durationSeconds: deps.settings.durationSeconds ?? roleProfile?.durationSeconds,
            mfaSerial,
            mfaCode,
            sourceIdentity: deps.settings.sourceIdentity,
            tags: deps.settings.sessionTags,
          },
          onStep: (step) => report(STEP_MESSAGES[step]),
        });
        return { context, result };
      })
      .catch(async (err: unknown) => {
        // A remembered ExternalId that AWS refuses may be the cause: drop it, so the next attempt asks again.
        if (remembered !== undefined && err instanceof AwsFailure && err.kind === 'access-denied') {
          await deps.secrets.delete(secretKey);
          throw new AwsFailure(`${err.message} The remembered ExternalId was forgotten: the next attempt asks for it.`, err.kind, err.code);
        }
        throw err;
      });
    if (rememberOnSuccess && externalId !== undefined) await deps.secrets.store(secretKey, externalId);
    const session: ActiveRoleSession = {
      credentials: result.role.credentials,
      roleArn,
      assumedRoleArn: result.after?.Arn ?? result.role.assumedRoleArn,
      sessionName,
      region: context.region.region,
      sourceProfile: context.source.profile,
      sourceArn: result.before?.Arn,
      stsEndpoint: context.endpoints.sts?.url,
    };
    setActiveSession(session);
    return { session, result };
  } catch (err) {
    if (err instanceof Cancelled || isCancelled(err)) return undefined;
    throw err;
  }
}
