import { printParseErrorCode } from 'jsonc-parser';
import { StatementModel } from './model';
import { parsePolicy, propertyOf, readPolicy } from './parse';

/** The text given as a trust policy cannot be evaluated; the message is one sentence for the user. */
export class TrustPolicyError extends Error {}

/**
 * Reads a trust policy (JSON with comments allowed) with the engine's parser and returns its
 * statements. Users paste what they have at hand, so the AssumeRolePolicyDocument wrapper of
 * CloudFormation and `aws iam get-role` output is accepted too.
 */
export function parseTrustPolicy(text: string): StatementModel[] {
  const doc = parsePolicy(text, { language: 'jsonc' });
  if (doc.parseErrors.length > 0) {
    const first = doc.parseErrors[0];
    throw new TrustPolicyError(`The trust policy is not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}.`);
  }
  if (doc.root?.type !== 'object') throw new TrustPolicyError('The trust policy must be a JSON object with a Statement.');
  const wrapped = [
    propertyOf(doc.root, 'AssumeRolePolicyDocument'),
    propertyOf(propertyOf(doc.root, 'Role')?.children?.[1], 'AssumeRolePolicyDocument'),
  ]
    .map((property) => property?.children?.[1])
    .find((node) => node?.type === 'object');
  const policy = wrapped ? readPolicy(text, wrapped, doc.parseErrors) : doc;
  if (policy.statements.length === 0) throw new TrustPolicyError('The trust policy has no Statement.');
  return policy.statements;
}
