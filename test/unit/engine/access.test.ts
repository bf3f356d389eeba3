import * as assert from 'node:assert/strict';
import { Catalog, sharedCatalog } from '../../../server/src/catalog/catalog';
import { policyAccess } from '../../../server/src/engine/access';
import { AccessDelta, compareAccess } from '../../../server/src/engine/accessCompare';
import { classifyDocument } from '../../../server/src/engine/kind';
import { parsePolicy } from '../../../server/src/engine/parse';
import { policy } from '../../support/policyText';

const catalog = sharedCatalog();

function accessOf(statements: unknown[]) {
  const document = parsePolicy(policy(statements));
  return policyAccess(catalog, document, classifyDocument(catalog, document));
}

interface Delta {
  added: string[];
  removed: string[];
  broadened: string[];
  principalsAdded: string[];
  principalsRemoved: string[];
  why: string[];
  raw: AccessDelta;
}

function diff(base: unknown[], head: unknown[]): Delta {
  const raw = compareAccess(catalog, accessOf(base), accessOf(head));
  return {
    added: catalog.names(raw.added),
    removed: catalog.names(raw.removed),
    broadened: catalog.names(raw.broadened),
    principalsAdded: raw.principalsAdded.map((p) => p.value),
    principalsRemoved: raw.principalsRemoved.map((p) => p.value),
    why: raw.reasons.map((r) => r.why),
    raw,
  };
}

function assertNoNewAccess(d: Delta): void {
  assert.deepEqual(
    { added: d.added, broadened: d.broadened, principals: d.principalsAdded },
    { added: [], broadened: [], principals: [] },
    d.why.join('\n'),
  );
}

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
const BUCKET = 'arn:aws:s3:::reports';
const OBJECTS = 'arn:aws:s3:::reports/*';

describe('access diff: actions', () => {
  it('reports actions a wildcard adds, and the ones it removes', () => {
    const d = diff([allow('s3:GetObject')], [allow(['s3:Get*'])]);
    assert.ok(d.added.includes('s3:GetObjectAcl'));
    assert.ok(!d.added.includes('s3:GetObject'));
    assert.deepEqual(d.removed, []);
    const back = diff([allow(['s3:Get*'])], [allow('s3:GetObject')]);
    assert.deepEqual(back.added, []);
    assert.ok(back.removed.includes('s3:GetObjectAcl'));
  });

  it('expands NotAction against the catalog', () => {
    const d = diff([allow('s3:*')], [allow(undefined, '*', { NotAction: 'iam:*' })]);
    assert.ok(d.added.includes('ec2:RunInstances'));
    assert.ok(!d.added.some((a) => a.startsWith('iam:')));
    assert.ok(!d.added.some((a) => a.startsWith('s3:')));
  });

  it('counts an unconditional Deny removed as the actions it denied coming back', () => {
    const base = [allow('iam:*'), deny('iam:CreateUser')];
    const d = diff(base, [allow('iam:*')]);
    assert.deepEqual(d.added, ['iam:CreateUser']);
    const kept = diff(base, [allow('iam:*'), deny(['iam:CreateUser', 'iam:DeleteUser'])]);
    assert.deepEqual(kept.added, []);
    assert.deepEqual(kept.removed, ['iam:DeleteUser']);
  });

  it('counts an action the catalog does not know as new, unless BASE allows it by name or wildcard', () => {
    const d = diff([allow('s3:GetObject')], [allow(['s3:GetObject', 's3:GetObjectFromTheFuture'])]);
    assert.deepEqual(d.raw.unknownAdded, ['s3:GetObjectFromTheFuture']);
    assert.match(d.why[0], /"s3:GetObjectFromTheFuture" is no action the catalog knows/);
    assert.deepEqual(diff([allow('s3:Get*')], [allow('s3:GetObjectFromTheFuture')]).raw.unknownAdded, []);
    assert.deepEqual(diff([allow('newservice:Read')], [allow('NewService:read')]).raw.unknownAdded, []);
    assert.deepEqual(diff([allow('newservice:Read', BUCKET)], [allow('newservice:Read')]).raw.unknownAdded, ['newservice:Read']);
  });

  it('stays silent on rewrites: reordering, re-casing, "*" against ["*"], a wildcard written out', () => {
    const gets = catalog.names(catalog.levelSet('iam', ['Read'])).filter((n) => n.startsWith('iam:Get'));
    assertNoNewAccess(diff([allow('iam:Get*'), allow('s3:ListBucket', BUCKET)], [allow('S3:listbucket', [BUCKET]), allow(gets)]));
    assertNoNewAccess(diff([allow('*')], [allow(['*'], ['*'])]));
    const d = diff([allow('s3:GetObject', [OBJECTS, BUCKET])], [allow('s3:GetObject', BUCKET), allow('s3:GetObject', OBJECTS)]);
    assertNoNewAccess(d);
    assert.deepEqual(d.removed, []);
  });
});

describe('access diff: resources', () => {
  it('reports a widened Resource as broadened, and says where', () => {
    const d = diff([allow('s3:GetObject', OBJECTS)], [allow('s3:GetObject', 'arn:aws:s3:::*')]);
    assert.deepEqual(d.added, []);
    assert.deepEqual(d.broadened, ['s3:GetObject']);
    assert.match(d.why[0], /on arn:aws:s3:::\*, where BASE allowed only arn:aws:s3:::reports\/\*/);
  });

  it('adds no IAM action on a Resource it cannot act on, as allow-iam-write reads it', () => {
    const base = [allow('s3:GetObject', 'arn:aws:s3:::b/*')];
    assertNoNewAccess(diff(base, [allow(['s3:GetObject', 'iam:PassRole'], 'arn:aws:s3:::b/*')]));
    assert.deepEqual(
      diff(base, [allow(['s3:GetObject', 'iam:PassRole'], ['arn:aws:s3:::b/*', 'arn:aws:iam::111122223333:role/app'])]).added,
      ['iam:PassRole'],
    );
  });

  it("compares each action only on the resources of its types: a role's ARN added broadens no S3 action", () => {
    const ROLE = 'arn:aws:iam::111122223333:role/app';
    const base = [allow(['s3:GetObject', 'iam:GetRole'], OBJECTS)];
    const d = diff(base, [allow(['s3:GetObject', 'iam:GetRole'], [OBJECTS, ROLE])]);
    assert.deepEqual({ added: d.added, broadened: d.broadened }, { added: ['iam:GetRole'], broadened: [] }, d.why.join('\n'));
    assert.ok(!d.why.some((why) => why.includes('s3:') || why.includes(ROLE + ', where')), d.why.join('\n'));
    // An S3 action granted only on a role's ARN grants nothing.
    assertNoNewAccess(diff([], [allow('s3:GetObject', ROLE)]));
    // "*" is read the same way: on a role's ARN, the actions that act on roles (IAM's, STS's, a few
    // of EC2's) and those of no resource type, not those that act on other things.
    const everything = diff([], [allow('*', ROLE)]).added;
    for (const action of ['iam:DeleteRole', 'sts:AssumeRole', 'ec2:AssociateEnclaveCertificateIamRole', 's3:ListAllMyBuckets'])
      assert.ok(everything.includes(action), action);
    for (const action of ['s3:GetObject', 'ec2:RunInstances', 'iam:CreateUser']) assert.ok(!everything.includes(action), action);
  });

  it("keeps an action on the ARNs of its types' services, and one of no type on any", () => {
    // sts:AssumeRole acts on roles, whose ARNs are IAM's.
    assert.deepEqual(diff([], [allow('sts:AssumeRole', 'arn:aws:iam::111122223333:role/auditor')]).added, ['sts:AssumeRole']);
    // ssmmessages:OpenDataChannel has no resource type, and AWS's own policies grant it on SSM's
    // sessions: a grant of it counts wherever it is.
    const SESSIONS = 'arn:aws:ssm:*:*:session/*';
    assert.deepEqual(diff([], [allow('ssmmessages:OpenDataChannel', SESSIONS)]).added, ['ssmmessages:OpenDataChannel']);
    const wider = diff([allow('ssmmessages:OpenDataChannel', SESSIONS)], [allow('ssmmessages:OpenDataChannel')]);
    assert.deepEqual({ added: wider.added, broadened: wider.broadened }, { added: [], broadened: ['ssmmessages:OpenDataChannel'] });
    // Within its own service an action counts on any ARN: AWS's own policies grant some on types the
    // reference does not give them (this one's type is connectors).
    assert.deepEqual(
      diff([], [allow('config:PutThirdPartyServiceLinkedConfigurationRecorder', 'arn:aws:config:*:*:configuration-recorder/*')]).added,
      ['config:PutThirdPartyServiceLinkedConfigurationRecorder'],
    );
    // A type whose ARN names no service (AWS Backup's access points: arn:${Partition}:${Vendor}:...).
    assert.deepEqual(diff([], [allow('backup:CreateBackupAccessPoint', 'arn:aws:fsx:us-east-1:111122223333:file-system/fs-1')]).added, [
      'backup:CreateBackupAccessPoint',
    ]);
  });

  it("fails closed with a catalog that gives no resource types: any ARN may name an action but IAM's", () => {
    const core = {
      format: 1,
      source: catalog.source,
      services: {
        iam: { n: 'IAM', names: 'GetRole', levels: 'R' },
        sts: { n: 'STS', names: 'AssumeRole', levels: 'W' },
      },
    };
    const bare = new Catalog(core, core.source);
    const accessOn = (statements: unknown[]) => {
      const document = parsePolicy(policy(statements));
      return policyAccess(bare, document, classifyDocument(bare, document));
    };
    const delta = compareAccess(bare, accessOn([]), accessOn([allow('sts:AssumeRole', 'arn:aws:iam::111122223333:role/auditor')]));
    assert.deepEqual(bare.names(delta.added), ['sts:AssumeRole']);
  });

  it('reports a BASE Deny dropped only for the actions that can act on what it denied', () => {
    const ROLE = 'arn:aws:iam::111122223333:role/admin';
    const base = [allow(['iam:*', 's3:*']), deny('*', ROLE)];
    const d = diff(base, [allow(['iam:*', 's3:*'])]);
    assert.deepEqual(d.added, []);
    assert.ok(d.broadened.includes('iam:DeleteRole'), d.broadened.join(', '));
    // S3's actions that act on buckets or objects, and IAM's on users, cannot act on the role.
    for (const action of ['s3:GetObject', 's3:DeleteBucket', 'iam:CreateUser']) assert.ok(!d.broadened.includes(action), action);
  });

  it('stays silent on a narrowed Resource', () => {
    assertNoNewAccess(diff([allow('s3:GetObject', 'arn:aws:s3:::*')], [allow('s3:GetObject', 'arn:aws:s3:::reports/2026/*')]));
  });

  it('reads NotResource as everything but what it lists', () => {
    const secrets = 'arn:aws:s3:::secrets/*';
    assertNoNewAccess(diff([allow('s3:GetObject', undefined, { NotResource: secrets })], [allow('s3:GetObject', OBJECTS)]));
    const onSecrets = diff(
      [allow('s3:GetObject', undefined, { NotResource: secrets })],
      [allow('s3:GetObject', 'arn:aws:s3:::secrets/key')],
    );
    assert.deepEqual(onSecrets.broadened, ['s3:GetObject']);
    const narrower = diff(
      [allow('s3:GetObject', undefined, { NotResource: secrets })],
      [allow('s3:GetObject', undefined, { NotResource: 'arn:aws:s3:::secrets/a/*' })],
    );
    assert.deepEqual(narrower.broadened, ['s3:GetObject']);
    assertNoNewAccess(
      diff(
        [allow('s3:GetObject', undefined, { NotResource: 'arn:aws:s3:::secrets/a/*' })],
        [allow('s3:GetObject', undefined, { NotResource: secrets })],
      ),
    );
  });

  it('reports a BASE Deny on one bucket that HEAD drops under an Allow of *', () => {
    const base = [allow('s3:*'), deny('s3:DeleteObject', OBJECTS)];
    const d = diff(base, [allow('s3:*')]);
    assert.deepEqual(d.added, []);
    assert.deepEqual(d.broadened, ['s3:DeleteObject']);
    assert.match(d.why[0], /BASE's Deny #2 on arn:aws:s3:::reports\/\* no longer applies/);
    assertNoNewAccess(diff(base, [deny('s3:DeleteObject', 'arn:aws:s3:::reports*'), allow('s3:*')]));
  });

  it('stays silent when statements are split or merged, Allows and Denies alike', () => {
    const other = 'arn:aws:s3:::archive/*';
    const whole = [allow(['s3:GetObject', 's3:PutObject'], [OBJECTS, other]), deny(['s3:PutObject', 's3:DeleteObject'], [OBJECTS, other])];
    const parts = [
      allow('s3:GetObject', OBJECTS),
      allow('s3:PutObject', OBJECTS),
      allow(['s3:GetObject', 's3:PutObject'], other),
      deny('s3:PutObject', [OBJECTS, other]),
      deny('s3:DeleteObject', OBJECTS),
      deny('s3:DeleteObject', other),
    ];
    assertNoNewAccess(diff(whole, parts));
    assertNoNewAccess(diff(parts, whole));
    const lessDenied = diff(whole, parts.slice(0, 5));
    assert.deepEqual(lessDenied.broadened, []);
    assert.deepEqual(diff(whole, [...parts.slice(0, 4), deny('s3:DeleteObject', OBJECTS), allow('s3:DeleteObject', other)]).added, [
      's3:DeleteObject',
    ]);
  });

  it('treats policy variables as unknowns', () => {
    const mine = 'arn:aws:s3:::home/${aws:username}/*';
    assertNoNewAccess(diff([allow('s3:GetObject', mine)], [allow('s3:GetObject', mine)]));
    assertNoNewAccess(diff([allow('s3:GetObject', 'arn:aws:s3:::home/*')], [allow('s3:GetObject', mine)]));
    const d = diff([allow('s3:GetObject', mine)], [allow('s3:GetObject', 'arn:aws:s3:::home/alice/*')]);
    assert.deepEqual(d.broadened, ['s3:GetObject']);
  });
});

describe('access diff: reference policies (Allow * and Denies)', () => {
  const reference = [
    allow('*'),
    deny(['iam:Create*', 'iam:Delete*', 'iam:Put*', 'iam:Attach*', 'iam:PassRole']),
    deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  ];

  it('stays silent on a candidate that grants nothing the reference denies', () => {
    assertNoNewAccess(
      diff(reference, [allow(['s3:GetObject', 'iam:GetRole'], OBJECTS, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]),
    );
  });

  it('reports what a candidate grants beyond the reference', () => {
    const d = diff(reference, [allow(['iam:PassRole', 'iam:GetRole'])]);
    assert.deepEqual(d.added, ['iam:PassRole']);
  });

  it('knows a candidate whose own condition keeps it out of a conditional Deny', () => {
    const orgOnly = [allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ['o-abc123', 'o-def456'] } } })];
    const inOrg = (condition: unknown) => [allow('s3:GetObject', OBJECTS, { Condition: condition })];
    assertNoNewAccess(diff(orgOnly, inOrg({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })));
    assert.deepEqual(diff(orgOnly, inOrg({ StringEquals: { 'aws:PrincipalOrgID': 'o-zzz999' } })).broadened, ['s3:GetObject']);
    assert.deepEqual(diff(orgOnly, inOrg({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } })).broadened, ['s3:GetObject']);
    const vpceOnly = [allow('s3:*'), deny('s3:*', '*', { Condition: { Null: { 'aws:SourceVpce': 'true' } } })];
    assertNoNewAccess(diff(vpceOnly, inOrg({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })));
    assert.deepEqual(diff(vpceOnly, inOrg({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } })).broadened, ['s3:GetObject']);
  });

  it('reports a candidate that escapes a conditional Deny of the reference', () => {
    const d = diff(reference, [allow('s3:GetObject', OBJECTS)]);
    assert.deepEqual(d.broadened, ['s3:GetObject']);
    assert.match(d.why[0], /when Bool aws:SecureTransport/);
  });
});

describe('access diff: principals', () => {
  const trust = (principal: unknown, extra: Record<string, unknown> = {}) => ({
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: principal,
    ...extra,
  });
  const reporter = 'arn:aws:iam::111122223333:user/reporter';

  it('reports a trust principal added, and one removed', () => {
    const d = diff([trust({ AWS: reporter })], [trust({ AWS: [reporter, 'arn:aws:iam::444455556666:root'] })]);
    assert.deepEqual(d.principalsAdded, ['arn:aws:iam::444455556666:root']);
    assert.deepEqual(d.broadened, ['sts:AssumeRole']);
    const back = diff([trust({ AWS: [reporter, '444455556666'] })], [trust({ AWS: reporter })]);
    assertNoNewAccess(back);
    assert.deepEqual(back.principalsRemoved, ['arn:aws:iam::444455556666:root']);
  });

  it('counts a role of an account as within the account, and a service principal as its own kind', () => {
    assertNoNewAccess(diff([trust({ AWS: '111122223333' })], [trust({ AWS: reporter })]));
    const d = diff([trust({ AWS: reporter })], [trust({ Service: 'ec2.amazonaws.com' })]);
    assert.deepEqual(d.principalsAdded, ['ec2.amazonaws.com']);
    const everyone = diff([trust({ AWS: reporter })], [trust('*')]);
    assert.deepEqual(everyone.principalsAdded, ['*']);
  });

  it('counts NotPrincipal in HEAD as everyone', () => {
    const d = diff([trust({ AWS: reporter })], [{ Effect: 'Allow', Action: 'sts:AssumeRole', NotPrincipal: { AWS: reporter } }]);
    assert.deepEqual(d.principalsAdded, ['*']);
  });
});

describe('access diff: conditions', () => {
  const reporter = 'arn:aws:iam::111122223333:user/reporter';
  const assume = (condition?: unknown) => ({
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: { AWS: reporter },
    ...(condition ? { Condition: condition } : {}),
  });
  const s3 = (condition?: unknown) => allow('s3:GetObject', OBJECTS, condition ? { Condition: condition } : {});

  it('reports a dropped condition as broadened, naming it', () => {
    const d = diff([s3({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })], [s3()]);
    assert.deepEqual(d.broadened, ['s3:GetObject']);
    assert.match(d.why[0], /without the condition StringEquals aws:PrincipalOrgID BASE required/);
  });

  it('judges string values by containment: a tag value added or a StringLike widened is loosened', () => {
    const tag = (op: string, v: unknown) => s3({ [op]: { 'aws:ResourceTag/team': v } });
    assertNoNewAccess(diff([tag('StringEquals', ['red', 'blue'])], [tag('StringEquals', 'red')]));
    assertNoNewAccess(diff([tag('StringLike', 'team-*')], [tag('StringEquals', 'team-red')]));
    assertNoNewAccess(diff([tag('StringEquals', 'red')], [tag('stringequals', ['red'])]));
    const d = diff([tag('StringEquals', 'red')], [tag('StringEquals', ['red', 'green'])]);
    assert.deepEqual(d.broadened, ['s3:GetObject']);
    assert.match(d.why[0], /with the condition StringEquals aws:ResourceTag\/team loosened/);
    assert.deepEqual(diff([tag('StringLike', 'team-*')], [tag('StringLike', 'te*')]).broadened, ['s3:GetObject']);
    assert.deepEqual(diff([tag('StringEquals', 'red')], [tag('StringEqualsIfExists', 'red')]).broadened, ['s3:GetObject']);
  });

  it('reads negated operators the other way round', () => {
    const vpce = (v: unknown) => s3({ StringNotEquals: { 'aws:SourceVpce': v } });
    assertNoNewAccess(diff([vpce('vpce-1')], [vpce(['vpce-1', 'vpce-2'])]));
    assert.deepEqual(diff([vpce(['vpce-1', 'vpce-2'])], [vpce('vpce-1')]).broadened, ['s3:GetObject']);
    assert.deepEqual(
      diff([s3({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })], [s3({ StringEquals: { 'aws:sourcevpce': 'vpce-2' } })]).broadened,
      ['s3:GetObject'],
    );
  });

  it('compares dates and numbers as intervals', () => {
    const before = (date: string) => s3({ DateLessThan: { 'aws:CurrentTime': date } });
    assertNoNewAccess(diff([before('2027-01-01T00:00:00Z')], [before('2026-06-01T00:00:00Z')]));
    assert.deepEqual(diff([before('2026-06-01T00:00:00Z')], [before('2027-01-01T00:00:00Z')]).broadened, ['s3:GetObject']);
    const age = (op: string, n: string) => s3({ [op]: { 'aws:MultiFactorAuthAge': n } });
    assertNoNewAccess(diff([age('NumericLessThanEquals', '3600')], [age('NumericLessThan', '3600')]));
    assert.deepEqual(diff([age('NumericLessThan', '3600')], [age('NumericLessThanEquals', '3600')]).broadened, ['s3:GetObject']);
  });

  it('compares Bool, IpAddress and ForAllValues/ForAnyValue by the values they admit', () => {
    assert.deepEqual(
      diff([s3({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], [s3({ Bool: { 'aws:MultiFactorAuthPresent': ['true', 'false'] } })])
        .broadened,
      ['s3:GetObject'],
    );
    assertNoNewAccess(
      diff([s3({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], [s3({ Bool: { 'aws:MultiFactorAuthPresent': true } })]),
    );
    assertNoNewAccess(diff([s3({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })], [s3({ IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } })]));
    assert.deepEqual(
      diff([s3({ IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } })], [s3({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })]).broadened,
      ['s3:GetObject'],
    );
    const tags = (q: string, v: string[]) => s3({ [`${q}:StringEquals`]: { 'aws:TagKeys': v } });
    assertNoNewAccess(diff([tags('ForAllValues', ['a', 'b'])], [tags('ForAllValues', ['a'])]));
    assert.deepEqual(diff([tags('ForAnyValue', ['a'])], [tags('ForAnyValue', ['a', 'c'])]).broadened, ['s3:GetObject']);
    assert.deepEqual(diff([tags('ForAnyValue', ['a'])], [tags('ForAllValues', ['a'])]).broadened, ['s3:GetObject']);
  });

  it('reports a weakened ExternalId condition in a trust policy', () => {
    const d = diff(
      [assume({ StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' } })],
      [assume({ StringLike: { 'sts:ExternalId': '*' } })],
    );
    assert.deepEqual(d.broadened, ['sts:AssumeRole']);
    assertNoNewAccess(
      diff(
        [assume({ StringLike: { 'sts:ExternalId': 'IDSentinel-*' } })],
        [assume({ StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' } })],
      ),
    );
  });

  it('stays silent when a condition is added or reordered', () => {
    const both = { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123', 'aws:SourceVpce': 'vpce-1' } };
    assertNoNewAccess(diff([s3({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })], [s3(both)]));
    assertNoNewAccess(diff([s3(both)], [s3({ StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:PrincipalOrgID': 'o-abc123' } })]));
  });
});

describe('access diff: large policies', () => {
  it('a trust policy of thousands of principals, one added: that one, and nothing else', () => {
    const trust = (count: number) => [
      {
        Effect: 'Allow',
        Principal: { AWS: Array.from({ length: count }, (_, i) => `arn:aws:iam::${100000000000 + i}:role/deployer-${i}`) },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': '3f8a1c2e9b7d4e6fa0c5b2d1e4f7a9c8' } },
      },
    ];
    const d = diff(trust(5000), trust(5001));
    assert.deepEqual(d.principalsAdded, ['arn:aws:iam::100000005000:role/deployer-5000']);
    assert.deepEqual(d.principalsRemoved, []);
    assert.deepEqual(d.added, []);
    assertNoNewAccess(diff(trust(5000), trust(5000)));
  });

  it('two versions of a policy of 1,000 statements: only what the changed statements add', () => {
    const statements = (changed: boolean) =>
      Array.from({ length: 1000 }, (_, i) => ({
        Sid: `S${i}`,
        Effect: i % 7 === 0 ? 'Deny' : 'Allow',
        Action: ['s3:Get*', 'dynamodb:Query', changed && i === 502 ? 'iam:PassRole' : 'iam:List*'],
        Resource: [
          `arn:aws:s3:::bucket-${i}/*`,
          `arn:aws:dynamodb:us-east-1:111122223333:table/t${i}`,
          `arn:aws:iam::111122223333:role/r${i}`,
        ],
      }));
    assertNoNewAccess(diff(statements(false), statements(false)));
    const d = diff(statements(false), statements(true));
    assert.deepEqual(d.added, ['iam:PassRole']);
    assert.deepEqual(d.broadened, []);
    // Statement 502's own resources: only they gain it.
    assert.ok(
      d.raw.reasons.every((r) => r.statement.sid?.value === 'S502'),
      d.why.join('\n'),
    );
  });

  it('prefixes decide most pairs of patterns at once, as the full comparison would', () => {
    const base = [allow('s3:GetObject', ['arn:aws:s3:::logs-*/2024/*', 'arn:aws:s3:::data/${aws:username}/*'])];
    assertNoNewAccess(diff(base, [allow('s3:GetObject', 'arn:aws:s3:::logs-eu/2024/01/a.gz')]));
    assertNoNewAccess(diff(base, [allow('s3:GetObject', 'arn:aws:s3:::data/${aws:username}/*')]));
    assert.deepEqual(diff(base, [allow('s3:GetObject', 'arn:aws:s3:::logs-eu/2025/a.gz')]).broadened, ['s3:GetObject']);
    assert.deepEqual(diff(base, [allow('s3:GetObject', 'arn:aws:s3:::log*')]).broadened, ['s3:GetObject']);
    assert.deepEqual(diff(base, [allow('s3:GetObject', 'arn:aws:s3:::data/alice/*')]).broadened, ['s3:GetObject']);
  });
});
