import { PARTITIONS } from '../engine/arn';
import { PrincipalEntry } from '../engine/model';
import { Rule } from '../engine/rule';
import { suggestionFix } from './utils/suggestionFix';

/** The identity providers IAM names by domain in a Federated principal (web identity federation). */
const WEB_IDENTITY_PROVIDERS = ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com'];

const PROVIDER_ARN = new RegExp(`^arn:(${PARTITIONS.join('|')}):iam::(\\d{12}|\\$\\{[^}]+\\}):(saml-provider|oidc-provider)/.+$`);

/**
 * Why a Service principal is not one, or undefined. Only what no service principal can be is
 * reported: service principals have other domains in some partitions (ISO regions), so the
 * amazonaws.com suffix itself is not required.
 */
function serviceProblem(value: string): { problem: string; suggestion?: string } | undefined {
  if (value.trim() === '') return { problem: 'is empty' };
  if (/\s/.test(value)) return { problem: 'contains white space' };
  if (value.startsWith('arn:'))
    return { problem: 'is an ARN; a Service principal is a service name such as ec2.amazonaws.com (ARNs go under "AWS")' };
  if (value === '*') return undefined; // trust-broad-principal / resource-public-principal judge "*"
  if (!value.includes('.')) return { problem: 'is not a service principal', suggestion: `${value.toLowerCase()}.amazonaws.com` };
  return undefined;
}

/** Why a Federated principal is not an identity provider IAM accepts, or undefined. */
function federatedProblem(value: string): { problem: string; suggestion?: string } | undefined {
  if (value.trim() === '') return { problem: 'is empty' };
  if (value.startsWith('arn:')) {
    return PROVIDER_ARN.test(value)
      ? undefined
      : { problem: 'is not the ARN of a SAML or OIDC provider (arn:aws:iam::<account>:saml-provider/<name> or :oidc-provider/<host>)' };
  }
  // Whether IAM reads these domains case-insensitively is not documented: a case variant is let be.
  if (WEB_IDENTITY_PROVIDERS.some((p) => p.toLowerCase() === value.toLowerCase())) return undefined;
  return { problem: `is neither a SAML or OIDC provider ARN nor one of ${WEB_IDENTITY_PROVIDERS.join(', ')}` };
}

function problemOf(entry: PrincipalEntry): { problem: string; suggestion?: string } | undefined {
  if (entry.type === 'Service') return serviceProblem(entry.value);
  if (entry.type === 'Federated') return federatedProblem(entry.value);
  return undefined;
}

/**
 * IAM refuses a policy whose Service or Federated principal is not one ("Invalid principal in
 * policy"): better told while typing than by CreateRole. AWS principals are malformed-arn's.
 */
export const malformedPrincipal: Rule = {
  meta: {
    id: 'malformed-principal',
    severity: 'error',
    category: 'grammar',
    description: 'A Service or Federated principal is not in a form IAM accepts (a service name, an identity provider ARN or domain).',
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const statement of doc.statements) {
      for (const principal of [statement.principal, statement.notPrincipal]) {
        for (const entry of principal?.entries ?? []) {
          const found = problemOf(entry);
          if (!found) continue;
          report({
            node: entry.node,
            message: `${entry.type} principal "${entry.value}" ${found.problem}${found.suggestion ? `: did you mean "${found.suggestion}"?` : '.'}`,
            data: found.suggestion ? { suggestion: found.suggestion } : undefined,
          });
        }
      }
    }
  },
  fixes(finding) {
    return suggestionFix(finding, (suggestion) => JSON.stringify(suggestion));
  },
};
