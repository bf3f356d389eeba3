import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Node } from 'jsonc-parser';
import { deployTimeOf } from '../../../server/src/engine/deployTime';
import { loadTerraformParser, parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { MAX_VARIANTS } from '../../../server/src/iac/terraform/hclExpression';
import { TF_FIXTURES, embeddedFindings, nodesOf, policyAt, rangesInside, tfFixture } from '../../support/embedded';

function parseFixture(name: string) {
  const { path, text } = tfFixture(name);
  return { text, parse: parseTerraform(text, path) };
}

function parseText(text: string) {
  return { text, parse: parseTerraform(text, join(TF_FIXTURES, 'inline.tf')) };
}

/** The string node whose host text is exactly `token`. */
function stringAt(root: Node, host: string, token: string): Node {
  const found = [...nodesOf(root)].find((n) => n.type === 'string' && host.slice(n.offset, n.offset + n.length) === token);
  if (!found) throw new Error(`no string node on ${token}`);
  return found;
}

const SYNTAX_ON_UNKNOWN = ['malformed-arn', 'unknown-action', 'malformed-action', 'invalid-element-type'];

describe('Terraform adapter: .tf files', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  describe('jsonencode({...}) in HCL object syntax', () => {
    it('fires allow-iam-write on "iam:*" despite bare keys, "key": value and trailing commas, ranged on the HCL string', () => {
      const { text, parse } = parseFixture('jsonencode.tf');
      assert.deepEqual(parse.errors, []);
      const policy = policyAt(parse, 'aws_iam_policy.admin.policy');
      assert.equal(policy.kind, 'identity');
      assert.equal(policy.resource, 'aws_iam_policy.admin');
      assert.equal(policy.edits, 'hcl-object');
      const findings = embeddedFindings(text, policy);
      const write = findings.filter((f) => f.rule === 'allow-iam-write');
      assert.deepEqual(
        write.map((f) => [f.line, f.text]),
        [[10, '"iam:*"']],
      );
      assert.deepEqual(
        findings.filter((f) => SYNTAX_ON_UNKNOWN.includes(f.rule)),
        [],
        'variables, references and interpolations are no grammar or catalog finding',
      );
    });

    it('reads references and interpolations as deploy-time values keeping their known text, $${ as a literal ${', () => {
      const { text, parse } = parseFixture('jsonencode.tf');
      const root = policyAt(parse, 'aws_iam_policy.admin.policy').variants[0];
      const interpolated = stringAt(root, text, '"${aws_s3_bucket.data.arn}/home/$${aws:username}/*"');
      assert.equal(interpolated.value, '${aws_s3_bucket.data.arn}/home/${aws:username}/*');
      assert.deepEqual(deployTimeOf(interpolated), { source: '"${aws_s3_bucket.data.arn}/home/$${aws:username}/*"', partial: true });
      const reference = stringAt(root, text, 'aws_s3_bucket.data.arn');
      assert.equal(reference.value, '${aws_s3_bucket.data.arn}');
      assert.deepEqual(deployTimeOf(reference), { source: 'aws_s3_bucket.data.arn', partial: false, mayBeNull: true });
      assert.equal(deployTimeOf(interpolated)?.mayBeNull, undefined, 'a string is never null');
      assert.equal(deployTimeOf(stringAt(root, text, 'var.extra_action'))?.partial, false);
      const literal = stringAt(root, text, '"iam:*"');
      assert.equal(literal.value, 'iam:*');
      assert.equal(deployTimeOf(literal), undefined);
    });

    it('keeps a policy variable written $${...} a known literal, not a deploy-time value', () => {
      const { text, parse } = parseText(`resource "aws_iam_user_policy" "home" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::home/$\${aws:username}/*" }]
  })
}
`);
      const root = policyAt(parse, 'aws_iam_user_policy.home.policy').variants[0];
      const resource = stringAt(root, text, '"arn:aws:s3:::home/$${aws:username}/*"');
      assert.equal(resource.value, 'arn:aws:s3:::home/${aws:username}/*');
      assert.equal(deployTimeOf(resource), undefined);
    });

    it('gives properties the = or : as their colon, so JSON edits find the separator', () => {
      const { text, parse } = parseFixture('jsonencode.tf');
      const root = policyAt(parse, 'aws_iam_policy.admin.policy').variants[0];
      const [version, statement] = root.children!;
      assert.equal(text[version.colonOffset!], '=');
      assert.equal(text[statement.colonOffset!], ':');
      assert.equal(text.slice(root.offset, root.offset + root.length).at(-1), '}');
    });
  });

  describe('heredocs holding JSON', () => {
    it('fires on <<EOF JSON at the line of the token, with interpolated ARNs no malformed-arn', () => {
      const { text, parse } = parseFixture('heredoc.tf');
      const policy = policyAt(parse, 'aws_iam_role_policy.writer.policy');
      assert.equal(policy.edits, 'json');
      const findings = embeddedFindings(text, policy);
      assert.deepEqual(
        findings.filter((f) => f.rule === 'allow-iam-write').map((f) => [f.line, f.text]),
        [[9, '"iam:PassRole"']],
      );
      assert.deepEqual(
        findings.filter((f) => SYNTAX_ON_UNKNOWN.includes(f.rule)),
        [],
      );
      const arn = stringAt(policy.variants[0], text, '"${aws_iam_role.app.arn}"');
      assert.equal(deployTimeOf(arn)?.partial, false);
    });

    it('reads an indented <<-POLICY trust policy as trust (from the slot) and fires trust-missing-external-id', () => {
      const { text, parse } = parseFixture('heredoc.tf');
      const policy = policyAt(parse, 'aws_iam_role.deployer.assume_role_policy');
      assert.equal(policy.kind, 'trust');
      const missing = embeddedFindings(text, policy).filter((f) => f.rule === 'trust-missing-external-id');
      assert.deepEqual(
        missing.map((f) => [f.line, f.text]),
        [[25, '{ "AWS": "arn:aws:iam::111122223333:root" }']],
      );
    });

    it('stands a whole-value interpolation in for a JSON value and reports bad JSON naming the parser, slot and line', () => {
      const { text, parse } = parseText(`resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": \${jsonencode(var.statements)}}
EOF
}
resource "aws_iam_policy" "q" {
  policy = <<EOF
{"Version": "2012-10-17",
 "Statement": [ { "Effect": "Allow" ]
}
EOF
}
`);
      const statements = policyAt(parse, 'aws_iam_policy.p.policy').variants[0].children![1].children![1];
      assert.equal(text.slice(statements.offset, statements.offset + statements.length), '${jsonencode(var.statements)}');
      assert.equal(deployTimeOf(statements)?.source, '${jsonencode(var.statements)}');
      assert.ok(parse.errors.length > 0);
      assert.match(parse.errors[0].message, /^JSON parser \(jsonc-parser\): \w+ in aws_iam_policy\.q\.policy at line 9$/);
    });
  });

  it('reads a quoted string of JSON (read-only), ranged on the escaped token', () => {
    const { text, parse } = parseText(
      'resource "aws_iam_group_policy" "ops" {\n  policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"iam:*\\", \\"Resource\\": \\"arn:aws:iam::${var.account}:user/*\\"}]}"\n}\n',
    );
    const policy = policyAt(parse, 'aws_iam_group_policy.ops.policy');
    assert.equal(policy.edits, 'read-only');
    const findings = embeddedFindings(text, policy);
    assert.deepEqual(
      findings.filter((f) => f.rule === 'allow-iam-write').map((f) => [f.line, f.text]),
      [[2, '\\"iam:*\\"']],
    );
    assert.deepEqual(
      findings.filter((f) => SYNTAX_ON_UNKNOWN.includes(f.rule)),
      [],
    );
    const resource = stringAt(policy.variants[0], text, '\\"arn:aws:iam::${var.account}:user/*\\"');
    assert.equal(resource.value, 'arn:aws:iam::${var.account}:user/*');
    assert.equal(deployTimeOf(resource)?.partial, true);
  });

  it('reads each branch of a conditional slot, and leaves strings that are no JSON policy alone', () => {
    const { text, parse } = parseText(`resource "aws_iam_policy" "either" {
  policy = var.admin ? jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] }) : data.aws_iam_policy_document.reader.json
}
data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "empty" {
  policy = ""
}
resource "aws_iam_role_policy" "from_data" {
  policy = <<EOF
\${data.aws_iam_policy_document.reader.json}
EOF
}
`);
    assert.deepEqual(parse.errors, []);
    assert.deepEqual(
      parse.policies.map((p) => [p.locator, p.kind]),
      [
        ['aws_iam_policy.either.policy', 'identity'],
        ['data.aws_iam_policy_document.reader', 'identity'],
      ],
    );
    assert.deepEqual(
      embeddedFindings(text, parse.policies[0])
        .filter((f) => f.rule === 'allow-iam-write')
        .map((f) => f.text),
      ['"iam:*"'],
    );
  });

  describe('data "aws_iam_policy_document" blocks', () => {
    it('counts the data block once as the policy, its kind from the slot that uses it', () => {
      const { parse } = parseFixture('data_document.tf');
      assert.deepEqual(
        parse.policies.map((p) => [p.locator, p.kind, p.resource, p.edits]),
        [
          ['data.aws_iam_policy_document.trust', 'trust', 'data.aws_iam_policy_document.trust', 'read-only'],
          ['data.aws_iam_policy_document.writer', 'identity', 'data.aws_iam_policy_document.writer', 'read-only'],
        ],
      );
    });

    it('fires trust-missing-external-id on the principals block and allow-iam-write on the actions item', () => {
      const { text, parse } = parseFixture('data_document.tf');
      const trust = embeddedFindings(text, policyAt(parse, 'data.aws_iam_policy_document.trust'));
      const missing = trust.filter((f) => f.rule === 'trust-missing-external-id');
      assert.equal(missing.length, 1);
      assert.equal(missing[0].line, 4);
      assert.ok(missing[0].text.startsWith('principals {'), missing[0].text);
      const writer = embeddedFindings(text, policyAt(parse, 'data.aws_iam_policy_document.writer'));
      assert.deepEqual(
        writer.filter((f) => f.rule === 'allow-iam-write').map((f) => [f.line, f.text]),
        [[19, '"iam:*"']],
      );
    });

    it('builds the JSON policy shape: Version and the default Effect filled in, dynamic blocks as their content or deploy-time values', () => {
      const { text, parse } = parseFixture('data_document.tf');
      const writer = policyAt(parse, 'data.aws_iam_policy_document.writer');
      const [version, statementProperty] = writer.variants[0].children!;
      assert.deepEqual([version.children![0].value, version.children![1].value], ['Version', '2012-10-17']);
      const statements = statementProperty.children![1].children!;
      assert.equal(statements.length, 3);
      const element = (s: Node, name: string) => s.children!.find((p) => p.children![0].value === name)?.children![1];
      assert.equal(element(statements[0], 'Sid')?.value, 'Admin');
      assert.equal(element(statements[0], 'Effect')?.value, 'Allow');
      assert.equal(element(statements[1], 'Effect')?.value, 'Deny');
      const principal = element(statements[1], 'Principal')!;
      assert.ok(deployTimeOf(principal), 'a dynamic principals block is known at deploy time only');
      assert.ok(text.slice(principal.offset).startsWith('dynamic "principals"'));
      assert.equal(deployTimeOf(statements[2]), undefined, 'a dynamic statement block is the statement its content makes');
      assert.equal(element(statements[2], 'Effect')?.value, 'Allow');
      assert.ok(text.slice(element(statements[2], 'Effect')!.offset).startsWith('content {'));
      for (const name of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        assert.equal(deployTimeOf(element(statements[2], name))?.mayBeNull, true, `${name}: statement.value.* may be null`);
      }
      assert.deepEqual(
        embeddedFindings(text, writer).filter(
          (f) => !['allow-iam-write', 'missing-iam-write-deny', 'privilege-escalation'].includes(f.rule),
        ),
        [],
        'dynamic blocks and variables raise no false alarm (Action and NotAction that may each be null conflict in no policy)',
      );
    });

    it('judges the statement a dynamic block makes: its IAM writes and its escalation', () => {
      const text = `data "aws_iam_policy_document" "keys" {
  dynamic "statement" {
    for_each = var.users
    content {
      sid       = statement.key
      actions   = ["iam:CreateAccessKey", "iam:ListAccessKeys"]
      resources = ["arn:aws:iam::*:user/\${statement.value}"]
    }
  }
  dynamic "statement" {
    for_each = var.typing
  }
}
`;
      const { parse } = parseText(text);
      const policy = policyAt(parse, 'data.aws_iam_policy_document.keys');
      const statements = policy.variants[0].children![1].children![1].children!;
      assert.equal(statements.length, 2);
      assert.ok(deployTimeOf(statements[1]), 'a dynamic block without its content yet is known at deploy time only');
      const findings = embeddedFindings(text, policy);
      assert.deepEqual(
        findings.filter((f) => f.rule !== 'missing-iam-write-deny').map((f) => [f.rule, f.line, f.text]),
        [
          ['allow-iam-write', 6, '"iam:CreateAccessKey"'],
          ['privilege-escalation', 6, '"iam:CreateAccessKey"'],
        ],
      );
    });

    it('takes a value that may be null for an element that may be absent: no conflict, no Resource in a trust policy', () => {
      const doc = (name: string, body: string) => `data "aws_iam_policy_document" "${name}" {\n  statement {\n${body}\n  }\n}\n`;
      const rulesOf = (text: string, locator: string) =>
        embeddedFindings(text, policyAt(parseText(text).parse, locator)).map((f) => f.rule);
      const passThrough = doc('pass', '    actions     = var.actions\n    not_actions = var.not_actions\n    resources   = ["*"]');
      assert.deepEqual(rulesOf(passThrough, 'data.aws_iam_policy_document.pass'), []);
      const both = doc('both', '    actions     = ["s3:GetObject"]\n    not_actions = ["s3:PutObject"]\n    resources   = ["*"]');
      assert.ok(rulesOf(both, 'data.aws_iam_policy_document.both').includes('conflicting-elements'), 'literal values are both there');
      const trust = (resources: string) =>
        doc(
          'trust',
          `    actions   = ["sts:AssumeRole"]\n    resources = ${resources}\n    principals {\n      type        = "Service"\n      identifiers = ["ec2.amazonaws.com"]\n    }`,
        );
      assert.ok(!rulesOf(trust('var.resources'), 'data.aws_iam_policy_document.trust').includes('resource-in-trust-policy'));
      assert.ok(rulesOf(trust('["*"]'), 'data.aws_iam_policy_document.trust').includes('resource-in-trust-policy'));
    });

    it('takes an ExternalId test chosen at deploy time for one that may hold: neither missing nor weak', () => {
      const trust = (test: string) => `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/partner"]
    }
    condition {
      test     = ${test}
      variable = "sts:ExternalId"
      values   = ["c7a1f0e2-5b9d-4e63-8f21-3d6a9b0c4e17"]
    }
  }
}
`;
      const externalIdRules = (text: string) =>
        embeddedFindings(text, policyAt(parseText(text).parse, 'data.aws_iam_policy_document.trust'))
          .filter((f) => f.rule.includes('external-id'))
          .map((f) => [f.rule, f.severity]);
      assert.deepEqual(externalIdRules(trust('var.external_id_test')), []);
      assert.deepEqual(externalIdRules(trust('"StringEqualsIfExists"')), [['trust-weak-external-id', 'error']]);
    });

    it('reads an OIDC provider named at deploy time, and claim conditions whose key or operator is known only then', () => {
      const github = (condition: string) => `data "aws_iam_policy_document" "ci" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:\${data.aws_partition.current.partition}:iam::\${local.account_id}:oidc-provider/token.actions.githubusercontent.com"]
    }
${condition}
  }
}
`;
      const broad = (text: string, locator: string) =>
        embeddedFindings(text, policyAt(parseText(text).parse, locator))
          .filter((f) => f.rule === 'trust-broad-principal')
          .map((f) => f.severity);
      assert.deepEqual(broad(github(''), 'data.aws_iam_policy_document.ci'), ['error'], 'a multi-tenant provider without claims');
      const sub =
        '    condition {\n      test     = "StringLike"\n      variable = "token.actions.githubusercontent.com:sub"\n      values   = ["repo:org/app:*"]\n    }';
      assert.deepEqual(broad(github(sub), 'data.aws_iam_policy_document.ci'), []);
      // The IRSA module's trust: provider, operator and claim key all come from variables.
      const irsa = `data "aws_iam_policy_document" "assume" {
  dynamic "statement" {
    for_each = var.oidc_providers
    content {
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = [statement.value.provider_arn]
      }
      condition {
        test     = var.trust_condition_test
        variable = "\${replace(statement.value.provider_arn, "/^(.*provider/)/", "")}:sub"
        values   = [for sa in statement.value.namespace_service_accounts : "system:serviceaccount:\${sa}"]
      }
    }
  }
}
`;
      assert.deepEqual(broad(irsa, 'data.aws_iam_policy_document.assume'), []);
      assert.deepEqual(
        broad(irsa.replace(/\n {6}condition {[^]*?\n {6}}/, ''), 'data.aws_iam_policy_document.assume'),
        ['warning'],
        'without any claim condition, even an unknown provider trusts every identity it has',
      );
      // "*" narrowed by a condition whose operator is a variable: a warning, as for one known only at deploy time.
      const everyone = `data "aws_iam_policy_document" "org" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = var.org_test
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}
`;
      assert.deepEqual(broad(everyone, 'data.aws_iam_policy_document.org'), ['warning']);
      assert.deepEqual(broad(everyone.replace('var.org_test', '"StringNotEquals"'), 'data.aws_iam_policy_document.org'), ['error']);
    });

    it('judges an unreferenced document by its content, and reads principals, conditions and merged documents', () => {
      const { text, parse } = parseText(`data "aws_iam_policy_document" "assume" {
  source_policy_documents = [var.base]
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/ci"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}
`);
      const policy = policyAt(parse, 'data.aws_iam_policy_document.assume');
      assert.equal(policy.kind, 'trust');
      const statements = policy.variants[0].children![1].children![1].children!;
      assert.equal(statements.length, 2, 'the statement and the merged documents');
      assert.ok(deployTimeOf(statements[1]));
      const findings = embeddedFindings(text, policy);
      assert.deepEqual(
        findings.filter((f) => f.rule.startsWith('trust-missing') || SYNTAX_ON_UNKNOWN.includes(f.rule)),
        [],
        'an ExternalId bound to a variable counts as required',
      );
      const condition = statements[0].children!.find((p) => p.children![0].value === 'Condition')!.children![1];
      const key = condition.children![0].children![1].children![0];
      assert.equal(key.children![0].value, 'sts:ExternalId');
      assert.equal(condition.children![0].children![0].value, 'StringEquals');
    });
    it('takes a dynamic condition block for one that may test any key: no missing ExternalId, no public principal', () => {
      const { text, parse } = parseText(`data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    dynamic "condition" {
      for_each = var.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::site/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = var.org_conditions
      content {
        test     = "StringEquals"
        variable = "aws:PrincipalOrgID"
        values   = [condition.value]
      }
    }
  }
}
resource "aws_s3_bucket_policy" "site" {
  policy = data.aws_iam_policy_document.bucket.json
}
`);
      const trust = policyAt(parse, 'data.aws_iam_policy_document.assume');
      assert.equal(trust.kind, 'trust');
      assert.deepEqual(
        embeddedFindings(text, trust).filter((f) => f.rule === 'trust-missing-external-id'),
        [],
      );
      const bucket = policyAt(parse, 'data.aws_iam_policy_document.bucket');
      assert.equal(bucket.kind, 'resource');
      const principal = [...nodesOf(bucket.variants[0])].find((n) => n.type === 'property' && n.children![0].value === 'Principal')!;
      assert.equal(principal.children![1].value, '*', 'type "*" with identifiers ["*"] renders as "Principal": "*"');
      assert.deepEqual(
        embeddedFindings(text, bucket).filter((f) => f.rule === 'resource-public-principal'),
        [],
      );
    });

    it('still fires when the statement has no condition at all (the dynamic block is what silences it)', () => {
      const { text, parse } = parseText(`data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.trusted_account_arn]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`);
      const findings = embeddedFindings(text, policyAt(parse, 'data.aws_iam_policy_document.assume'));
      assert.deepEqual(
        findings.filter((f) => f.rule === 'trust-missing-external-id').map((f) => f.line),
        [4],
      );
    });
  });

  describe('conditional expressions', () => {
    it('yields one variant per branch choice, and what any variant grants is reported', () => {
      const { text, parse } = parseFixture('conditional.tf');
      const policy = policyAt(parse, 'aws_iam_policy.maybe_admin.policy');
      assert.equal(policy.variants.length, 4);
      const actions = policy.variants.map((v) => stringAt(v, text, v === policy.variants[0] ? '"iam:*"' : findAction(v, text)).value);
      assert.deepEqual(actions, ['iam:*', 's3:GetObject', 'iam:*', 's3:GetObject']);
      const write = embeddedFindings(text, policy).filter((f) => f.rule === 'allow-iam-write');
      assert.deepEqual(
        write.map((f) => [f.variant, f.line, f.text]),
        [
          [0, 7, '"iam:*"'],
          [2, 7, '"iam:*"'],
        ],
      );
    });

    it(`beyond ${MAX_VARIANTS} variants, reads the conditionals as deploy-time values`, () => {
      const items = Array.from({ length: 5 }, (_, i) => `var.c${i} ? "s3:GetObject" : "iam:*"`).join(', ');
      const { text, parse } = parseText(`resource "aws_iam_policy" "many" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Resource = "*", Action = [${items}] }] })
}
`);
      const policy = policyAt(parse, 'aws_iam_policy.many.policy');
      assert.equal(policy.variants.length, 1);
      const action = policy.variants[0].children![1].children![1].children![0].children!.find((p) => p.children![0].value === 'Action')!;
      assert.ok(action.children![1].children!.every((item) => deployTimeOf(item)?.partial === false));
      assert.deepEqual(
        embeddedFindings(text, policy).filter((f) => SYNTAX_ON_UNKNOWN.includes(f.rule)),
        [],
      );
    });
  });

  function findAction(root: Node, host: string): string {
    const action = [...nodesOf(root)].find((n) => n.type === 'property' && n.children![0].value === 'Action')!.children![1];
    return host.slice(action.offset, action.offset + action.length);
  }

  it('resolves file() and templatefile() against the .tf folder, with the kind of their slot', () => {
    const { parse } = parseFixture('file_reference.tf');
    assert.deepEqual(parse.policies, []);
    assert.deepEqual(
      parse.referencedFiles.map((r) => [r.path, r.kind, r.locator]),
      [
        [join(TF_FIXTURES, 'policies', 'reader.json'), 'identity', 'aws_iam_policy.from_file.policy'],
        [join(TF_FIXTURES, 'trust.json.tpl'), 'trust', 'aws_iam_role.from_template.assume_role_policy'],
      ],
    );
  });

  it('reads resource policies as resource: resource-public-principal on a bucket policy', () => {
    const { text, parse } = parseFixture('non_iam.tf');
    assert.deepEqual(
      parse.policies.map((p) => [p.locator, p.kind]),
      [['aws_s3_bucket_policy.public.policy', 'resource']],
    );
    const open = embeddedFindings(text, parse.policies[0]).filter((f) => f.rule === 'resource-public-principal');
    assert.deepEqual(
      open.map((f) => [f.line, f.text]),
      [[16, '"*"']],
    );
  });

  it('takes a VPC endpoint policy for no resource policy: its "Principal": "*" grants nothing', () => {
    const endpoint = (type: string) => `resource "${type}" "s3" {
  vpc_endpoint_id = "vpce-1"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::app/*"] }]
  })
}
`;
    for (const type of ['aws_vpc_endpoint', 'aws_vpc_endpoint_policy']) {
      assert.deepEqual(parseText(endpoint(type)).parse.policies, [], type);
    }
    assert.equal(parseText(endpoint('aws_s3_bucket_policy')).parse.policies[0]?.kind, 'resource', 'the same policy on a bucket is one');
  });

  it('finds no policy in non-IAM Terraform, quickly', () => {
    const block = (i: number) =>
      `resource "aws_instance" "web${i}" {\n  ami = "ami-${i}"\n  tags = { Name = "web-\${var.env}", Policy = jsonencode({ a = 1 }) }\n}\n`;
    let text = '';
    for (let i = 0; text.length < 200_000; i++) text += block(i);
    const started = performance.now();
    const parse = parseTerraform(text, join(TF_FIXTURES, 'instances.tf'));
    const elapsed = performance.now() - started;
    assert.deepEqual([parse.policies, parse.errors, parse.referencedFiles], [[], [], []]);
    assert.ok(elapsed < 2000, `${elapsed} ms for 200 kB`);
  });

  it('reports syntax errors naming the parser and the line, never a silently clean file', () => {
    const { text, parse } = parseFixture('broken.tf');
    assert.ok(parse.errors.length > 0);
    assert.match(parse.errors[0].message, /^HCL parser \(tree-sitter\): syntax error at line 8, column \d+/);
    assert.ok(parse.errors.every((e) => e.offset >= 0 && e.offset + e.length <= text.length));
    const garbage = parseText('resource "aws_iam_role" {{{ = = \n');
    assert.ok(garbage.parse.errors.length > 0);
    assert.match(garbage.parse.errors[0].message, /line 1/);
  });

  it('keeps every node of every fixture inside its file', () => {
    for (const name of ['jsonencode.tf', 'heredoc.tf', 'data_document.tf', 'conditional.tf', 'non_iam.tf', 'broken.tf']) {
      const { text, parse } = parseFixture(name);
      assert.deepEqual(rangesInside(text, parse), [], name);
    }
  });
});
