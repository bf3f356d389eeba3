import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { parsePolicy } from '../../../server/src/engine/parse';
import { policyRemovers } from '../../../server/src/engine/removableDenies';
import { policy } from '../../support/policyText';

const catalog = sharedCatalog();
const removers = (...documents: unknown[][]) =>
  policyRemovers(
    catalog,
    documents.map((statements) => parsePolicy(policy(statements))),
  );

describe('removable Denies (engine/removableDenies.ts)', () => {
  it('finds the detach and delete grants of users, roles and groups, by name or wildcard', () => {
    assert.deepEqual(removers([{ Effect: 'Allow', Action: 'iam:Detach*Policy', Resource: '*' }]), [
      'iam:DetachGroupPolicy',
      'iam:DetachRolePolicy',
      'iam:DetachUserPolicy',
    ]);
    assert.deepEqual(removers([{ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::*:role/*' }]).length, 6);
    assert.deepEqual(removers([{ Effect: 'Allow', Action: 'iam:DeleteRolePolicy', NotResource: 'arn:aws:iam::*:role/admin' }]), [
      'iam:DeleteRolePolicy',
    ]);
    // Attaching, or reading, takes nothing off.
    assert.deepEqual(removers([{ Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:GetRolePolicy'], Resource: '*' }]), []);
  });

  it('reads a grant on one named principal as someone else’s', () => {
    const named = { Effect: 'Allow', Action: 'iam:DetachUserPolicy', Resource: 'arn:aws:iam::123456789012:user/helpdesk-bob' };
    assert.deepEqual(removers([named]), []);
    // A wildcard over other services' ARNs covers no user, role or group.
    assert.deepEqual(removers([{ Effect: 'Allow', Action: 'iam:DetachUserPolicy', Resource: 'arn:aws:s3:::*' }]), []);
  });

  it('leaves out what an unconditional Deny of any of the policies takes back, and a Condition that never holds', () => {
    const detach = { Effect: 'Allow', Action: 'iam:DetachUserPolicy', Resource: '*' };
    assert.deepEqual(removers([detach], [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]), []);
    // A conditional Deny may not apply: the grant stands.
    const conditionalDeny = {
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    };
    assert.deepEqual(removers([detach], [conditionalDeny]), ['iam:DetachUserPolicy']);
    const expired = { ...detach, Condition: { DateLessThan: { 'aws:CurrentTime': '2001-01-01T00:00:00Z' } } };
    assert.deepEqual(removers([expired]), []);
  });
});
