import { hasWildcard } from '../catalog/wildcard';
import { StatementModel } from '../engine/model';
import { ACCOUNT_ID, awsPrincipals, wholeAccountOfTemplate } from '../engine/principals';
import { narrowsPrincipal, pinsDown, principalPinningKeys } from '../engine/principalNarrowing';
import { Rule } from '../engine/rule';

/** Identity providers that issue tokens to anyone who signs up: trusting them without claims is trusting the world. */
const MULTI_TENANT_PROVIDERS = [
  'token.actions.githubusercontent.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
  'cognito-identity.amazonaws.com',
  'app.terraform.io',
  'gitlab.com',
];

/**
 * The provider host of a Federated principal: the host of an OIDC provider ARN (whose partition
 * and account may be known only at deploy time), or the value itself.
 */
export function oidcProvider(value: string): string | undefined {
  const arn = /^arn:(?:[a-z-]+|\$\{[^}]*\}):iam::(?:\d{12}|\$\{[^}]*\}):oidc-provider\/(.+)$/.exec(value);
  if (arn) return arn[1];
  if (value.startsWith('arn:')) return undefined; // a SAML provider: its claims are the IdP's business
  return value;
}

/**
 * Whether the statement tests a claim (`<provider>:sub`, `:aud`, ...) positively against a real
 * value. When the provider is known only at deploy time, so is which claim keys are its own: a key
 * written with a deploy-time part (`${replace(var.provider_arn, ...)}:sub`) may be one.
 */
function restrictsClaims(statement: StatementModel, provider: string): boolean {
  const prefix = `${provider.toLowerCase()}:`;
  const unknownProvider = provider.includes('${');
  return pinsDown(statement, (key) => key.startsWith(prefix) || (unknownProvider && key.includes('${')));
}

/** What narrows a "*": the Condition's keys that pin the caller down, or its Condition when it is known only at deploy time. */
function narrowingKeys(statement: StatementModel): string {
  const keys = [...new Set(principalPinningKeys(statement).map((entry) => entry.key))];
  return keys.length > 0 ? `its Condition on ${keys.join(', ')}` : 'a Condition known only at deploy time';
}

/**
 * Trust granted wider than one named principal: everyone, whole accounts, wildcard ARNs, or
 * everyone-but (Allow with NotPrincipal).
 */
export const trustBroadPrincipal: Rule = {
  meta: {
    id: 'trust-broad-principal',
    severity: 'error',
    category: 'security',
    description:
      'A trust policy trusts more than named principals: "*", a whole account, a wildcard ARN, Allow with NotPrincipal, or an OIDC provider without claim conditions.',
    appliesTo: ['trust'],
  },
  check({ doc, account: ownAccount, report }) {
    for (const statement of doc.statements) {
      if (statement.effect?.value !== 'Allow') continue;
      if (statement.notPrincipal) {
        report({
          node: statement.notPrincipal.property.children?.[0],
          message:
            'Allow with NotPrincipal trusts every principal in every account except those listed. Name the trusted principals in Principal instead.',
        });
      }
      const principal = statement.principal;
      if (!principal) continue;
      for (const entry of principal.entries) {
        if (entry.type !== 'Federated') continue;
        const provider = oidcProvider(entry.value);
        if (!provider || restrictsClaims(statement, provider)) continue;
        const multiTenant = MULTI_TENANT_PROVIDERS.includes(provider.toLowerCase());
        report({
          node: entry.node,
          severity: multiTenant ? 'error' : 'warning',
          message: multiTenant
            ? `Any identity that ${provider} issues a token to (any repository, any account) can assume this role: require its claims, e.g. "StringEquals": {"${provider}:sub": "..."} and ":aud".`
            : `Every identity of ${provider} can assume this role: restrict its claims with a condition on "${provider}:sub" (and ":aud").`,
        });
      }
      const narrowed = narrowsPrincipal(statement);
      const aws = awsPrincipals(statement);
      const everyone = aws.find((e) => e.value === '*');
      if (everyone) {
        report({
          node: everyone.node,
          severity: narrowed ? 'warning' : 'error',
          message: narrowed
            ? `The principal "*" trusts every AWS identity, narrowed only by ${narrowingKeys(statement)}; name the trusted principals instead where you can.`
            : 'The principal "*" lets any AWS identity in any account assume this role. Name the user or role that should.',
        });
      }
      for (const entry of aws) {
        if (entry.value === '*') continue;
        const whole = wholeAccountOfTemplate(entry.value);
        if (whole && !narrowed) {
          const which =
            'own' in whole
              ? 'the account the template deploys into'
              : `account ${whole.account}${ownAccount ? (whole.account === ownAccount ? ' (this account)' : ' (another account)') : ''}`;
          const example = entry.value.replace(/:root$/, ':user/NAME');
          report({
            node: entry.node,
            severity: 'warning',
            message: `"${entry.value}" trusts every user and role of ${which} that its own policies allow to assume roles. Name the principal (e.g. ${ACCOUNT_ID.test(entry.value) ? `arn:aws:iam::${entry.value}:user/NAME` : example}) instead.`,
          });
        } else if (hasWildcard(entry.value)) {
          report({
            node: entry.node,
            message: `"${entry.value}": IAM does not accept wildcards inside a principal ARN. Use exact ARNs, or "*" with an aws:PrincipalArn condition.`,
          });
        }
      }
    }
  },
};
