import { AssumeRoleEvent, countWithoutExternalId, principalLabel } from '../../aws/assumeRoleEvent';
import { createCloudTrailClient } from '../../aws/cloudtrailClient';
import { describeCloudTrailError } from '../../aws/cloudtrailErrors';
import { toEventSummary } from '../../aws/cloudtrailExport';
import { applyFilter, defaultRegions, lookupAssumeRoleEvents } from '../../aws/cloudtrailLookup';
import { describeWindow, parseWindow, TimeWindow, WindowError } from '../../aws/cloudtrailWindow';
import { AwsContext, resolveAwsContext } from '../../aws/awsContext';
import { AwsFailure } from '../../aws/errors';
import { choice, flag, parseArgs } from '../args';
import { CliCommand, CliError, CliIO, EXIT_FINDINGS, EXIT_OK } from '../types';
import { callLimitsFrom, EXIT_AWS_FAILURE } from './awsOptions';
import { textTableLines } from '../../util/textTable';

const USAGE = `iamlp events [--region R ...] [--since 24h|7d|ISO] [--role ARN] [--failed] [--profile P] [--timeout SECONDS] [--format table|json]

Lists the AssumeRole calls CloudTrail recorded (LookupEvents), newest first: who assumed which role,
with which session name and ExternalId, from where, and whether it failed.

  --region R       a region to read; repeatable (default: the active region and us-east-1,
                   where calls to the global STS endpoint are logged)
  --since W        the window: 30m, 24h, 7d, 90d or an ISO date (default 24h, at most 90 days)
  --role ARN       only events for this role (an ARN, or a role name)
  --failed         only failed calls (errorCode set)
  --profile P      the AWS profile to use (default: environment, AWS_PROFILE, then "default")
  --timeout S      seconds one AWS call may take, retries included (default 30)
  --format F       table (default) or json: {"events":[{eventId, eventTime, region, principalArn,
                   roleArn, sessionName, externalId, sourceIp, userAgent, errorCode, errorMessage}]}

The endpoint follows AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL. Exit codes: 0 listed,
1 listed but some region could not be read (warnings on stderr), 2 usage error, 3 AWS call failed.`;

function table(events: AssumeRoleEvent[]): string {
  const header = ['TIME (UTC)', 'REGION', 'RESULT', 'ROLE', 'SESSION', 'PRINCIPAL', 'EXTERNAL ID'];
  const rows = events.map((e) => [
    e.eventTime ? e.eventTime.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : '?',
    e.region ?? '?',
    e.errorCode ?? 'ok',
    e.roleArn ?? '?',
    e.sessionName ?? '-',
    principalLabel(e),
    e.externalId ?? '(none)',
  ]);
  return textTableLines(header, rows).join('\n') + '\n';
}

function summaryLine(events: AssumeRoleEvent[], regions: string[], window: TimeWindow): string {
  const failed = events.filter((e) => e.errorCode !== undefined).length;
  const noExternalId = countWithoutExternalId(events);
  return `${events.length} AssumeRole event${events.length === 1 ? '' : 's'} (${failed} failed, ${noExternalId} without ExternalId) in ${regions.join(', ')} over the ${describeWindow(window)}.\n`;
}

export const eventsCommand: CliCommand = {
  name: 'events',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args, {
      values: ['since', 'role', 'profile', 'format', 'timeout'],
      repeatable: ['region'],
      booleans: ['failed'],
    });
    if (parsed.positionals.length > 0) throw new CliError(`unexpected argument "${parsed.positionals[0]}"`);
    const format = choice(parsed, 'format', ['table', 'json'] as const, 'table');
    const profile = flag(parsed, 'profile');
    let window: TimeWindow;
    try {
      window = parseWindow(flag(parsed, 'since'));
    } catch (err) {
      if (err instanceof WindowError) throw new CliError(`--since: ${err.message}`);
      throw err;
    }

    const limits = callLimitsFrom(parsed);
    let context: AwsContext;
    try {
      context = resolveAwsContext({ profile, env: io.env, limits });
    } catch (err) {
      if (err instanceof AwsFailure) throw new CliError(err.message, EXIT_AWS_FAILURE);
      throw err;
    }
    const endpoint = context.endpoints.cloudtrail?.url;
    const regions = parsed.flags.get('region') ?? defaultRegions(context.region.region);
    const source = context.source;
    // Resolved once for every region: a missing profile is one clear line, not one failure per
    // region, and a role profile is assumed once, not once more for each region's client.
    let credentials;
    try {
      credentials = await source.provider();
    } catch (err) {
      throw new CliError(describeCloudTrailError(err, undefined, endpoint).message, EXIT_AWS_FAILURE);
    }

    const result = await lookupAssumeRoleEvents({
      regions,
      window,
      endpoint,
      clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint, limits }),
    });
    const read = regions.filter((r) => !result.failures.some((f) => f.region === r));
    if (read.length === 0) {
      const messages = [...new Set(result.failures.map((f) => f.message))];
      throw new CliError(messages.join(' '), EXIT_AWS_FAILURE);
    }
    for (const failure of result.failures) io.stderr(`iamlp events: warning: ${failure.message}\n`);

    const events = applyFilter(result.events, { role: flag(parsed, 'role'), failedOnly: parsed.booleans.has('failed') });
    if (format === 'json') {
      io.stdout(JSON.stringify({ events: events.map(toEventSummary) }, null, 2) + '\n');
    } else if (events.length === 0) {
      io.stdout(
        `No AssumeRole events${parsed.booleans.has('failed') ? ' that failed' : ''}${flag(parsed, 'role') ? ` for ${flag(parsed, 'role')}` : ''} in ${read.join(', ')} over the ${describeWindow(window)}.\n`,
      );
    } else {
      io.stdout(table(events));
      io.stdout(summaryLine(events, read, window));
    }
    return result.failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
