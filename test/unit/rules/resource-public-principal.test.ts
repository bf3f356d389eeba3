import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';
import { POLICIES_DIR } from '../../support/scenarioPaths';

const RULE = 'resource-public-principal';
const BUCKET = 'arn:aws:s3:::example-reports';
const OBJECTS = `${BUCKET}/*`;

/** One Allow statement of a bucket policy, public unless `extra` changes it. */
const bucket = (extra: Record<string, unknown> = {}) =>
  policy([{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, ...extra }]);
const withCondition = (condition: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  bucket({ Condition: condition, ...extra });
const found = (text: string) => findingsOf(RULE, text);

describe('rule resource-public-principal', () => {
  it('reports the empty-handed example of the brief: a public bucket', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
    assert.equal(analyze(text).kind, 'resource');
    assert.equal(found(text).length, 1);
  });

  describe('who counts as public', () => {
    for (const [label, principal, who] of [
      ['"*"', '*', /anyone, including anonymous callers/i],
      ['{"AWS": "*"}', { AWS: '*' }, /anyone, including anonymous callers/i],
      ['"*" inside an AWS list', { AWS: ['arn:aws:iam::111122223333:root', '*'] }, /anyone/i],
      ['{"CanonicalUser": "*"}', { CanonicalUser: '*' }, /anyone/i],
      ['a wildcard account root', { AWS: 'arn:aws:iam::*:root' }, /any AWS account/i],
      ['a role in a wildcard account', { AWS: 'arn:aws:iam::*:role/x' }, /any AWS account/i],
      ['a partly wildcard account', { AWS: ['arn:aws:iam::1111*:root'] }, /any AWS account/i],
      ['a wildcard bare account id', { AWS: '1111????3333' }, /any AWS account/i],
    ] as const) {
      it(`fires on ${label}, on the Principal value`, () => {
        const text = bucket({ Principal: principal });
        const [finding, ...rest] = found(text);
        assert.ok(finding, text);
        assert.deepEqual(rest, []);
        assert.match(finding.message, who);
        assert.equal(textAt(text, finding), JSON.stringify(principal, null, 2).replace(/\n/g, '\n      '));
      });
    }

    it('fires on Allow with NotPrincipal, on the NotPrincipal value', () => {
      const text = policy([
        {
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/Intruder' },
          Action: 'sns:Publish',
          Resource: 'arn:aws:sns:us-east-1:111122223333:alerts',
        },
      ]);
      const [finding] = found(text);
      assert.match(finding.message, /Everyone except the principals NotPrincipal lists/);
      assert.match(finding.message, /instead of an Allow with NotPrincipal/);
      assert.match(textAt(text, finding), /Intruder/);
      assert.equal(finding.severity, 'error');
    });

    it('is silent on service principals, named accounts, users and roles', () => {
      assert.deepEqual(found(bucket({ Principal: { Service: 'cloudtrail.amazonaws.com' } })), []);
      assert.deepEqual(found(bucket({ Principal: { Service: ['logging.s3.amazonaws.com', 'delivery.logs.amazonaws.com'] } })), []);
      assert.deepEqual(found(bucket({ Principal: { AWS: '111122223333' } })), []);
      assert.deepEqual(
        found(bucket({ Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/reader'] } })),
        [],
      );
      assert.deepEqual(found(bucket({ Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/reader/alice' } })), []);
      assert.deepEqual(
        found(bucket({ Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } })),
        [],
      );
      // A wildcard in the name, not the account: still one account's principals (and malformed-arn's business).
      assert.deepEqual(found(bucket({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } })), []);
    });

    it('is silent on Deny statements, including the usual TLS guard', () => {
      assert.deepEqual(found(bucket({ Effect: 'Deny' })), []);
      const guard = policy([
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: OBJECTS },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [BUCKET, OBJECTS],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: OBJECTS },
      ]);
      assert.deepEqual(found(guard), []);
    });

    it('leaves trust and identity policies alone', () => {
      const trust = policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]);
      assert.equal(analyze(trust).kind, 'trust');
      assert.deepEqual(found(trust), []);
      const identity = policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
      assert.equal(analyze(identity).kind, 'identity');
      assert.deepEqual(found(identity), []);
    });
  });

  describe('conditions that pin callers down', () => {
    for (const [key, value] of [
      ['aws:PrincipalOrgID', 'o-a1b2c3d4e5'],
      ['aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'],
      ['aws:PrincipalAccount', '111122223333'],
      ['aws:PrincipalArn', 'arn:aws:iam::111122223333:role/reader'],
      ['aws:SourceArn', 'arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE'],
      ['aws:SourceAccount', '111122223333'],
      ['aws:SourceOwner', '111122223333'],
      ['aws:SourceVpc', 'vpc-1a2b3c4d'],
      ['aws:SourceVpce', 'vpce-0a1b2c3d4e5f67890'],
      ['aws:SourceOrgID', 'o-a1b2c3d4e5'],
      ['aws:SourceOrgPaths', 'o-a1b2c3d4e5/r-ab12/*'],
      ['aws:userid', 'AROAEXAMPLEROLEID:*'],
      ['aws:userid', 'AIDAEXAMPLEUSERID'],
      ['s3:DataAccessPointAccount', '111122223333'],
      ['kms:CallerAccount', '111122223333'],
    ] as const) {
      it(`${key} with the fixed value ${value} silences it`, () => {
        assert.deepEqual(found(withCondition({ StringEquals: { [key]: value } }, { Action: 's3:*' })), []);
      });
    }

    it('matches condition keys and operators case-insensitively', () => {
      assert.deepEqual(found(withCondition({ StringEquals: { 'AWS:PRINCIPALORGID': 'o-a1b2c3d4e5' } })), []);
      assert.deepEqual(found(withCondition({ stringequals: { 'aws:sourcevpce': 'vpce-0a1b2c3d4e5f67890' } })), []);
      assert.deepEqual(found(withCondition({ ArnLike: { 'Aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/*' } })), []);
    });

    for (const [label, condition] of [
      ['IfExists', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['a negated operator', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }],
      ['ForAllValues', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } }],
      ['a wildcard-only value', { StringLike: { 'aws:SourceArn': '*' } }],
      ['an aws:userid wildcard before the id', { StringLike: { 'aws:userid': '*:alice@example.com' } }],
      ['an aws:userid of only separators and wildcards', { StringLike: { 'aws:userid': '*:*' } }],
      ['an empty value list', { StringEquals: { 'aws:SourceVpce': [] } }],
      ['a key that names no caller', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }],
      ['sts:ExternalId', { StringEquals: { 'sts:ExternalId': 'c7a1f0e2-5b9d-4e63-8f21-3d6a9b0c4e17' } }],
      ['kms:ViaService alone', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }],
      ['a transport guard', { Bool: { 'aws:SecureTransport': 'true' } }],
    ] as const) {
      it(`${label} narrows nothing`, () => {
        assert.equal(found(withCondition(condition)).length, 1, JSON.stringify(condition));
      });
    }

    it('aws:SourceIp narrows with IpAddress on ranges no wider than /8 (IPv4) and /32 (IPv6)', () => {
      assert.deepEqual(found(withCondition({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })), []);
      assert.deepEqual(found(withCondition({ IpAddress: { 'aws:SourceIp': ['203.0.113.7', '2001:db8::/48'] } })), []);
      assert.deepEqual(found(withCondition({ IpAddress: { 'AWS:SOURCEIP': '10.0.0.0/8' } })), []);
      for (const condition of [
        { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
        { IpAddress: { 'aws:SourceIp': '::/0' } },
        { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } },
        { IpAddress: { 'aws:SourceIp': '2000::/3' } },
        { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '0.0.0.0/0'] } },
        { IpAddress: { 'aws:SourceIp': 'not-an-address' } },
        { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        { IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } },
        { StringEquals: { 'aws:SourceIp': '203.0.113.0/24' } },
      ]) {
        assert.equal(found(withCondition(condition)).length, 1, JSON.stringify(condition));
      }
    });

    it('one narrowing key among others is enough (condition keys are ANDed)', () => {
      const condition = {
        Bool: { 'aws:SecureTransport': 'true' },
        StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' },
        StringEquals: { 'aws:SourceVpce': 'vpce-1' },
      };
      assert.deepEqual(found(withCondition(condition)), []);
    });

    it('narrows Allow with NotPrincipal and wildcard accounts too', () => {
      const org = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
      assert.deepEqual(
        found(
          policy([
            {
              Effect: 'Allow',
              NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' },
              Action: 's3:GetObject',
              Resource: OBJECTS,
              Condition: org,
            },
          ]),
        ),
        [],
      );
      assert.deepEqual(found(withCondition(org, { Principal: { AWS: 'arn:aws:iam::*:root' } })), []);
    });
  });

  describe('severity by what the public gets', () => {
    it('only Read and List actions: a warning that says to suppress it if intended', () => {
      for (const action of ['s3:GetObject', ['s3:GetObject', 's3:ListBucket'], 's3:Get*', 'S3:getobject']) {
        const [finding] = found(bucket({ Action: action }));
        assert.equal(finding?.severity, 'warning', JSON.stringify(action));
        assert.match(finding.message, /suppress this finding with a reason/);
      }
      const [wildcard] = found(bucket({ Action: 's3:Get*' }));
      assert.match(wildcard.message, /through "s3:Get\*"/);
    });

    it('any Write, Permissions management or Tagging action: an error naming them', () => {
      const write = found(bucket({ Action: ['s3:GetObject', 's3:PutObject'] }))[0];
      assert.equal(write.severity, 'error');
      assert.match(write.message, /1 action beyond Read and List: s3:PutObject\./);
      assert.equal(found(bucket({ Action: 's3:PutBucketPolicy' }))[0].severity, 'error');
      assert.equal(found(bucket({ Action: 's3:PutObjectTagging' }))[0].severity, 'error');
      assert.equal(found(bucket({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }))[0].severity, 'error');
      const star = found(bucket({ Action: '*' }))[0];
      assert.equal(star.severity, 'error');
      assert.match(star.message, /actions beyond Read and List through "\*": .* more\./);
    });

    it('NotAction reaches everything it does not list', () => {
      const [finding] = found(bucket({ Action: undefined, NotAction: 's3:Delete*' }));
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /through NotAction/);
    });

    it('actions the catalog does not know, or no Action at all: a warning', () => {
      const [typo] = found(bucket({ Action: 's3:GetObjct' }));
      assert.equal(typo.severity, 'warning');
      assert.match(typo.message, /"s3:GetObjct", which matches no action in the IAM action catalog/);
      const [none] = found(bucket({ Action: undefined }));
      assert.equal(none.severity, 'warning');
      assert.match(none.message, /does not name/);
    });

    it('reports each public statement once, and leaves the others', () => {
      const text = policy([
        { Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
        {
          Sid: 'Team',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/team' },
          Action: 's3:PutObject',
          Resource: OBJECTS,
        },
        { Sid: 'Write', Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::*:root'] }, Action: 's3:PutObject', Resource: OBJECTS },
      ]);
      assert.deepEqual(
        found(text).map((f) => [f.severity, f.data?.statement]),
        [
          ['warning', 0],
          ['error', 2],
        ],
      );
    });

    it('holds back on a statement a parse error cuts off', () => {
      const text =
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {';
      assert.equal(analyze(text).kind, 'resource');
      assert.deepEqual(found(text), []);
    });
  });

  describe('sample policies', () => {
    it('finds nothing in policies/', () => {
      const files = readdirSync(POLICIES_DIR).filter((f) => f.endsWith('.json'));
      assert.ok(files.length > 0);
      for (const file of files) assert.deepEqual(found(readFileSync(join(POLICIES_DIR, file), 'utf8')), [], file);
    });
  });
});
