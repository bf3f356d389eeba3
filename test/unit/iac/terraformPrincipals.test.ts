import * as assert from 'node:assert/strict';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';

const base = `
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "pass" {
  role   = aws_iam_role.app.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}

data "aws_iam_policy_document" "launch" {
  statement {
    actions   = ["ec2:RunInstances"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "launch" {
  name   = "launch"
  policy = data.aws_iam_policy_document.launch.json
}

resource "aws_iam_role_policy_attachment" "launch" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.launch.arn
}
`;

const guard = (action: string, role: string) => `
resource "aws_iam_policy" "guard" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "${action}", Resource = "*" }] })
}

resource "aws_iam_policy_attachment" "guard" {
  name       = "guard"
  roles      = [${role}]
  policy_arn = aws_iam_policy.guard.arn
}
`;

describe('Terraform: the policies of one principal are judged together', () => {
  before(() => loadTerraformParser());

  it('follows role, policy_arn and data-document references to the principal a policy is attached to', () => {
    const analysis = analyzeFile(base + guard('s3:DeleteBucket', 'aws_iam_role.app.name'), 'main.tf');
    assert.deepEqual(
      analysis.policies.map((p) => [p.locator, p.host?.attachedTo]),
      [
        ['aws_iam_role.app.assume_role_policy', undefined],
        ['aws_iam_role_policy.pass.policy', ['aws_iam_role.app']],
        ['aws_iam_policy.guard.policy', ['aws_iam_role.app']],
        ['data.aws_iam_policy_document.launch', ['aws_iam_role.app']],
      ],
    );
  });

  it('reports an escalation path split across two policies of the role on both', () => {
    const analysis = analyzeFile(base + guard('s3:DeleteBucket', 'aws_iam_role.app.name'), 'main.tf');
    const escalations = analysis.findings.filter((f) => f.rule === 'privilege-escalation');
    assert.deepEqual(
      escalations.map((f) => f.range.start.line + 1),
      [9, 14],
    );
  });

  it('an unconditional Deny attached to the same role removes the path; attached to another role it does not', () => {
    const denied = analyzeFile(base + guard('iam:*', 'aws_iam_role.app.name'), 'main.tf');
    assert.ok(!denied.findings.some((f) => f.rule === 'privilege-escalation'));
    const other = `
resource "aws_iam_role" "other" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;
    const elsewhere = analyzeFile(base + other + guard('iam:*', 'aws_iam_role.other.name'), 'main.tf');
    assert.equal(elsewhere.findings.filter((f) => f.rule === 'privilege-escalation').length, 2);
  });
});
