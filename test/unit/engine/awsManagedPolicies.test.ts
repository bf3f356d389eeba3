import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsManagedPolicy, awsManagedPolicyPath } from '../../../server/src/catalog/awsManagedPolicies';
import { Catalog, sharedCatalog } from '../../../server/src/catalog/catalog';

describe('AWS managed policies (dist/aws-managed-policies.json)', () => {
  it('reads the path and name of an AWS managed policy from its ARN, in any partition or one known at deploy time', () => {
    assert.equal(awsManagedPolicyPath('arn:aws:iam::aws:policy/ReadOnlyAccess'), 'ReadOnlyAccess');
    assert.equal(awsManagedPolicyPath('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole'), 'service-role/AWSLambdaRole');
    assert.equal(awsManagedPolicyPath('arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess'), 'AdministratorAccess');
    for (const other of [
      'arn:aws:iam::111122223333:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:role/ReadOnlyAccess',
      'ReadOnlyAccess',
      'arn:aws:iam::aws:policy/',
    ]) {
      assert.equal(awsManagedPolicyPath(other), undefined, other);
    }
  });

  it('finds a policy by path and name, or by a name only one policy has, with its current document', () => {
    const catalog = sharedCatalog();
    const admin = awsManagedPolicy(catalog, 'AdministratorAccess');
    assert.equal(admin?.path, 'AdministratorAccess');
    assert.deepEqual(JSON.parse(admin!.text).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    assert.equal(awsManagedPolicy(catalog, 'AWSLambdaBasicExecutionRole')?.path, 'service-role/AWSLambdaBasicExecutionRole');
    assert.equal(awsManagedPolicy(catalog, 'service-role/AWSLambdaBasicExecutionRole')?.path, 'service-role/AWSLambdaBasicExecutionRole');
    assert.equal(awsManagedPolicy(catalog, 'NoSuchPolicyAnywhere'), undefined);
  });

  it('knows none beside a catalog without the file, or with one that is not JSON', () => {
    const core = { format: 1, source: sharedCatalog().source, services: {} };
    for (const content of [undefined, '{ not json']) {
      const dir = mkdtempSync(join(tmpdir(), 'iamlp-managed-'));
      try {
        if (content !== undefined) writeFileSync(join(dir, 'aws-managed-policies.json'), content);
        const catalog = new Catalog(core, core.source, join(dir, 'catalog-details.json'));
        assert.equal(awsManagedPolicy(catalog, 'AdministratorAccess'), undefined, String(content));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const core2 = new Catalog(core, core.source);
    assert.equal(awsManagedPolicy(core2, 'AdministratorAccess'), undefined, 'no folder to look in');
  });
});
