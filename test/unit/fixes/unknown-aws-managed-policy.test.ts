import * as assert from 'node:assert/strict';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { applyFixEdits } from '../../../server/src/engine/edits';
import { roleAttaching, samFunction } from '../../support/templateText';

const stack = (arn: string) => roleAttaching([arn]);

/** The quick fixes offered on `needle`, and the text each leaves. */
function fixesAt(text: string, needle: string, fileName: string) {
  const at = text.indexOf(needle);
  return codeActionsAt(text, at, at, {}, undefined, fileName)
    .filter((a) => a.title.startsWith('Attach '))
    .map((a) => ({ title: a.title, preferred: a.isPreferred === true, after: applyFixEdits(text, a.edits) }));
}

describe('fixes of unknown-aws-managed-policy', () => {
  before(() => loadTerraformParser());

  it('puts the path in the ARN, in YAML, in a !Sub and in JSON', () => {
    const [fix] = fixesAt(stack('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'), 'AWSLambda', 'stack.yaml');
    assert.equal(fix.title, 'Attach service-role/AWSLambdaBasicExecutionRole');
    assert.equal(fix.preferred, true);
    assert.equal(fix.after, stack('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'));
    const sub = fixesAt(stack("!Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAcess'"), 'Administrator', 'stack.yaml');
    assert.equal(sub[0].after, stack("!Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess'"));
    const json = JSON.stringify({
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAcces'] } } },
    });
    assert.equal(fixesAt(json, 'ReadOnlyAcces', 'stack.json')[0].after, json.replace('ReadOnlyAcces', 'ReadOnlyAccess'));
  });

  it('replaces a SAM name, and in Terraform the name inside the quoted ARN', () => {
    const sam = samFunction('[AWSLambdaExecut]');
    assert.equal(fixesAt(sam, 'AWSLambdaExecut', 'template.yaml')[0].after, sam.replace('AWSLambdaExecut]', 'AWSLambdaExecute]'));
    const tf = `resource "aws_iam_role" "app" {\n  assume_role_policy = "{}"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.app.name\n  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/AWSLambdaBasicExecutionRole"\n}\n`;
    assert.equal(
      fixesAt(tf, 'AWSLambdaBasic', 'main.tf')[0].after,
      tf.replace('policy/AWSLambdaBasicExecutionRole', 'policy/service-role/AWSLambdaBasicExecutionRole'),
    );
  });
});
