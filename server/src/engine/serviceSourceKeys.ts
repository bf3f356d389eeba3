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

/** The condition a service's documentation shows to tie a KMS key to its resources through the encryption context. */
export interface EncryptionContextCondition {
  operator: string;
  key: string;
  /** The value it shows, for an account. */
  value(account: string): string;
  /** What the value names, for a fix's title. */
  names: string;
  page: string;
  /** The documentation also shows aws:SourceArn in the key policy (for aws:SourceAccount it says nothing). */
  sourceArn: boolean;
}

/**
 * By service prefix (`logs` of `logs.us-east-1.amazonaws.com`): services whose documentation ties
 * a KMS key to their resources in the key policy with the encryption context. For those it is the
 * fix to offer, not aws:SourceAccount: the key policy CloudWatch Logs' page shows tests no source
 * key at all, and a condition on a key a service does not send locks the service out of the key.
 */
const ENCRYPTION_CONTEXT_CONDITIONS: ReadonlyMap<string, EncryptionContextCondition> = new Map(
  Object.entries({
    logs: {
      operator: 'ArnLike',
      key: 'kms:EncryptionContext:aws:logs:arn',
      value: (account) => `arn:aws:logs:*:${account}:log-group:*`,
      names: "the account's log groups",
      page: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
      sourceArn: false,
    },
    cloudtrail: {
      operator: 'StringLike',
      key: 'kms:EncryptionContext:aws:cloudtrail:arn',
      value: (account) => `arn:aws:cloudtrail:*:${account}:trail/*`,
      names: "the account's trails",
      page: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
      sourceArn: true,
    },
  }),
);

/**
 * The encryption-context condition to require of `service` (a service principal) in `statement`,
 * when the statement is a key policy's (every action a KMS one) and the service documents one.
 */
export function encryptionContextCondition(statement: StatementModel, service: string): EncryptionContextCondition | undefined {
  const items = statement.action?.items ?? [];
  if (items.length === 0 || !items.every((item) => item.value.toLowerCase().startsWith('kms:'))) return undefined;
  // A Map, not an object: a principal is the policy's text, and `constructor.amazonaws.com` is one.
  return ENCRYPTION_CONTEXT_CONDITIONS.get(service.toLowerCase().split('.')[0]);
}

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
