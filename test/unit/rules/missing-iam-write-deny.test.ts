import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { findingsOf, policy, textAt } from '../../support/policyText';
import { parsePolicy } from '../../../server/src/engine/parse';

const RULE = 'missing-iam-write-deny';
const readIam = { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' };

describe('rule missing-iam-write-deny', () => {
  const catalog = sharedCatalog();
  const writes = catalog.names(catalog.iamWrite);

  it('fires when a policy grants IAM actions and nothing denies the writes', () => {
    const text = policy([readIam]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.actions, writes);
    assert.equal(textAt(text, finding), '"Statement"');
  });

  it('counts grants by wildcard, * and NotAction', () => {
    for (const statement of [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:Get*', Resource: '*' },
      { Effect: 'Allow', NotAction: 's3:*', Resource: '*' },
    ]) {
      assert.equal(findingsOf(RULE, policy([statement])).length, 1, JSON.stringify(statement));
    }
  });

  it('is silent when an unconditional Deny covers every IAM write', () => {
    const byName = { Effect: 'Deny', Action: writes, Resource: '*' };
    assert.deepEqual(findingsOf(RULE, policy([readIam, byName])), []);
    const byNotAction = { Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*', 'iam:Generate*', 'iam:Simulate*'], Resource: '*' };
    const readOnlyOnes = catalog.names(catalog.levelSet('iam', ['Read', 'List']));
    const covered = readOnlyOnes.every((a) => ['iam:Get', 'iam:List', 'iam:Generate', 'iam:Simulate'].some((p) => a.startsWith(p)));
    assert.ok(covered, 'every IAM read starts with Get, List, Generate or Simulate in this catalog');
    assert.deepEqual(findingsOf(RULE, policy([readIam, byNotAction])), []);
    assert.deepEqual(findingsOf(RULE, policy([readIam, { Effect: 'Deny', Action: 'iam:*', Resource: ['*'] }])), []);
  });

  it('sums several Deny statements', () => {
    const half = Math.floor(writes.length / 2);
    const text = policy([
      readIam,
      { Effect: 'Deny', Action: writes.slice(0, half), Resource: '*' },
      { Effect: 'Deny', Action: writes.slice(half), Resource: '*' },
    ]);
    assert.deepEqual(findingsOf(RULE, text), []);
  });

  it('does not count a conditional Deny, a NotResource Deny or a resource-scoped Deny, and says why each does not', () => {
    for (const [deny, why] of [
      [
        { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
        'Statement 2 denies IAM writes only when its Condition holds',
      ],
      [
        { Effect: 'Deny', Action: 'iam:*', NotResource: 'arn:aws:iam::111122223333:role/break-glass' },
        'Statement 2 denies IAM writes on every resource but those its NotResource lists',
      ],
      [
        { Sid: 'Users', Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::*:user/*' },
        'Statement "Users" denies IAM writes only on arn:aws:iam::*:user/*',
      ],
    ] as const) {
      const [finding] = findingsOf(RULE, policy([readIam, deny]));
      assert.ok(finding, JSON.stringify(deny));
      assert.deepEqual(finding.actions, writes);
      assert.ok(
        finding.message.includes(`${why}: a Deny counts here only with "Resource": "*", no NotResource and no Condition.`),
        finding.message,
      );
    }
    // A Deny of reads only is not named: it was never meant to cover the writes.
    const reads = findingsOf(RULE, policy([readIam, { Effect: 'Deny', Action: 'iam:Get*', Resource: 'arn:aws:iam::*:user/*' }]))[0];
    assert.doesNotMatch(reads.message, /a Deny counts here only/);
  });

  it('an empty Condition object, or operators testing no key, is unconditional; a key without values is not', () => {
    assert.deepEqual(findingsOf(RULE, policy([readIam, { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: {} }])), []);
    const noKey = { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { StringEquals: {}, Bool: {} } };
    assert.deepEqual(findingsOf(RULE, policy([readIam, noKey])), []);
    const noValues = { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': [] } } };
    assert.equal(findingsOf(RULE, policy([readIam, noValues])).length, 1);
  });

  it('lists exactly the writes a partial Deny leaves uncovered', () => {
    const text = policy([
      readIam,
      {
        Effect: 'Deny',
        Action: writes.filter((w) => w !== 'iam:AcceptDelegationRequest' && w !== 'iam:SendDelegationToken'),
        Resource: '*',
      },
    ]);
    const [finding] = findingsOf(RULE, text);
    assert.deepEqual(finding.actions, ['iam:AcceptDelegationRequest', 'iam:SendDelegationToken']);
    assert.match(finding.message, /leave 2 IAM write actions uncovered/);
  });

  it('is silent when the policy grants no IAM action, and never fires on trust or resource policies', () => {
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])), []);
    const trust = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:user/u' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' } },
      },
    ]);
    assert.deepEqual(findingsOf(RULE, trust), []);
    const bucket = policy([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/r' }, Action: '*', Resource: 'arn:aws:s3:::b/*' },
    ]);
    assert.deepEqual(findingsOf(RULE, bucket), []);
    // An identity policy's `*` on a bucket grants no IAM action: no IAM action acts on a bucket.
    const onBucket = policy([{ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }]);
    assert.deepEqual(findingsOf(RULE, onBucket), []);
    assert.equal(findingsOf(RULE, policy([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:iam::*:user/${aws:username}' }])).length, 1);
  });

  describe('with the other policies of its principal (.iamlp.json principals)', () => {
    const denyAll = { Effect: 'Deny', Action: 'iam:*', Resource: '*' };
    const scope = (name: string, statements: unknown[]) => ({
      name,
      others: [{ source: `${name}-cap.json`, document: parsePolicy(policy(statements)) }],
    });

    it('stays silent when another policy of the principal denies every IAM write', () => {
      assert.deepEqual(findingsOf(RULE, policy([readIam]), { principals: [scope('reporter', [denyAll])] }), []);
    });

    it('fires when the Deny is attached to one of the principals the policy belongs to, not to the other', () => {
      const principals = [scope('reporter', [denyAll]), scope('other', [readIam])];
      assert.equal(findingsOf(RULE, policy([readIam]), { principals }).length, 1);
    });

    it('says so when another policy of the principal denies some writes but the principal can take it off', () => {
      const detach = { Effect: 'Allow', Action: 'iam:DetachRolePolicy', Resource: '*' };
      const principals = [scope('reporter', [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }])];
      const [finding] = findingsOf(RULE, policy([readIam, detach]), { principals });
      assert.match(
        finding.message,
        /The Deny of reporter-cap\.json \(same principal\) does not count: a policy of this principal can take it off first \(iam:DetachRolePolicy\)\./,
      );
      assert.ok(finding.actions!.includes('iam:CreateUser'), 'its Deny does not count');
    });
  });
});
