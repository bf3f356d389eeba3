import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { parsePolicy } from '../../../server/src/engine/parse';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'allow-iam-write';
const allow = (action: unknown, extra: Record<string, unknown> = {}) =>
  policy([{ Effect: 'Allow', Action: action, Resource: '*', ...extra }]);

describe('rule allow-iam-write', () => {
  const writes = sharedCatalog().names(sharedCatalog().iamWrite);

  it('fires on an exact write action, ranged on the Action value', () => {
    const text = allow('iam:CreateUser');
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"iam:CreateUser"');
    assert.deepEqual(finding.actions, ['iam:CreateUser']);
  });

  it('in an Action list, points at the items that grant IAM writes, not the whole list', () => {
    const one = allow(['s3:GetObject', 'iam:CreateUser', 'ec2:DescribeInstances']);
    assert.equal(textAt(one, findingsOf(RULE, one)[0]), '"iam:CreateUser"');
    const two = allow(['iam:AttachUserPolicy', 's3:GetObject', 'iam:Get*', 'iam:*Group', 'sqs:SendMessage']);
    const [finding] = findingsOf(RULE, two);
    const flagged = textAt(two, finding);
    assert.ok(flagged.startsWith('"iam:AttachUserPolicy"') && flagged.endsWith('"iam:*Group"'), flagged);
    assert.ok(!flagged.includes('sqs:SendMessage'));
    // NotAction grants by what it leaves out: its whole value is the place.
    const not = policy([{ Effect: 'Allow', NotAction: ['s3:*'], Resource: '*' }]);
    assert.equal(textAt(not, findingsOf(RULE, not)[0]), '[\n        "s3:*"\n      ]');
  });

  it('lists every write reached by iam:*, *, and a wildcard, sorted and canonical', () => {
    assert.deepEqual(findingsOf(RULE, allow('iam:*'))[0].actions, writes);
    assert.deepEqual(findingsOf(RULE, allow('*'))[0].actions, writes);
    const created = findingsOf(RULE, allow(['s3:GetObject', 'IAM:create*']))[0].actions!;
    assert.ok(created.length > 5);
    assert.ok(created.every((a) => a.startsWith('iam:Create')));
    assert.deepEqual(created, [...created].sort());
  });

  it('treats ? as one character and matching as case-insensitive', () => {
    assert.deepEqual(findingsOf(RULE, allow('iam:?reateUser'))[0].actions, ['iam:CreateUser']);
    assert.deepEqual(findingsOf(RULE, allow('IAM:DELETEUSER'))[0].actions, ['iam:DeleteUser']);
  });

  it('fires on an Allow with NotAction: it grants everything not listed', () => {
    const text = policy([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]);
    assert.deepEqual(findingsOf(RULE, text), []);
    const leaky = policy([{ Effect: 'Allow', NotAction: ['iam:CreateUser'], Resource: '*' }]);
    const [finding] = findingsOf(RULE, leaky);
    assert.equal(finding.actions!.length, writes.length - 1);
    assert.ok(!finding.actions!.includes('iam:CreateUser'));
    assert.match(finding.message, /NotAction/);
  });

  it('is not silenced by a Condition or a narrow Resource, and says the grant is conditional', () => {
    const text = allow('iam:PassRole', {
      Resource: 'arn:aws:iam::111122223333:role/app',
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
    const [finding] = findingsOf(RULE, text);
    assert.deepEqual(finding.actions, ['iam:PassRole']);
    assert.match(finding.message, /conditional/);
    assert.match(finding.message, /listed resources/);
  });

  it('stays silent on IAM reads, other services, Deny statements and non-identity policies', () => {
    assert.deepEqual(findingsOf(RULE, allow(['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport', 's3:*'])), []);
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])), []);
    const trust = policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/u' }, Action: '*' }]);
    assert.deepEqual(findingsOf(RULE, trust), []);
    const bucket = policy([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/r' }, Action: '*', Resource: 'arn:aws:s3:::b/*' },
    ]);
    assert.deepEqual(findingsOf(RULE, bucket), []);
  });

  it('gives one finding per statement', () => {
    const text = policy([
      { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:DeleteUser', 'iam:Tag*'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
    ]);
    const found = findingsOf(RULE, text);
    assert.equal(found.length, 2);
    assert.ok(found[0].actions!.includes('iam:TagUser'));
    assert.deepEqual(found[1].actions, ['iam:PutRolePolicy']);
  });

  describe('on the resources the writes act on', () => {
    it('is silent where the Resource names no resource an IAM write acts on: `*` on a bucket grants none', () => {
      const bucket = policy([{ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }]);
      assert.deepEqual(findingsOf(RULE, bucket), []);
      const passToBucket = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:s3:::b/*' }]);
      assert.deepEqual(findingsOf(RULE, passToBucket), []);
    });

    it('on role ARNs, names the writes that act on roles, not those on users or groups', () => {
      const roles = policy([{ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/app-*' }]);
      const [finding] = findingsOf(RULE, roles);
      const actions = finding.actions!;
      for (const name of ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy'])
        assert.ok(actions.includes(name), name);
      for (const name of ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:AddUserToGroup', 'iam:CreatePolicyVersion'])
        assert.ok(!actions.includes(name), name);
      assert.ok(actions.length < writes.length, `${actions.length}`);
      // A bucket next to the roles adds no write.
      const mixed = policy([{ Effect: 'Allow', Action: 'iam:*', Resource: ['arn:aws:s3:::b/*', 'arn:aws:iam::111122223333:role/app-*'] }]);
      assert.deepEqual(findingsOf(RULE, mixed)[0].actions, actions);
      assert.match(finding.message, new RegExp(`^Allows ${actions.length} IAM write actions on the listed resources through "iam:\\*"`));
    });

    it('counts every write where the Resource is `*`, a policy variable, NotResource, or known only at deploy time', () => {
      for (const statement of [
        { Effect: 'Allow', Action: 'iam:*', Resource: ['arn:aws:s3:::b/*', '*'] },
        { Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:s3:::b/*' },
      ]) {
        assert.equal(findingsOf(RULE, policy([statement]))[0]?.actions?.length, writes.length, JSON.stringify(statement));
      }
      const template = JSON.stringify({
        Resources: {
          P: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: {
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: { Ref: 'Target' } }] },
            },
          },
        },
      });
      const [embedded] = analyzeFile(template, 'stack.template.json', {}).policies;
      assert.equal(embedded.findings.find((f) => f.rule === RULE)?.actions?.length, writes.length);
      // A deploy-time value of a known shape is read with its parts as wildcards: still a bucket.
      const bucketOfStack = template.replace('{"Ref":"Target"}', '{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Bucket}/*"}');
      assert.notEqual(bucketOfStack, template);
      const [onBucket] = analyzeFile(bucketOfStack, 'stack.template.json', {}).policies;
      assert.deepEqual(
        onBucket.findings.filter((f) => f.rule === RULE),
        [],
      );
      // A user named by a variable is still a user: the writes on users, and none on roles.
      const own = findingsOf(RULE, policy([{ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::*:user/${aws:username}' }]))[0];
      assert.ok(own.actions!.includes('iam:CreateAccessKey') && !own.actions!.includes('iam:CreateRole'));
    });
  });
});

describe("rule allow-iam-write next to the policy's own Deny", () => {
  it('is only information when an unconditional Deny in the same policy overrides every granted write', () => {
    const text = policy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'info');
    assert.equal(finding.actions!.length, 113);
    assert.match(finding.message, /own unconditional Deny overrides every one/);
  });

  it('stays an error when the Deny is conditional or leaves some writes out, and says how many', () => {
    const conditional = policy([
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ]);
    assert.equal(findingsOf(RULE, conditional)[0].severity, 'error');
    const partial = policy([
      { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:DeleteUser'], Resource: '*' },
      { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' },
    ]);
    const [finding] = findingsOf(RULE, partial);
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.actions, ['iam:CreateUser', 'iam:DeleteUser']);
    assert.match(finding.message, /1 of them is denied by this policy's own Deny; 1 is not/);
  });
});

describe('rule allow-iam-write next to a Deny in another policy of the principal', () => {
  const guard = {
    name: 'dev',
    others: [{ source: 'guard.json', document: parsePolicy(policy([{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }])) }],
  };

  it('is information while the principal cannot take that policy off', () => {
    const [finding] = findingsOf(RULE, allow('iam:CreateUser'), { principals: [guard] });
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /unconditional Deny of guard\.json \(same principal\) overrides every one of them/);
  });

  it('stays an error, and says why, when a policy of the principal can detach or delete one (pathfinding.cloud iam-025, iam-026)', () => {
    const text = policy([
      { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:DeleteUserPolicy', Resource: 'arn:aws:iam::123456789012:user/*' },
    ]);
    const create = findingsOf(RULE, text, { principals: [guard] }).find((f) => f.actions?.includes('iam:CreateUser'));
    assert.equal(create?.severity, 'error');
    assert.match(
      create!.message,
      /The Deny of guard\.json \(same principal\) does not count: a policy of this principal can take it off first \(iam:DeleteUserPolicy\)\./,
    );
  });
});
