import * as assert from 'node:assert/strict';
import { statementLenses } from '../../../server/src/services/codeLens';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';

const template = [
  'Resources:',
  '  Reader:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  '      PolicyDocument:',
  "        Version: '2012-10-17'",
  '        Statement:',
  '          - Effect: Allow',
  '            Action:',
  '              - iam:GetRo',
  '              - "s3:ListBuck"',
  "            Resource: '*'",
  '            Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}',
  '          - Effect: Deny',
  '            Action: iam:*',
  "            Resource: '*'",
  '',
].join('\n');

const at = (needle: string, delta = needle.length) => template.indexOf(needle) + delta;

describe('editor features in a CloudFormation YAML template', () => {
  it('completes action names in a plain and in a quoted YAML scalar, replacing what is typed', () => {
    const plain = complete(template, at('iam:GetRo'), { fileName: 'stack.yaml' });
    const role = plain.items.find((i) => i.label === 'iam:GetRole');
    assert.ok(role, plain.items.map((i) => i.label).join());
    assert.deepEqual(role.replace, { start: at('iam:GetRo', 0), end: at('iam:GetRo') });
    const quoted = complete(template, at('s3:ListBuck'), { fileName: 'stack.yaml' });
    const bucket = quoted.items.find((i) => i.label === 's3:ListBucket');
    assert.ok(bucket);
    assert.deepEqual(bucket.replace, { start: at('s3:ListBuck', 0), end: at('s3:ListBuck') });
  });

  it('proposes nothing outside a policy, and no JSON snippets in YAML', () => {
    assert.deepEqual(complete(template, at('Type: AWS'), { fileName: 'stack.yaml' }).items, []);
    assert.deepEqual(complete(template, at("Version: '2012"), { fileName: 'stack.yaml' }).items, []);
  });

  it('hovers on an action and on a condition key of an embedded policy', () => {
    const action = hover(template, at('iam:*', 2), { fileName: 'stack.yaml' });
    assert.ok(action);
    assert.match(action.markdown, /IAM/);
    assert.equal(template.slice(action.start, action.end), 'iam:*');
    const key = hover(template, at('aws:MultiFactorAuthPresent', 4), { fileName: 'stack.yaml' });
    assert.ok(key);
    assert.match(key.markdown, /aws:MultiFactorAuthPresent/);
  });

  it('puts one code lens on each statement of each policy', () => {
    const lenses = statementLenses(template, { fileName: 'stack.yaml' });
    assert.equal(lenses.length, 2);
    assert.match(lenses[0].title, /^grants /);
    assert.match(lenses[1].title, /^denies /);
    assert.equal(template.slice(lenses[0].offset, lenses[0].offset + 'Effect'.length), 'Effect');
  });
});
