import { StatementModel } from './model';
import { keyConditions } from './conditions';

/**
 * The global condition keys that tie a service principal's request to the resource, account or
 * organization it acts for: without one, the service can be made to act on this resource for
 * anyone who uses it (the cross-service confused deputy).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

const LOWER_SOURCE_KEYS = new Set(SOURCE_KEYS.map((k) => k.toLowerCase()));

/**
 * In a KMS key policy, services that encrypt for a resource put its ARN in the encryption context,
 * and their documentation pins the key to it there instead of with aws:SourceArn:
 * `kms:EncryptionContext:aws:logs:arn` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html),
 * `kms:EncryptionContext:aws:cloudtrail:arn` (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 */
const ENCRYPTION_CONTEXT_SOURCE = /^kms:encryptioncontext:aws:[a-z0-9-]+:[a-z]*arn$/;

/** Whether the statement's Condition tests one of the source keys (any operator), or the source ARN in a KMS encryption context. */
export function testsSourceKey(statement: StatementModel): boolean {
  return keyConditions(statement).some((c) => {
    const key = c.key.key.toLowerCase();
    return LOWER_SOURCE_KEYS.has(key) || ENCRYPTION_CONTEXT_SOURCE.test(key);
  });
}

/**
 * Service principals whose documentation asks for aws:SourceArn / aws:SourceAccount in the trust
 * policy of the roles they assume, with the page that says so. Services not listed here may not
 * send these keys when they assume a role, and a condition on them would lock the service out.
 */
export const TRUST_SOURCE_KEY_SERVICES: Readonly<Record<string, string>> = {
  'personalize.amazonaws.com': 'https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html',
  'fis.amazonaws.com': 'https://docs.aws.amazon.com/resilience-hub/latest/userguide/next-gen-resilience-testing-iam-single-account.html',
};
