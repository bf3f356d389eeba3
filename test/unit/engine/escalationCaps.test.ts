import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { catalogDetails } from '../../../server/src/catalog/details';
import { ESCALATION_PATHS } from '../../../server/src/engine/escalationPaths';
import { attachablePolicies, capOf, requiredBoundaries } from '../../../server/src/engine/escalationCaps';
import { parsePolicy } from '../../../server/src/engine/parse';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { policy } from '../../support/policyText';

const catalog = sharedCatalog();
const statementWith = (condition: unknown) =>
  parsePolicy(policy([{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: condition }])).statements[0];

describe('escalation caps (engine/escalationCaps.ts)', () => {
  it('caps the grants of exactly the path actions that take each condition key, as the catalog says', () => {
    const details = catalogDetails(catalog);
    assert.ok(details, 'the catalog details are built');
    const pathActions = new Set(ESCALATION_PATHS.flatMap((p) => p.requires.flat()));
    const taking = (key: string) =>
      [...pathActions].filter((name) => details.action(catalog.action(name)!)?.conditionKeys.includes(key)).sort();
    // What capOf reads (the core catalog's table) against the reference's action details.
    const capping = (key: string) => [...pathActions].filter((name) => catalog.iamKeyActions(key)?.has(catalog.indexOf(name)!)).sort();
    const boundaryActions = [
      'iam:AttachRolePolicy',
      'iam:AttachUserPolicy',
      'iam:PutRolePolicy',
      'iam:PutUserPolicy',
      'iam:UpdateAssumeRolePolicy',
    ];
    assert.deepEqual(taking('iam:PermissionsBoundary'), boundaryActions);
    assert.deepEqual(capping('iam:PermissionsBoundary'), boundaryActions);
    assert.deepEqual(taking('iam:PolicyARN'), ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy']);
    assert.deepEqual(capping('iam:PolicyARN'), taking('iam:PolicyARN'));
    for (const action of ['iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy']) {
      assert.ok(details.action(catalog.action(action)!)?.conditionKeys.includes('iam:PolicyARN'), action);
      assert.ok(catalog.iamKeyActions('iam:PolicyARN')?.has(catalog.indexOf(action)!), action);
    }
  });

  it('reads a required boundary from a requiring operator only, with every value naming something', () => {
    const boundary = 'arn:aws:iam::111122223333:policy/B';
    assert.deepEqual(requiredBoundaries(statementWith({ ArnEquals: { 'iam:permissionsboundary': [boundary] } })), [boundary]);
    assert.deepEqual(requiredBoundaries(statementWith({ StringLike: { 'iam:PermissionsBoundary': 'arn:aws:iam::*:policy/B' } })), [
      'arn:aws:iam::*:policy/B',
    ]);
    for (const none of [
      undefined,
      { StringEqualsIfExists: { 'iam:PermissionsBoundary': boundary } },
      { ArnNotEquals: { 'iam:PermissionsBoundary': boundary } },
      { StringEquals: { 'iam:PermissionsBoundary': [boundary, '*'] } },
      { 'ForAllValues:StringEquals': { 'iam:PermissionsBoundary': boundary } },
      { Null: { 'iam:PermissionsBoundary': 'false' } },
      // Whatever boundary some role carries, or one that caps nothing.
      { StringLike: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/*' } },
      { ArnEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    ]) {
      assert.equal(requiredBoundaries(statementWith(none)), undefined, JSON.stringify(none));
    }
  });

  it('reads attachable policies only when named exactly, and never one named like an escalating AWS managed policy', () => {
    const mine = 'arn:aws:iam::111122223333:policy/AppRead';
    assert.deepEqual(attachablePolicies(statementWith({ ArnEquals: { 'iam:PolicyARN': mine } })), [mine]);
    for (const open of [
      'arn:aws:iam::aws:policy/*',
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws-cn:iam::aws:policy/IAMFullAccess',
      // As a template writes AWS's own, and a customer policy named like it.
      'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess',
      'arn:aws:iam::111122223333:policy/PowerUserAccess',
      // A name known only at deploy time, or from a policy variable.
      'arn:aws:iam::111122223333:policy/${PolicyName}',
      'arn:aws:iam::111122223333:policy/${aws:username}',
    ]) {
      assert.equal(attachablePolicies(statementWith({ ArnLike: { 'iam:PolicyARN': [mine, open] } })), undefined, open);
    }
    // A boundary caps whatever is attached; iam:PolicyARN only what Attach* attaches.
    assert.equal(capOf(catalog, statementWith({ ArnEquals: { 'iam:PolicyARN': mine } }), 'iam:PutRolePolicy'), undefined);
    assert.deepEqual(capOf(catalog, statementWith({ ArnEquals: { 'iam:PolicyARN': mine } }), 'iam:AttachRolePolicy'), {
      kind: 'policy',
      arns: [mine],
    });
  });

  it('a Condition known only at deploy time caps nothing: the escalation stays an error', () => {
    const template = [
      'Parameters:',
      '  Guard: {Type: String}',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: iam:AttachRolePolicy',
      "            Resource: '*'",
      '            Condition: !Ref Guard',
    ].join('\n');
    const findings = analyzeFile(template, 'stack.yaml').findings.filter((f) => f.rule === 'privilege-escalation');
    assert.ok(findings.length > 0 && findings.every((f) => f.severity === 'error'), JSON.stringify(findings.map((f) => f.severity)));
  });
});
