// Options and failure handling shared by the AWS commands of iamlp (whoami, assume, verify, events).
import { CallLimits, MAX_CALL_TIMEOUT_SECONDS, parseTimeoutSeconds } from '../../aws/callLimits';
import { AwsFailure, describeAwsError } from '../../aws/errors';
import { flag, ParsedArgs } from '../args';
import { CliError } from '../types';

/** Exit code of an AWS call that failed (denied, expired, throttled, unreachable...): distinct from usage errors. */
export const EXIT_AWS_FAILURE = 3;

/** Flags every AWS command takes. */
export const AWS_VALUE_FLAGS = ['profile', 'region', 'endpoint-url', 'timeout'] as const;

export const AWS_FLAGS_USAGE = '[--profile P] [--region R] [--endpoint-url URL] [--timeout SECONDS]';

/** `--timeout SECONDS`: how long one AWS call may take, retries included (default 30). */
export function callLimitsFrom(parsed: ParsedArgs): CallLimits {
  const text = flag(parsed, 'timeout');
  if (text === undefined) return {};
  const seconds = parseTimeoutSeconds(text);
  if (seconds === undefined)
    throw new CliError(`--timeout takes a number of seconds above 0 and at most ${MAX_CALL_TIMEOUT_SECONDS} (got "${text}")`);
  return { timeoutMs: seconds * 1000 };
}

/** Runs an AWS step; an expected failure becomes a one-line CliError with EXIT_AWS_FAILURE. */
export async function awsStep<T>(operation: string, work: () => Promise<T>, secrets: string[] = []): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const message = err instanceof AwsFailure ? err.message : describeAwsError(err, { operation, secrets });
    throw new CliError(message, EXIT_AWS_FAILURE);
  }
}
