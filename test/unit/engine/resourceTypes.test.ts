import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { parsePolicy } from '../../../server/src/engine/parse';
import * as fc from 'fast-check';
import { splitArn } from '../../../server/src/engine/arn';
import { literalService, mayBeAnyResource, namesEveryResource, onResources } from '../../../server/src/engine/resourceTypes';
import { policy } from '../../support/policyText';

describe('resource types: which actions a Resource can reach', () => {
  const catalog = sharedCatalog();
  const statementOf = (resource: unknown, key = 'Resource') =>
    parsePolicy(policy([{ Effect: 'Allow', Action: 'iam:*', [key]: resource }])).statements[0];
  const writesOn = (resource: unknown, key?: string) => catalog.names(onResources(catalog, statementOf(resource, key), catalog.iamWrite));

  it('reads `*`, whole deploy-time values and NotResource as any resource, nothing else', () => {
    for (const value of ['*', '**', '${Target}', '${var.arn}${var.suffix}']) assert.ok(mayBeAnyResource(value), value);
    for (const value of ['arn:aws:iam::*:role/*', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*', '$', ''])
      assert.ok(!mayBeAnyResource(value), value);
    assert.ok(namesEveryResource(statementOf('arn:aws:s3:::b', 'NotResource')));
    assert.equal(writesOn('arn:aws:s3:::b', 'NotResource').length, catalog.iamWrite.count());
  });

  it('keeps the actions of the types a Resource names, whatever other services it also names', () => {
    assert.deepEqual(writesOn(['arn:aws:s3:::b/*', 'arn:aws:dynamodb:us-east-1:111122223333:table/t']), []);
    const users = writesOn('arn:aws:iam::111122223333:user/alice');
    assert.ok(users.includes('iam:CreateAccessKey') && !users.includes('iam:CreateRole'), users.join());
    assert.deepEqual(writesOn(['arn:aws:s3:::b/*', 'arn:aws:iam::111122223333:user/alice']), users);
  });

  it('reads a substituted part as a wildcard, even one holding colons, and a service written otherwise as another', () => {
    const users = writesOn('arn:aws:iam::111122223333:user/alice');
    assert.deepEqual(writesOn('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'), users);
    // IAM compares ARNs as written: IAM is not iam.
    assert.deepEqual(writesOn('arn:aws:IAM::111122223333:user/alice'), []);
    // A service left open may be IAM.
    assert.deepEqual(writesOn('arn:aws:*::111122223333:user/alice'), users);
  });

  it('keeps an action whose type names no service on an ARN of any service, and one of no type on its own service only', () => {
    const reached = (action: string, resource: string) => {
      const statement = parsePolicy(policy([{ Effect: 'Allow', Action: action, Resource: resource }])).statements[0];
      const set = catalog.match(action);
      assert.equal(set.kind, 'matched');
      return set.kind === 'matched' ? catalog.names(onResources(catalog, statement, set.set)) : [];
    };
    // AWS Backup's access points: arn:${Partition}:${Vendor}:... (any service's).
    const fileSystem = 'arn:aws:fsx:us-east-1:111122223333:file-system/fs-1';
    assert.deepEqual(reached('backup:CreateBackupAccessPoint', fileSystem), ['backup:CreateBackupAccessPoint']);
    assert.deepEqual(reached('iam:CreateAccountAlias', 'arn:aws:iam::111122223333:role/app'), ['iam:CreateAccountAlias']);
    assert.deepEqual(reached('iam:CreateAccountAlias', 'arn:aws:s3:::b'), []);
  });

  it("reads an ARN's literal service as splitArn does, without splitting it", () => {
    const bySplit = (value: string) => {
      const service = splitArn(value)?.service;
      return service && !/[*?$]/.test(service) ? service : undefined;
    };
    assert.equal(literalService('arn:aws:s3:::b/*'), 's3');
    assert.equal(literalService('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x'), 'iam');
    for (const value of ['arn:aws:iam::1', 'arn:aws:*:x:y:z', 'arn:aws:s?3:::b', 'ARN:aws:s3:::b', '*', ''])
      assert.equal(literalService(value), undefined, value);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('arn', ':', 'aws', 's3', '*', '?', '${', '}', '$', 'x'), { maxLength: 14 }), (parts) => {
        const value = parts.join('');
        assert.equal(literalService(value), bySplit(value), value);
      }),
      { numRuns: 5000 },
    );
  });
});
