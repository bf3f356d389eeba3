import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const USER = 'arn:aws:iam::111122223333:user/svc-idsentinel-reporter';
const trust = (statement: Record<string, unknown>) =>
  policy([{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', ...statement }]);
const externalId = (operator: string, value: unknown) => ({ Condition: { [operator]: { 'sts:ExternalId': value } } });

describe('rule trust-missing-external-id', () => {
  const RULE = 'trust-missing-external-id';

  it('fires on an AWS principal allowed sts:AssumeRole without an ExternalId condition', () => {
    const text = trust({});
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.match(textAt(text, finding), /svc-idsentinel-reporter/);
    assert.match(finding.message, /ExternalId/);
  });

  it('fires when sts:AssumeRole is reached by wildcard, and when other conditions exist', () => {
    assert.equal(findingsOf(RULE, trust({ Action: 'sts:Assume*' })).length, 1);
    assert.equal(findingsOf(RULE, trust({ Action: ['sts:*'] })).length, 1);
    assert.equal(findingsOf(RULE, trust({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })).length, 1);
    assert.equal(findingsOf(RULE, policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }])).length, 1);
  });

  it('is satisfied by a condition on the key in any case', () => {
    assert.deepEqual(findingsOf(RULE, trust(externalId('StringEquals', 'IDSentinel-Lab-2026'))), []);
    assert.deepEqual(findingsOf(RULE, trust({ Condition: { StringEquals: { 'STS:EXTERNALID': 'IDSentinel-Lab-2026' } } })), []);
  });

  it('leaves Service and Federated principals, Deny statements and other actions alone', () => {
    const service = policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.deepEqual(findingsOf(RULE, service), []);
    const oidc = policy([
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      },
    ]);
    assert.deepEqual(findingsOf(RULE, oidc), []);
    assert.deepEqual(findingsOf(RULE, trust({ Effect: 'Deny' })), []);
    assert.deepEqual(findingsOf(RULE, trust({ Action: 'sts:TagSession' })), []);
  });
});

describe('rule trust-weak-external-id', () => {
  const RULE = 'trust-weak-external-id';
  const weak = (condition: Record<string, unknown>) => findingsOf(RULE, trust(condition));

  it('is silent on StringEquals with a sound literal', () => {
    assert.deepEqual(weak(externalId('StringEquals', 'IDSentinel-Lab-2026')), []);
    assert.deepEqual(weak(externalId('StringEquals', ['IDSentinel-Lab-2026', '3f8a1c2e9b7d4e6fa0c5b2d1e4f7a9c8'])), []);
    assert.deepEqual(weak(externalId('StringLike', 'IDSentinel-Lab-2026')), []);
  });

  for (const [label, condition, reason] of [
    ['an IfExists operator', externalId('StringEqualsIfExists', 'IDSentinel-Lab-2026'), /no ExternalId at all/],
    ['StringLike with a wildcard', externalId('StringLike', 'IDSentinel-*'), /wildcard/],
    ['StringLike with ?', externalId('StringLike', 'IDSentinel-Lab-202?'), /wildcard/],
    ['a Null check alone', externalId('Null', 'false'), /Null check/],
    ['an empty value', externalId('StringEquals', ''), /empty/],
    ['a short value', externalId('StringEquals', 'abc123'), /guessed/],
    ['an account id', externalId('StringEquals', '111122223333'), /account id/],
    ['a policy variable', externalId('StringEquals', '${aws:PrincipalAccount}'), /policy variable/],
    ['a negated operator', externalId('StringNotEquals', 'IDSentinel-Lab-2026'), /every other/],
    ['ForAllValues', externalId('ForAllValues:StringEquals', 'IDSentinel-Lab-2026'), /ForAllValues/],
    ['a non-string operator', externalId('NumericEquals', '12345678901'), /not a string comparison/],
  ] as const) {
    it(`fires on ${label}`, () => {
      const found = weak(condition);
      assert.equal(found.length, 1, JSON.stringify(condition));
      assert.match(found[0].message, reason);
      assert.equal(found[0].severity, 'warning');
    });
  }

  it('is silent when one sound condition is ANDed with a weak one', () => {
    const both = { Condition: { StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' }, Null: { 'sts:ExternalId': 'false' } } };
    assert.deepEqual(weak(both), []);
  });

  it('leaves the missing case to trust-missing-external-id', () => {
    assert.deepEqual(weak({}), []);
  });
});

describe('rule trust-broad-principal', () => {
  const RULE = 'trust-broad-principal';
  const ext = externalId('StringEquals', 'IDSentinel-Lab-2026');

  it('"*" is an error, or a warning when conditions narrow the callers', () => {
    const star = findingsOf(RULE, policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', ...ext }]));
    assert.equal(star.length, 1);
    assert.equal(star[0].severity, 'error');
    const awsStar = findingsOf(RULE, policy([{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:AssumeRole', ...ext }]));
    assert.equal(awsStar[0].severity, 'error');
    const narrowed = findingsOf(
      RULE,
      policy([
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/scanner-*' } },
        },
      ]),
    );
    assert.equal(narrowed[0].severity, 'warning');
  });

  it('a whole account (root ARN or bare id) is a warning', () => {
    for (const principal of ['arn:aws:iam::111122223333:root', '111122223333']) {
      const found = findingsOf(RULE, trust({ Principal: { AWS: principal }, ...ext }));
      assert.equal(found.length, 1, principal);
      assert.equal(found[0].severity, 'warning');
      assert.match(found[0].message, /111122223333/);
    }
  });

  it('a wildcard inside a principal ARN and Allow with NotPrincipal are errors', () => {
    const wildcard = findingsOf(RULE, trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' }, ...ext }));
    assert.equal(wildcard[0].severity, 'error');
    const notPrincipal = findingsOf(RULE, policy([{ Effect: 'Allow', NotPrincipal: { AWS: USER }, Action: 'sts:AssumeRole', ...ext }]));
    assert.equal(notPrincipal.length, 1);
    assert.match(notPrincipal[0].message, /NotPrincipal/);
  });

  it('is silent on a named user or role, and on service principals', () => {
    assert.deepEqual(findingsOf(RULE, trust(ext)), []);
    assert.deepEqual(
      findingsOf(RULE, policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }])),
      [],
    );
  });
});

describe('rule trust-broad-principal: conditions that only look narrowing', () => {
  const RULE = 'trust-broad-principal';
  const ext = { 'sts:ExternalId': 'IDSentinel-Lab-2026' };

  it('a wildcard-only or negated condition does not narrow "*" or a whole account', () => {
    const wildcardOnly = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: ext, StringLike: { 'aws:PrincipalArn': '*' } },
      },
    ]);
    assert.equal(findingsOf(RULE, wildcardOnly)[0]?.severity, 'warning');
    const negated = policy([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: ext, StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } },
      },
    ]);
    assert.equal(findingsOf(RULE, negated)[0]?.severity, 'error');
    const ifExists = policy([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: ext, StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ]);
    assert.equal(findingsOf(RULE, ifExists)[0]?.severity, 'error');
  });

  it('a positive comparison against a real value narrows', () => {
    const org = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { ...ext, 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ]);
    assert.deepEqual(findingsOf(RULE, org), []);
  });
});

describe('duplicate keys: the last value counts, as JSON readers keep it', () => {
  it('judges the Action and Effect AWS would read', () => {
    const action = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Action":"iam:*"}]}';
    assert.equal(findingsOf('allow-iam-write', action).length, 1);
    assert.equal(findingsOf('duplicate-element', action).length, 1);
    const effect = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*","Effect":"Allow"}]}';
    assert.equal(findingsOf('allow-iam-write', effect).length, 1);
  });
});

describe('ExternalId enforced by a Deny for every other value', () => {
  const allow = { Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' };
  const guard = (operator: string, value: string, principal: unknown = '*') => ({
    Effect: 'Deny',
    Principal: principal,
    Action: 'sts:AssumeRole',
    Condition: { [operator]: { 'sts:ExternalId': value } },
  });

  it('a sound guard satisfies trust-missing-external-id and trust-weak-external-id', () => {
    const text = policy([allow, guard('StringNotEquals', 'IDSentinel-Lab-2026')]);
    assert.deepEqual(findingsOf('trust-missing-external-id', text), []);
    assert.deepEqual(findingsOf('trust-weak-external-id', text), []);
    const named = policy([allow, guard('StringNotEquals', 'IDSentinel-Lab-2026', { AWS: USER })]);
    assert.deepEqual(findingsOf('trust-missing-external-id', named), []);
  });

  it('a guard that does not cover the principal, uses IfExists or has other conditions does not count', () => {
    assert.equal(
      findingsOf(
        'trust-missing-external-id',
        policy([allow, guard('StringNotEquals', 'IDSentinel-Lab-2026', { AWS: 'arn:aws:iam::111122223333:user/other' })]),
      ).length,
      1,
    );
    assert.equal(
      findingsOf('trust-missing-external-id', policy([allow, guard('StringNotEqualsIfExists', 'IDSentinel-Lab-2026')])).length,
      1,
    );
    const narrowed = {
      ...guard('StringNotEquals', 'IDSentinel-Lab-2026'),
      Condition: { StringNotEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    };
    assert.equal(findingsOf('trust-missing-external-id', policy([allow, narrowed])).length, 1);
  });

  it('a guard accepting a guessable or wildcard value is weak, and offers no inverting fix', () => {
    const text = policy([allow, guard('StringNotLike', 'IDSentinel-*')]);
    assert.deepEqual(findingsOf('trust-missing-external-id', text), []);
    const [weak] = findingsOf('trust-weak-external-id', text);
    assert.match(weak.message, /wildcard/);
    assert.equal(weak.data?.guard, true);
  });

  it('ForAnyValue holds like the plain operator; Null "true" is described as requiring absence', () => {
    assert.deepEqual(findingsOf('trust-weak-external-id', trust(externalId('ForAnyValue:StringEquals', 'IDSentinel-Lab-2026'))), []);
    const [nullTrue] = findingsOf('trust-weak-external-id', trust(externalId('Null', 'true')));
    assert.match(nullTrue.message, /requires that NO ExternalId is sent/);
  });
});

describe('rule trust-broad-principal: OIDC providers', () => {
  const RULE = 'trust-broad-principal';
  const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
  const web = (condition?: Record<string, unknown>, federated = github) =>
    policy([
      {
        Effect: 'Allow',
        Principal: { Federated: federated },
        Action: 'sts:AssumeRoleWithWebIdentity',
        ...(condition ? { Condition: condition } : {}),
      },
    ]);

  it('a multi-tenant provider without claim conditions is an error', () => {
    const [finding] = findingsOf(RULE, web());
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /token\.actions\.githubusercontent\.com:sub/);
    assert.equal(findingsOf(RULE, web({ StringLike: { 'token.actions.githubusercontent.com:sub': '*' } }))[0]?.severity, 'error');
  });

  it('a cluster-specific provider without claims is a warning', () => {
    const eks = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC';
    assert.equal(findingsOf(RULE, web(undefined, eks))[0]?.severity, 'warning');
  });

  it('is silent when a claim is pinned, and on SAML providers', () => {
    assert.deepEqual(
      findingsOf(RULE, web({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/app:ref:refs/heads/main' } })),
      [],
    );
    assert.deepEqual(findingsOf(RULE, web(undefined, 'arn:aws:iam::111122223333:saml-provider/okta')), []);
  });
});

describe('the quick fix placeholder', () => {
  it('is reported as weak until replaced, so it cannot ship by accident', () => {
    const text = trust(externalId('StringEquals', 'external-id-agreed-with-the-third-party'));
    const [finding] = findingsOf('trust-weak-external-id', text);
    assert.match(finding.message, /placeholder/);
  });
});
