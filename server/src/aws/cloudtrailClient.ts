import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { applyCallLimits, CallLimits, requestHandlerOptions } from './callLimits';
import { awsSdk } from './sdk';

/**
 * What a CloudTrail call needs from the rest of the AWS layer: credentials and, optionally, an
 * explicit endpoint. Kept narrow so this module knows nothing of profiles or VS Code settings.
 */
export interface CloudTrailConnection {
  /** The same credential types as the STS and IAM clients take (a provider, e.g. a CredentialSource's, or resolved keys). */
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /**
   * An explicit endpoint URL (loopback server, VPC endpoint, LocalStack), as `endpointFor('cloudtrail', ...)`
   * of `endpoints.ts` resolves it from the setting, AWS_ENDPOINT_URL_CLOUDTRAIL, AWS_ENDPOINT_URL or the
   * profile; undefined for AWS's own endpoint.
   */
  endpoint?: string;
  /** Timeouts and cancellation (callLimits.ts); the defaults apply when absent. */
  limits?: CallLimits;
}

/**
 * A CloudTrail client for one region. The SDK's own retries are turned off: throttling is retried
 * by `withThrottlingRetry` under the per-region rate limiter, so a retry also waits for its slot.
 */
export function createCloudTrailClient(region: string, connection: CloudTrailConnection): CloudTrailClient {
  const client = new (awsSdk().CloudTrailClient)({
    region,
    credentials: connection.credentials,
    endpoint: connection.endpoint,
    maxAttempts: 1,
    requestHandler: requestHandlerOptions(connection.limits),
  });
  return applyCallLimits(client, connection.limits);
}
