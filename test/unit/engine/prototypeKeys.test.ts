import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { catalogDetails } from '../../../server/src/catalog/details';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { ownEntry } from '../../../server/src/util/records';
import { findingsOf, policy } from '../../support/policyText';

// Text of a policy or template used as a key of a plain object reached Object.prototype: a resource
// of `Type: constructor` failed the whole template, and a principal `constructor` was told to read
// "function Object() { [native code] }".
describe('names of Object.prototype members in policies and templates', () => {
  const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

  it("ownEntry answers only for a record's own keys", () => {
    const record: Record<string, number> = { a: 1 };
    assert.equal(ownEntry(record, 'a'), 1);
    for (const name of NAMES) assert.equal(ownEntry(record, name), undefined, name);
  });

  it("a template resource of such a Type is no slot, and the template's other policies are still judged", () => {
    for (const type of NAMES) {
      const text = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Resources:',
        '  Odd:',
        `    Type: ${type}`,
        '    Properties: {}',
        '  Writer:',
        '    Type: AWS::IAM::Policy',
        '    Properties:',
        '      PolicyName: writer',
        '      Roles: [Odd]',
        '      PolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: iam:CreateUser',
        '            Resource: "*"',
        '',
      ].join('\n');
      const rules = analyzeFile(text, 'stack.yaml').findings.map((f) => f.rule);
      assert.ok(!rules.includes('invalid-template'), `${type}: ${rules.join()}`);
      assert.ok(rules.includes('allow-iam-write'), `${type}: ${rules.join()}`);
    }
  });

  it('a principal or an action prefix of such a name is an unknown one, not a documented or retired one', () => {
    for (const name of NAMES) {
      const trust = policy([{ Effect: 'Allow', Principal: { Service: name }, Action: 'sts:AssumeRole' }]);
      assert.deepEqual(findingsOf('confused-deputy', trust), [], name);
      const text = policy([{ Effect: 'Allow', Action: `${name}:GetThing`, Resource: '*' }]);
      const [unknown] = findingsOf('unknown-action', text);
      // `__proto__` is no prefix IAM accepts at all: malformed-action says so instead.
      if (!unknown) assert.equal(findingsOf('malformed-action', text).length, 1, name);
      else assert.match(unknown.message, /^Service prefix "[^"]+" in "[^"]+" is not in the IAM action catalog/, name);
    }
    const catalog = sharedCatalog();
    for (const name of NAMES) {
      assert.equal(catalog.retiredService(name), undefined, name);
      assert.equal(catalog.undocumented(`${name}:GetThing`), undefined, name);
      assert.deepEqual(catalogDetails(catalog)!.serviceKeys(name), [], name);
    }
  });
});
