import { loadAwsProfiles, RoleProfile, roleProfileFrom } from '../../aws/awsConfig';
import { resolveAwsContext } from '../../aws/awsContext';
import { credentialProcessJson, credentialsJson, envExports, ShellKind } from '../../aws/credentialExports';
import { AwsFailure } from '../../aws/errors';
import { effectiveProfileName } from '../../aws/region';
import { defaultSessionVars, parseDuration, renderSessionName, validateAssumeRoleInput, AssumeRoleInput } from '../../aws/roleInput';
import { assumeRoleSession } from '../../aws/sts';
import { choice, flag, parseArgs, ParsedArgs } from '../args';
import { CliCommand, CliError, CliIO, EXIT_OK } from '../types';
import { AWS_FLAGS_USAGE, AWS_VALUE_FLAGS, awsStep, callLimitsFrom } from './awsOptions';

const FORMATS = ['env', 'json', 'credential-process'] as const;
const SHELLS = ['posix', 'fish', 'powershell', 'cmd'] as const;

/**
 * Where the role comes from: --role-arn, or the role profile named by --profile / AWS_PROFILE
 * (role_arn + source_profile, as the AWS CLI reads it). With --role-arn, --profile is the source.
 */
function roleFromProfile(parsed: ParsedArgs, io: CliIO): RoleProfile | undefined {
  if (flag(parsed, 'role-arn') !== undefined) return undefined;
  const name = effectiveProfileName(flag(parsed, 'profile'), io.env);
  if (!name) return undefined;
  const profile = loadAwsProfiles(io.env).get(name);
  return profile ? roleProfileFrom(profile) : undefined;
}

function parseTags(values: string[]): Record<string, string> {
  // Without a prototype: a tag named __proto__ or constructor is a tag like any other, not dropped.
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  const seen = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new CliError(`--tag needs Key=Value (got "${value}")`);
    const key = value.slice(0, eq);
    // STS compares session tag keys without case: a second one would be refused, or silently win here.
    const earlier = seen.get(key.toLowerCase());
    if (earlier !== undefined)
      throw new CliError(`--tag ${key} is given twice (as ${earlier} too): a session tag key is one tag, whatever its case`);
    seen.set(key.toLowerCase(), key);
    tags[key] = value.slice(eq + 1);
  }
  return tags;
}

/**
 * The ExternalId, from the first source that has one: standard input (--external-id-stdin), the
 * --external-id flag, IAMLP_EXTERNAL_ID, the role profile's external_id, else a question at the
 * terminal that does not echo. Empty means none; undefined sends none.
 */
async function externalIdFrom(
  parsed: ParsedArgs,
  io: CliIO,
  roleArn: string,
  roleProfile: RoleProfile | undefined,
): Promise<string | undefined> {
  const given = flag(parsed, 'external-id');
  if (parsed.booleans.has('external-id-stdin')) {
    if (given !== undefined) throw new CliError('--external-id and --external-id-stdin exclude each other');
    if (!io.readStdin) throw new CliError('--external-id-stdin: standard input cannot be read here');
    const value = (await io.readStdin()).replace(/\r?\n$/, '').trim();
    if (!value) throw new CliError('--external-id-stdin: standard input held no ExternalId');
    return value;
  }
  if (given !== undefined) return given;
  const fromEnv = io.env.IAMLP_EXTERNAL_ID?.trim();
  if (fromEnv) return fromEnv;
  if (roleProfile?.externalId !== undefined) return roleProfile.externalId;
  const answer = await io.promptSecret?.(`ExternalId for ${roleArn} (not echoed; empty for none): `);
  return answer ? answer : undefined;
}

/** `iamlp assume`: AssumeRole and print the temporary credentials for a shell, a program or credential_process. */
export const assumeCommand: CliCommand = {
  name: 'assume',
  usage: [
    `iamlp assume --role-arn ARN [--external-id-stdin | --external-id ID] [--session-name N] [--duration S] [--mfa-serial ARN --mfa-code CODE]`,
    `             [--source-identity ID] [--tag Key=Value]... ${AWS_FLAGS_USAGE}`,
    `             [--format env|json|credential-process] [--shell posix|fish|powershell|cmd] [--no-verify]`,
    '  Without --role-arn, a profile (--profile or AWS_PROFILE) that declares role_arn supplies the role,',
    '  its source_profile, external_id, mfa_serial, duration_seconds and role_session_name.',
    "  The ExternalId: --external-id-stdin reads it from standard input, else IAMLP_EXTERNAL_ID, else the profile's",
    '  external_id, else it is asked at the terminal without echo (empty for none). --external-id ID also works,',
    '  but leaves the value in `ps` and the shell history.',
    '  Without --mfa-code, a role that needs MFA asks for the code at the terminal (not under credential_process).',
    '  --duration takes seconds or 15m / 1h / 1h30m. --session-name may use {user} {host} {role} {date} {time} {timestamp}.',
    '  env: export lines for eval "$(iamlp assume ...)"; json: {AccessKeyId,SecretAccessKey,SessionToken,Expiration,AssumedRoleArn};',
    '  credential-process: for credential_process = iamlp assume ... --format credential-process in ~/.aws/config.',
    '  Unless --no-verify (or credential-process), GetCallerIdentity runs before and after and is reported on stderr.',
    '  Exit codes: 0 credentials printed, 2 usage error, 3 AWS call failed.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, {
      values: [
        ...AWS_VALUE_FLAGS,
        'role-arn',
        'external-id',
        'session-name',
        'duration',
        'mfa-serial',
        'mfa-code',
        'source-identity',
        'format',
        'shell',
      ],
      repeatable: ['tag'],
      booleans: ['no-verify', 'external-id-stdin'],
    });
    if (parsed.positionals.length > 0) throw new CliError(`unexpected argument "${parsed.positionals[0]}"`);
    const format = choice(parsed, 'format', FORMATS, 'env');
    const shell: ShellKind = choice(parsed, 'shell', SHELLS, 'posix');
    const verify = !parsed.booleans.has('no-verify') && format !== 'credential-process';

    const roleProfile = roleFromProfile(parsed, io);
    const roleArn = flag(parsed, 'role-arn') ?? roleProfile?.roleArn;
    if (!roleArn) throw new CliError('--role-arn is required (or --profile naming a profile with role_arn)');

    // The source credentials: with a role profile, its source_profile (or the environment for
    // credential_source = Environment); otherwise --profile, env vars, AWS_PROFILE, default.
    let sourceProfile = flag(parsed, 'profile');
    let sourceEnv = io.env;
    if (roleProfile) {
      if (roleProfile.sourceProfile) sourceProfile = roleProfile.sourceProfile;
      else if (roleProfile.credentialSource === 'Environment') {
        sourceProfile = undefined;
        sourceEnv = { ...io.env, AWS_PROFILE: undefined, AWS_DEFAULT_PROFILE: undefined };
      } else {
        throw new CliError(
          `profile "${roleProfile.profile}" has no source_profile${roleProfile.credentialSource ? ` (credential_source ${roleProfile.credentialSource} is not supported here)` : ''}: pass --role-arn and a source --profile instead`,
        );
      }
    }

    const durationText = flag(parsed, 'duration');
    const durationSeconds = durationText !== undefined ? parseDuration(durationText) : roleProfile?.durationSeconds;
    const mfaSerial = flag(parsed, 'mfa-serial') ?? roleProfile?.mfaSerial;
    // As the AWS CLI does: without --mfa-code, ask at the terminal when there is one.
    const askMfaCode = (serial: string) => io.prompt?.(`MFA code for ${serial}: `);
    let mfaCode = flag(parsed, 'mfa-code');
    if (mfaSerial !== undefined && mfaCode === undefined) mfaCode = await askMfaCode(mfaSerial);
    const tags = parseTags(parsed.flags.get('tag') ?? []);
    const sessionTemplate = flag(parsed, 'session-name') ?? roleProfile?.roleSessionName;
    const input: AssumeRoleInput = {
      roleArn,
      sessionName: renderSessionName(sessionTemplate, { ...defaultSessionVars(new Date(), io.env), profile: sourceProfile, roleArn }),
      externalId: await externalIdFrom(parsed, io, roleArn, roleProfile),
      durationSeconds,
      mfaSerial,
      // Without a serial for this role, a code is for the source profile's mfa_serial (fromIni asks for it).
      mfaCode: mfaSerial !== undefined ? mfaCode : undefined,
      sourceIdentity: flag(parsed, 'source-identity'),
      tags,
    };
    if (mfaSerial !== undefined && !mfaCode) {
      throw new CliError(`the role needs MFA (${mfaSerial}): pass --mfa-code with the current 6-digit code`);
    }
    const problem = validateAssumeRoleInput(input);
    if (problem) throw new CliError(problem);

    const limits = callLimitsFrom(parsed);
    const secrets = [input.externalId ?? '', mfaCode ?? ''];
    const result = await awsStep(
      'AssumeRole',
      async () => {
        const context = resolveAwsContext({
          profile: sourceProfile,
          region: flag(parsed, 'region') ?? roleProfile?.region,
          endpoints: { sts: flag(parsed, 'endpoint-url') },
          env: sourceEnv,
          limits,
          mfaCodeProvider: async (serial) => {
            const code = mfaCode ?? (await askMfaCode(serial));
            if (code) {
              secrets.push(code);
              return code;
            }
            throw new AwsFailure(`The source profile needs an MFA code for ${serial}: pass --mfa-code.`, 'mfa-failed', 'MfaCodeRequired');
          },
        });
        return assumeRoleSession({
          source: context.source,
          region: context.region.region,
          endpoint: context.endpoints.sts?.url,
          input,
          limits,
          skipIdentityChecks: !verify,
        });
      },
      secrets,
    );
    if (result.before) io.stderr(`Source identity: ${result.before.Arn}\n`);
    if (result.after) io.stderr(`Assumed identity: ${result.after.Arn} (expires ${result.role.credentials.expiration.toISOString()})\n`);
    if (format === 'json') io.stdout(credentialsJson(result.role));
    else if (format === 'credential-process') io.stdout(credentialProcessJson(result.role.credentials));
    else io.stdout(envExports(result.role.credentials, { shell }));
    return EXIT_OK;
  },
};
