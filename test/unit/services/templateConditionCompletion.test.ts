import * as assert from 'node:assert/strict';
import { loadTerraformParser } from '../../../server/src/iac/terraform/terraform';
import { CompletionEntry, CompletionResult, complete } from '../../../server/src/services/completion';
import { templateDocuments } from '../../../server/src/services/parseCache';
import { applyEntry, cursor } from '../../support/cursor';

/** Completion at the `|` of a template named `fileName`, with the text without the marker. */
function at(fileName: string, marked: string): CompletionResult & { text: string } {
  const { text, offset } = cursor(marked);
  return { ...complete(text, offset, { fileName }), text };
}

function find(items: readonly CompletionEntry[], label: string): CompletionEntry {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no "${label}" among ${items.slice(0, 15).map((i) => i.label)}…`);
  return item;
}

/** What the template's first statement's Condition reads after accepting `entry`: operator → keys. */
function conditionAfter(fileName: string, text: string, entry: CompletionEntry): Record<string, string[]> {
  const accepted = applyEntry(text, entry);
  const statement = templateDocuments(accepted, fileName)?.[0]?.doc.statements[0];
  assert.ok(statement, `no statement in:\n${accepted}`);
  return Object.fromEntries((statement.condition?.operators ?? []).map((o) => [o.operator, o.keys.map((k) => k.key)]));
}

const yamlStack = (condition: string) =>
  [
    'Resources:',
    '  Reader:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Action: s3:ListBucket',
    "            Resource: '*'",
    `            Condition:${condition}`,
    '',
  ].join('\n');

const jsonStack = (condition: string) =>
  `{"Resources": {"Reader": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
    "Condition": ${condition}}]}}}}}`;

describe('condition completion inside templates', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  describe('CloudFormation YAML', () => {
    it('completes a block-mapping key in place, the statement’s service keys before the global ones', () => {
      const r = at('stack.yaml', yamlStack("\n              StringEquals:\n                aws:SourceAcc|: '1'"));
      const key = find(r.items, 'aws:SourceAccount');
      assert.equal(key.kind, 'conditionKey');
      assert.equal(r.text.slice(key.replace.start, key.replace.end), 'aws:SourceAcc');
      assert.deepEqual(conditionAfter('stack.yaml', r.text, key), { StringEquals: ['aws:SourceAccount'] });
      const prefix = find(r.items, 's3:prefix');
      assert.ok(prefix.sortText! < key.sortText!, `${prefix.sortText} before ${key.sortText}`);
    });

    it('turns a scalar typed under an operator into a key (`aws:Sou` before its colon)', () => {
      const r = at('stack.yaml', yamlStack('\n              StringEquals:\n                aws:Sou|'));
      const key = find(r.items, 'aws:SourceAccount');
      assert.equal(key.insertText, 'aws:SourceAccount: ');
      assert.deepEqual(conditionAfter('stack.yaml', r.text, key), { StringEquals: ['aws:SourceAccount'] });
    });

    it('completes operators, as a key and as a scalar typed under Condition', () => {
      const asKey = at('stack.yaml', yamlStack('\n              StringEq|:\n                aws:SourceAccount: "1"'));
      const op = find(asKey.items, 'StringEquals');
      assert.equal(op.kind, 'operator');
      assert.deepEqual(conditionAfter('stack.yaml', asKey.text, op), { StringEquals: ['aws:SourceAccount'] });
      const typed = at('stack.yaml', yamlStack('\n              ArnLi|'));
      assert.equal(find(typed.items, 'ArnLike').insertText, 'ArnLike: ');
    });

    it('completes keys in a flow mapping, and Bool values', () => {
      const flow = at('stack.yaml', yamlStack(' {StringEquals: {aws:PrincipalOrg|: o-abc}}'));
      const key = find(flow.items, 'aws:PrincipalOrgID');
      assert.deepEqual(conditionAfter('stack.yaml', flow.text, key), { StringEquals: ['aws:PrincipalOrgID'] });
      const bool = at('stack.yaml', yamlStack(' {Bool: {aws:SecureTransport: tr|}}'));
      assert.deepEqual(
        bool.items.map((i) => i.label),
        ['true', 'false'],
      );
    });

    it('stays silent on an intrinsic value and outside the Condition', () => {
      assert.deepEqual(at('stack.yaml', yamlStack(' {StringEquals: {aws:SourceAccount: !Ref Acc|ount}}')).items, []);
      const resource = yamlStack(' {StringEquals: {aws:SourceAccount: "1"}}').replace("Resource: '*'", "Resource: 'arn:|'");
      assert.deepEqual(at('stack.yaml', resource).items, []);
    });
  });

  describe('CloudFormation JSON', () => {
    it('completes a quoted key that has no value yet, inside its quotes', () => {
      const r = at('stack.json', jsonStack('{"StringEquals": {"aws:SourceAcc|"}}'));
      const key = find(r.items, 'aws:SourceAccount');
      assert.equal(r.text.slice(key.replace.start, key.replace.end), 'aws:SourceAcc');
      assert.equal(key.insertText, 'aws:SourceAccount');
      const empty = at('stack.json', jsonStack('{"StringEquals": {"|"}}'));
      assert.equal(find(empty.items, 's3:prefix').replace.start, find(empty.items, 's3:prefix').replace.end, 'inserted between the quotes');
    });

    it('completes an operator being typed and a key with its value', () => {
      const op = at('stack.json', jsonStack('{"StringNotEq|"}'));
      assert.equal(find(op.items, 'StringNotEquals').insertText, 'StringNotEquals');
      const r = at('stack.json', jsonStack('{"StringEquals": {"aws:SourceAcc|": "1"}}'));
      assert.deepEqual(conditionAfter('stack.json', r.text, find(r.items, 'aws:SourceAccount')), {
        StringEquals: ['aws:SourceAccount'],
      });
    });
  });

  describe('Terraform', () => {
    const jsonencode = (condition: string) =>
      [
        'resource "aws_iam_policy" "reader" {',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect   = "Allow"',
        '      Action   = "s3:ListBucket"',
        '      Resource = "*"',
        `      Condition = ${condition}`,
        '    }]',
        '  })',
        '}',
        '',
      ].join('\n');

    it('completes operators and keys in jsonencode({...}) object syntax', () => {
      const key = at('main.tf', jsonencode('{ StringEquals = { "aws:SourceAcc|" = "1" } }'));
      assert.deepEqual(conditionAfter('main.tf', key.text, find(key.items, 'aws:SourceAccount')), {
        StringEquals: ['aws:SourceAccount'],
      });
      const bare = at('main.tf', jsonencode('{ StringLi| = { "s3:prefix" = "home/" } }'));
      assert.deepEqual(conditionAfter('main.tf', bare.text, find(bare.items, 'StringLike')), { StringLike: ['s3:prefix'] });
      const empty = at('main.tf', jsonencode('{ StringEquals = { "|" } }'));
      assert.ok(empty.items.some((i) => i.label === 'aws:SourceAccount'));
      const unfinished = at('main.tf', jsonencode('{ StringEquals = { "s3:pre|" } }'));
      assert.equal(find(unfinished.items, 's3:prefix').insertText, 's3:prefix');
    });

    it('completes keys in a heredoc of JSON', () => {
      const text = [
        'resource "aws_iam_policy" "reader" {',
        '  policy = <<-EOF',
        '    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",',
        '      "Condition": {"StringEquals": {"aws:SourceAcc|": "1"}}}]}',
        '  EOF',
        '}',
        '',
      ].join('\n');
      const r = at('main.tf', text);
      assert.deepEqual(conditionAfter('main.tf', r.text, find(r.items, 'aws:SourceAccount')), { StringEquals: ['aws:SourceAccount'] });
    });

    const dataDocument = (condition: string) =>
      [
        'data "aws_iam_policy_document" "reader" {',
        '  statement {',
        '    actions   = ["s3:ListBucket"]',
        '    resources = ["*"]',
        '    condition {',
        ...condition.split('\n').map((line) => `      ${line}`),
        '    }',
        '  }',
        '}',
        '',
      ].join('\n');

    it('completes a data document’s condition: `test` is the operator, `variable` the key, before `values` is written', () => {
      const test = at('main.tf', dataDocument('test     = "StringEq|"\nvariable = "s3:prefix"\nvalues   = ["home/"]'));
      assert.deepEqual(conditionAfter('main.tf', test.text, find(test.items, 'StringEquals')), { StringEquals: ['s3:prefix'] });
      const variable = at('main.tf', dataDocument('test     = "StringEquals"\nvariable = "aws:SourceAcc|"'));
      const key = find(variable.items, 'aws:SourceAccount');
      assert.equal(variable.text.slice(key.replace.start, key.replace.end), 'aws:SourceAcc');
      assert.deepEqual(conditionAfter('main.tf', variable.text, key), { StringEquals: ['aws:SourceAccount'] });
    });

    it('completes a .tf.json data document’s condition and a policy object’s key still without a value', () => {
      const data = at(
        'main.tf.json',
        '{"data": {"aws_iam_policy_document": {"reader": {"statement": {"actions": ["s3:ListBucket"],\n' +
          '  "condition": {"test": "StringEquals", "variable": "s3:pre|", "values": ["home/"]}}}}}}',
      );
      assert.deepEqual(conditionAfter('main.tf.json', data.text, find(data.items, 's3:prefix')), { StringEquals: ['s3:prefix'] });
      const object = at(
        'main.tf.json',
        '{"resource": {"aws_iam_policy": {"reader": {"policy": {"Version": "2012-10-17", "Statement": [\n' +
          '  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:pre|"}}}]}}}}}',
      );
      assert.equal(find(object.items, 's3:prefix').insertText, 's3:prefix');
    });

    it('stays silent on a variable given by a Terraform reference', () => {
      assert.deepEqual(at('main.tf', dataDocument('test     = "StringEquals"\nvariable = var.ke|y\nvalues   = ["1"]')).items, []);
    });
  });
});
