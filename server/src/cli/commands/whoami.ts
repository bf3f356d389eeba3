import { connectionFor, resolveAwsContext } from '../../aws/awsContext';
import { whoami } from '../../aws/sts';
import { choice, flag, parseArgs } from '../args';
import { CliCommand, CliError, EXIT_OK } from '../types';
import { AWS_FLAGS_USAGE, AWS_VALUE_FLAGS, awsStep, callLimitsFrom } from './awsOptions';

/** `iamlp whoami`: GetCallerIdentity with the credentials found in the usual order (flag, env vars, profile). */
export const whoamiCommand: CliCommand = {
  name: 'whoami',
  usage: `iamlp whoami ${AWS_FLAGS_USAGE} [--format text|json]\n  Exit codes: 0 identity printed, 2 usage error, 3 AWS call failed.`,
  async run(args, io) {
    const parsed = parseArgs(args, { values: [...AWS_VALUE_FLAGS, 'format'] });
    if (parsed.positionals.length > 0) throw new CliError(`unexpected argument "${parsed.positionals[0]}"`);
    const format = choice(parsed, 'format', ['text', 'json'] as const, 'text');
    const identity = await awsStep('GetCallerIdentity', async () => {
      const context = resolveAwsContext({
        profile: flag(parsed, 'profile'),
        region: flag(parsed, 'region'),
        endpoints: { sts: flag(parsed, 'endpoint-url') },
        env: io.env,
        limits: callLimitsFrom(parsed),
      });
      return whoami(connectionFor(context, 'sts'));
    });
    if (format === 'json') {
      io.stdout(JSON.stringify({ Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId }, null, 2) + '\n');
    } else {
      io.stdout(`Account: ${identity.Account}\nArn:     ${identity.Arn}\nUserId:  ${identity.UserId}\n`);
    }
    return EXIT_OK;
  },
};
