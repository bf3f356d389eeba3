import { connectionFor, resolveAwsContext } from '../../aws/awsContext';
import { createIamClient, principalArnProblem } from '../../aws/iamSimulate';
import { verifyLeastPrivilege } from '../../aws/verifyLeastPrivilege';
import { choice, flag, parseArgs } from '../args';
import { formatVerifyTable, verifyReportJson } from '../format/verifyReport';
import { CliCommand, CliError, EXIT_FINDINGS, EXIT_OK } from '../types';
import { AWS_FLAGS_USAGE, AWS_VALUE_FLAGS, awsStep, callLimitsFrom } from './awsOptions';

const USAGE = `iamlp verify --principal ARN [--format table|json] [--all] ${AWS_FLAGS_USAGE}

Simulates every IAM write action of the catalog and a sample of IAM reads for one principal with
iam:SimulatePrincipalPolicy (a read-only call; no write call is ever made) and reports each as
allowed, explicitly denied or implicitly denied.

  --principal ARN  the user, group or role to verify (a role session ARN means its role)
  --format F       table (default: the writes that are not explicitly denied, the sampled reads,
                   a summary) or json: {principalArn, ok, allowedWrites, counts, actions:[{action,
                   kind, level, decision, matchedPolicies}]}
  --all            in the table, list the explicitly denied writes too
  --profile P      the AWS profile whose credentials call the simulator (they need
                   iam:SimulatePrincipalPolicy; the auditor role has it)
  --endpoint-url   the IAM endpoint (else AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, the profile)

Exit codes: 0 no IAM write is allowed, 1 some IAM write is allowed, 2 usage error, 3 AWS call failed.`;

/** `iamlp verify`: least privilege checked live, read-only, with the IAM policy simulator. */
export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { values: [...AWS_VALUE_FLAGS, 'principal', 'format'], booleans: ['all'] });
    if (parsed.positionals.length > 0) throw new CliError(`unexpected argument "${parsed.positionals[0]}"`);
    const format = choice(parsed, 'format', ['table', 'json'] as const, 'table');
    const principalArn = flag(parsed, 'principal');
    if (!principalArn)
      throw new CliError('--principal ARN is required (e.g. --principal arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor)');
    const problem = principalArnProblem(principalArn);
    if (problem) throw new CliError(`--principal: ${problem}`);
    const report = await awsStep('SimulatePrincipalPolicy', async () => {
      const context = resolveAwsContext({
        profile: flag(parsed, 'profile'),
        region: flag(parsed, 'region'),
        endpoints: { iam: flag(parsed, 'endpoint-url') },
        env: io.env,
        limits: callLimitsFrom(parsed),
      });
      const connection = connectionFor(context, 'iam');
      const client = createIamClient(connection);
      try {
        return await verifyLeastPrivilege(client, { principalArn, profile: connection.profile, endpoint: connection.endpoint });
      } finally {
        client.destroy();
      }
    });
    if (format === 'json') io.stdout(JSON.stringify(verifyReportJson(report), null, 2) + '\n');
    else io.stdout(formatVerifyTable(report, { all: parsed.booleans.has('all') }));
    return report.ok ? EXIT_OK : EXIT_FINDINGS;
  },
};
