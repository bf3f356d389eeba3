import * as assert from 'node:assert/strict';
import { templateFindings } from '../../support/templateText';

const RULE = 'invalid-template';

const template = (body: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${body}`;

describe('rule invalid-template', () => {
  it('fires on a YAML template its parser cannot read, naming the parser and the place, and still checks the rest', () => {
    const text = template(
      [
        '  Writer:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        '            Action: iam:CreateUser',
        "            Resource: '*'",
        '  Broken:',
        '    Type: AWS::S3::Bucket',
        '    Properties: {BucketName: [unclosed',
      ].join('\n'),
    );
    const findings = templateFindings(text, 'stack.yaml');
    const own = findings.filter((f) => f.rule === RULE);
    assert.ok(own.length > 0);
    assert.equal(own[0].severity, 'error');
    assert.match(own[0].message, /^YAML parser: /);
    assert.match(own[0].message, /may not all be checked until it parses\.$/);
    assert.ok(own[0].line >= 14, `reported at line ${own[0].line}`);
    // What could be read is still judged.
    assert.ok(findings.some((f) => f.rule === 'allow-iam-write' && f.text === 'iam:CreateUser'));
  });

  it('fires on a CloudFormation JSON template with a syntax error, naming the JSON parser', () => {
    const text = '{"Resources": {"R": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": []}}}}';
    const own = templateFindings(text, 'stack.template.json').filter((f) => f.rule === RULE);
    assert.equal(own.length, 1);
    assert.match(own[0].message, /^JSON parser: CloseBraceExpected/);
  });

  it('stays silent on templates that parse, and on YAML that is no template (a workflow)', () => {
    const ok = template(
      [
        '  Reader:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - {Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::reports/*"}',
      ].join('\n'),
    );
    assert.deepEqual(templateFindings(ok, 'stack.yaml'), []);
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [ {run: echo, ';
    assert.deepEqual(templateFindings(workflow, '.github/workflows/ci.yml'), []);
  });
});
