import { ACCOUNT_ID } from './principals';

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * Splits an ARN into its six parts. Policy variables such as `${aws:username}` contain colons, so
 * they are stepped over rather than split.
 */
export function splitArn(value: string): ArnParts | undefined {
  if (!value.includes('${')) {
    const parts = value.split(':');
    if (parts.length < 6 || parts[0] !== 'arn') return undefined;
    return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
  }
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    if (value.startsWith('${', i)) {
      const close = value.indexOf('}', i);
      const end = close === -1 ? value.length : close + 1;
      current += value.slice(i, end);
      i = end - 1;
    } else if (value[i] === ':' && parts.length < 5) {
      parts.push(current);
      current = '';
    } else current += value[i];
  }
  parts.push(current);
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account, resource] = parts;
  return { partition, service, region, account, resource };
}

const WILD = /[*?]|\$\{/;

/**
 * `arn:aws:<service>:<region>:<account>:<resource>` with a non-empty service, an account that is
 * empty, twelve digits or holds a wildcard (`*`, as most AWS managed policies write it), and no
 * policy variable: ARNs resourceArnProblem accepts. One native regular-expression scan is the
 * cheapest test there is for the thousands of a large policy; each part can match in one way only
 * (the account's text before its first wildcard excludes wildcards), so a long odd value cannot
 * make it backtrack.
 */
const PLAIN_WELL_FORMED_ARN = /^arn:aws:[^:$]+:[^:$]*:(?:\d{12}|[^:$*?]*[*?][^:$]*)?:[^$]*$/;

/** Why a Resource value is not an ARN IAM accepts, or undefined. */
export function resourceArnProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  if (!value.startsWith('arn:')) return 'is not an ARN (arn:partition:service:region:account:resource) nor "*"';
  // A policy has thousands of resources: the common case is cleared without splitting it into new
  // strings. Whatever the shortcut does not clear gets the full look.
  if (PLAIN_WELL_FORMED_ARN.test(value)) return undefined;
  const arn = splitArn(value);
  if (!arn) return 'has fewer than the six colon-separated parts of an ARN (arn:partition:service:region:account:resource)';
  if (!PARTITIONS.includes(arn.partition) && !WILD.test(arn.partition)) return `has an unknown partition "${arn.partition}"`;
  if (arn.service === '') return 'has no service';
  if (arn.account !== '' && !ACCOUNT_ID.test(arn.account) && arn.account !== 'aws' && !WILD.test(arn.account)) {
    return `has "${arn.account}" where a 12-digit account id belongs`;
  }
  return undefined;
}

/** Why an AWS principal value is malformed, or undefined. */
export function awsPrincipalProblem(value: string): string | undefined {
  if (value === '*' || ACCOUNT_ID.test(value)) return undefined;
  if (!value.startsWith('arn:')) return 'is neither an ARN, a 12-digit account id, nor "*"';
  const arn = splitArn(value);
  if (!arn) return 'has fewer than the six colon-separated parts of an ARN';
  if (!PARTITIONS.includes(arn.partition)) return `has an unknown partition "${arn.partition}"`;
  if (arn.service !== 'iam' && arn.service !== 'sts') return `names the service "${arn.service}"; an AWS principal is an iam or sts ARN`;
  if (!ACCOUNT_ID.test(arn.account) && !WILD.test(arn.account)) return `has "${arn.account}" where a 12-digit account id belongs`;
  if (arn.resource === '') return 'names no user, role or root';
  return undefined;
}
