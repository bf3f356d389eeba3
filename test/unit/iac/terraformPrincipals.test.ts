import * as assert from 'node:assert/strict';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { parseTerraformJson } from '../../../server/src/iac/terraform/terraformJson';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';

/** Role `app`, trusting `service`, with an inline policy granting iam:PassRole on "*". */
const roleWithPassRole = (service: string) => `
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "${service}" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "pass" {
  role   = aws_iam_role.app.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}
`;

const base = `${roleWithPassRole('ec2.amazonaws.com')}
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

  describe('a data document merged into another (source_policy_documents) goes where the other goes', () => {
    const merged = `
data "aws_iam_policy_document" "pass" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/app-*"]
  }
}

data "aws_iam_policy_document" "run" {
  statement {
    actions   = ["ec2:RunInstances"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "combined" {
  source_policy_documents = [
    data.aws_iam_policy_document.pass.json,
    data.aws_iam_policy_document.run.json,
  ]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::app/*"]
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.combined.json
}
`;

    it('attaches its parts to the principal of the whole, and finds a path split between them', () => {
      const analysis = analyzeFile(merged, 'main.tf');
      assert.deepEqual(
        analysis.policies.filter((p) => p.locator?.startsWith('data.')).map((p) => [p.locator, p.kind, p.host?.attachedTo]),
        [
          ['data.aws_iam_policy_document.pass', 'identity', ['aws_iam_role.app']],
          ['data.aws_iam_policy_document.run', 'identity', ['aws_iam_role.app']],
          ['data.aws_iam_policy_document.combined', 'identity', ['aws_iam_role.app']],
        ],
      );
      const escalations = analysis.findings.filter((f) => f.rule === 'privilege-escalation');
      assert.deepEqual(
        escalations.map((f) => f.range.start.line + 1),
        [4, 11],
      );
      assert.match(escalations[0].message, /ec2:RunInstances from data\.aws_iam_policy_document\.run \(principal "aws_iam_role\.app"\)/);
      // Unmerged, the two documents are attached to nothing: each is judged alone, and neither completes the path.
      const apart = analyzeFile(merged.replace(/source_policy_documents = \[[^\]]*\]/, 'source_policy_documents = []'), 'main.tf');
      assert.deepEqual(
        apart.findings.filter((f) => f.rule === 'privilege-escalation'),
        [],
      );
    });

    it('a part of a trust document is trust, through a part of a part, and so in .tf.json', () => {
      const trust = `
data "aws_iam_policy_document" "ci" {
  statement {
    actions = ["sts:TagSession"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
  }
}

data "aws_iam_policy_document" "middle" {
  source_policy_documents = [data.aws_iam_policy_document.ci.json]
}

data "aws_iam_policy_document" "assume" {
  override_policy_documents = [data.aws_iam_policy_document.middle.json]
}

resource "aws_iam_role" "ci" {
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`;
      const kinds = (policies: ReadonlyArray<{ locator: string | null; kind: string }>) =>
        Object.fromEntries(policies.filter((p) => p.locator?.startsWith('data.')).map((p) => [p.locator, p.kind]));
      const expected = {
        'data.aws_iam_policy_document.ci': 'trust',
        'data.aws_iam_policy_document.middle': 'trust',
        'data.aws_iam_policy_document.assume': 'trust',
      };
      assert.deepEqual(kinds(analyzeFile(trust, 'main.tf').policies), expected);
      // Alone, a statement granting sts:TagSession to a principal reads as a resource policy.
      const alone = analyzeFile(trust.replace('[data.aws_iam_policy_document.ci.json]', '[]'), 'main.tf').policies;
      assert.equal(kinds(alone)['data.aws_iam_policy_document.ci'], 'resource');
      const json = JSON.stringify({
        data: {
          aws_iam_policy_document: {
            ci: {
              statement: { actions: ['sts:TagSession'], principals: { type: 'AWS', identifiers: ['arn:aws:iam::444455556666:root'] } },
            },
            middle: { source_policy_documents: ['${data.aws_iam_policy_document.ci.json}'] },
            assume: { override_policy_documents: ['${data.aws_iam_policy_document.middle.json}'] },
          },
        },
        resource: { aws_iam_role: { ci: { assume_role_policy: '${data.aws_iam_policy_document.assume.json}' } } },
      });
      assert.deepEqual(kinds(parseTerraformJson(json, 'main.tf.json').policies), expected);
    });
  });

  describe("AWS managed policies the file attaches count among the principal's policies", () => {
    const app = (...attachments: string[]) =>
      `${roleWithPassRole('lambda.amazonaws.com')}${attachments
        .map(
          (arn, i) => `
resource "aws_iam_role_policy_attachment" "a${i}" {
  role       = aws_iam_role.app.name
  policy_arn = "${arn}"
}
`,
        )
        .join('')}`;

    it('finds a path split with an attached AWS managed policy, and a Deny of one that takes the grant back', () => {
      const lambda = analyzeFile(app('arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSLambda_FullAccess'), 'main.tf');
      const escalations = lambda.findings.filter((f) => f.rule === 'privilege-escalation');
      const own = escalations.filter((f) => f.policy === 'aws_iam_role_policy.pass.policy');
      assert.equal(own.length, 1);
      assert.match(own[0].message, /from AWS managed policy AWSLambda_FullAccess \(principal "aws_iam_role\.app"\)/);
      assert.deepEqual(
        escalations.filter((f) => f !== own[0]).map((f) => f.policy),
        ['AWS managed policy AWSLambda_FullAccess on aws_iam_role.app'],
        'the attachment takes part in the path too',
      );
      const denied = analyzeFile(
        app('arn:aws:iam::aws:policy/AWSLambda_FullAccess', 'arn:aws:iam::aws:policy/AWSDenyAll'),
        'main.tf',
      ).findings.filter((f) => f.rule === 'privilege-escalation' || f.rule === 'allow-iam-write');
      assert.deepEqual(
        denied.filter((f) => f.policy === 'aws_iam_role_policy.pass.policy').map((f) => [f.rule, f.severity]),
        [['allow-iam-write', 'info']],
      );
      assert.deepEqual(
        denied.filter((f) => f.severity !== 'info'),
        [],
        'AWSDenyAll takes back what the other attachment grants, too',
      );
    });

    it("reads them from policy_arn, a role's managed_policy_arns and aws_iam_policy_attachment, a group's for its users", () => {
      const text = `
resource "aws_iam_role" "app" {
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", aws_iam_policy.own.arn]
}
resource "aws_iam_group" "ops" { name = "ops" }
resource "aws_iam_user" "alice" { name = "alice" }
resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.ops.name]
}
resource "aws_iam_group_policy_attachment" "ops" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
}
resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = [aws_iam_role.app.name]
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
`;
      const awsManaged = parseTerraformJsonOrHcl(text);
      assert.deepEqual(awsManaged, {
        'aws_iam_group.ops': ['job-function/ViewOnlyAccess'],
        'aws_iam_role.app': ['AmazonS3ReadOnlyAccess', 'ReadOnlyAccess'],
        'aws_iam_user.alice': ['job-function/ViewOnlyAccess'],
      });
    });
  });
});

function parseTerraformJsonOrHcl(text: string): Record<string, readonly string[]> {
  return Object.fromEntries(parseTerraform(text, 'main.tf').awsManagedPolicies ?? []);
}
