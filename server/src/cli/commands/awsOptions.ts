// Options and failure handling shared by the AWS commands of iamlp (whoami, assume, verify).
import { AwsFailure, describeAwsError } from '../../aws/errors';
import { CliError } from '../types';

/** Exit code of an AWS call that failed (denied, expired, throttled, unreachable...): distinct from usage errors. */
export const EXIT_AWS_FAILURE = 3;

/** Flags every AWS command takes. */
export const AWS_VALUE_FLAGS = ['profile', 'region', 'endpoint-url'] as const;

export const AWS_FLAGS_USAGE = '[--profile P] [--region R] [--endpoint-url URL]';

/** Runs an AWS step; an expected failure becomes a one-line CliError with EXIT_AWS_FAILURE. */
export async function awsStep<T>(operation: string, work: () => Promise<T>, secrets: string[] = []): Promise<T> {
  // The SDK prints a multi-line Node-version notice on Node 20 (which this CLI supports); keep stderr to one line.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    return await work();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const message = err instanceof AwsFailure ? err.message : describeAwsError(err, { operation, secrets });
    throw new CliError(message, EXIT_AWS_FAILURE);
  }
}
