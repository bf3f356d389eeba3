import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { scopedIamWriteDenies } from '../../../server/src/engine/iamWriteDenies';
import { parsePolicy } from '../../../server/src/engine/parse';
import { PrincipalScope } from '../../../server/src/engine/principalScope';
import { policy } from '../../support/policyText';

const catalog = sharedCatalog();
const grant = parsePolicy(policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]));
const denyAll = { source: 'deny.json', document: parsePolicy(policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])) };

describe('scoped IAM write Denies (engine/iamWriteDenies.ts)', () => {
  it('are answered once per document and principals, for every rule of an analysis that asks', () => {
    const alone: PrincipalScope[] = [];
    const first = scopedIamWriteDenies(catalog, grant, alone);
    assert.equal(first.denied.isEmpty(), true);
    assert.equal(scopedIamWriteDenies(catalog, grant, alone), first);
  });

  it('are worked out again for other principals: the same policy attached elsewhere is denied otherwise', () => {
    const attached: PrincipalScope[] = [{ name: 'Reporter', others: [denyAll] }];
    const scoped = scopedIamWriteDenies(catalog, grant, attached);
    assert.equal(scoped.denied.containsAll(catalog.iamWrite), true);
    assert.deepEqual(scoped.by, ['deny.json']);
    assert.equal(scopedIamWriteDenies(catalog, grant, []).denied.isEmpty(), true);
  });
});
