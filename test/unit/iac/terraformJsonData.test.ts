import * as assert from 'node:assert/strict';
import { Node, getNodeValue } from 'jsonc-parser';
import { deployTimeOf } from '../../../server/src/engine/deployTime';
import { loadTerraformParser, parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { parseTerraformJson } from '../../../server/src/iac/terraform/terraformJson';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { embeddedFindings, nodesOf, policyAt, rangesInside, tfFixture } from '../../support/embedded';

/** A tree's JSON value, every deploy-time value as `<unknown>` (HCL and JSON spell them apart). */
function rendered(node: Node): unknown {
  if (deployTimeOf(node)) return '<unknown>';
  if (node.type === 'object') {
    return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value, rendered(p.children![1])]));
  }
  if (node.type === 'array') return (node.children ?? []).map(rendered);
  return getNodeValue(node);
}

const dataJson = (documents: object, resources: object = {}) =>
  JSON.stringify({ data: { aws_iam_policy_document: documents }, resource: resources }, null, 2);

describe('Terraform adapter: data "aws_iam_policy_document" in .tf.json', () => {
  const { path, text } = tfFixture('data_document.tf.json');
  const parse = parseTerraformJson(text, path);

  it('reads each document once, read-only, its kind from the slot that uses it', () => {
    assert.deepEqual(parse.errors, []);
    assert.deepEqual(
      parse.policies.map((p) => [p.locator, p.kind, p.resource, p.edits]),
      [
        ['data.aws_iam_policy_document.trust', 'trust', 'data.aws_iam_policy_document.trust', 'read-only'],
        ['data.aws_iam_policy_document.writer', 'identity', 'data.aws_iam_policy_document.writer', 'read-only'],
        ['data.aws_iam_policy_document.bucket', 'resource', 'data.aws_iam_policy_document.bucket', 'read-only'],
      ],
    );
    assert.deepEqual(rangesInside(text, parse), []);
  });

  it('fires trust-missing-external-id on the principals block and allow-iam-write on the actions item', () => {
    const trust = embeddedFindings(text, policyAt(parse, 'data.aws_iam_policy_document.trust'));
    const missing = trust.filter((f) => f.rule === 'trust-missing-external-id');
    assert.deepEqual(
      missing.map((f) => [f.line, f.text.split('\n')[0]]),
      [[7, '{']],
    );
    const writer = embeddedFindings(text, policyAt(parse, 'data.aws_iam_policy_document.writer'));
    assert.deepEqual(
      writer.filter((f) => f.rule === 'allow-iam-write').map((f) => [f.line, f.text]),
      [[17, '"iam:*"']],
    );
    assert.deepEqual(
      writer.filter((f) => !['allow-iam-write', 'missing-iam-write-deny', 'privilege-escalation'].includes(f.rule)),
      [],
      'dynamic blocks and ${var...} raise no false alarm',
    );
  });

  it('takes a PrincipalOrgID bound to a variable as a real condition on a public principal', () => {
    const bucket = policyAt(parse, 'data.aws_iam_policy_document.bucket');
    assert.deepEqual(embeddedFindings(text, bucket), []);
    const principal = [...nodesOf(bucket.variants[0])].find((n) => n.type === 'property' && n.children![0].value === 'Principal')!;
    assert.equal(principal.children![1].value, '*', 'type "*" with identifiers ["*"] renders as "Principal": "*"');
    const unconditioned = text.replace(/,\n\s*"condition": \[\n[^\n]*\n\s*\]/, '');
    assert.notEqual(unconditioned, text);
    const open = parseTerraformJson(unconditioned, path);
    assert.deepEqual(
      embeddedFindings(unconditioned, policyAt(open, 'data.aws_iam_policy_document.bucket')).map((f) => [f.rule, f.line]),
      [['resource-public-principal', 48]],
    );
  });

  it('attaches the document through the policy that uses it to the role that policy is attached to', () => {
    assert.deepEqual(policyAt(parse, 'data.aws_iam_policy_document.writer').attachedTo, ['aws_iam_role.auditor']);
  });

  it('renders the same policy as the HCL form of the same document', async function () {
    this.timeout(20000);
    await loadTerraformParser();
    const hcl = `data "aws_iam_policy_document" "d" {
  policy_id = "doc"
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::site", "\${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/a"]
    }
    principals {
      type        = "AWS"
      identifiers = [var.reader_arn]
    }
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpc"
      values   = [var.vpc]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    effect        = "Deny"
    not_actions   = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::site/*"]
  }
  source_policy_documents = [var.base]
}
`;
    const json = dataJson({
      d: {
        policy_id: 'doc',
        statement: [
          {
            sid: 'Read',
            actions: ['s3:GetObject', 's3:ListBucket'],
            resources: ['arn:aws:s3:::site', '${aws_s3_bucket.site.arn}/*'],
            principals: [
              { type: 'AWS', identifiers: ['arn:aws:iam::111122223333:role/a'] },
              { type: 'AWS', identifiers: ['${var.reader_arn}'] },
              { type: 'Service', identifiers: ['lambda.amazonaws.com'] },
            ],
            condition: [
              { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] },
              { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['${var.vpc}'] },
              { test: 'Bool', variable: 'aws:SecureTransport', values: ['true'] },
            ],
          },
          { effect: 'Deny', not_actions: ['s3:GetObject'], not_resources: ['arn:aws:s3:::site/*'] },
        ],
        source_policy_documents: ['${var.base}'],
      },
    });
    const fromHcl = parseTerraform(hcl, 'main.tf').policies;
    const fromJson = parseTerraformJson(json, 'main.tf.json').policies;
    assert.equal(fromJson.length, 1);
    assert.deepEqual(rendered(fromJson[0].variants[0]), rendered(fromHcl[0].variants[0]));
    assert.deepEqual([fromJson[0].locator, fromJson[0].kind], [fromHcl[0].locator, fromHcl[0].kind]);
    const statement = (rendered(fromJson[0].variants[0]) as { Statement: unknown[] }).Statement;
    assert.deepEqual(statement[0], {
      Sid: 'Read',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::site', '<unknown>'],
      Principal: { AWS: ['arn:aws:iam::111122223333:role/a', '<unknown>'], Service: ['lambda.amazonaws.com'] },
      Condition: {
        StringEquals: { 'aws:SourceAccount': ['111122223333'], 'aws:SourceVpc': ['<unknown>'] },
        Bool: { 'aws:SecureTransport': ['true'] },
      },
    });
  });

  it('judges an unused document by its content: a principal that may assume a role makes it a trust policy', () => {
    const json = dataJson({
      assume: { statement: { actions: ['sts:AssumeRole'], principals: { type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] } } },
    });
    const parsed = parseTerraformJson(json, 'main.tf.json');
    assert.deepEqual(
      parsed.policies.map((p) => [p.locator, p.kind]),
      [['data.aws_iam_policy_document.assume', 'trust']],
    );
  });

  it('reads a condition block still without values (completion finds its key) and does not nag about it', () => {
    const json = dataJson({
      d: { statement: { actions: ['s3:GetObject'], resources: ['*'], condition: { test: 'StringEquals', variable: 'aws:SourceAccount' } } },
    });
    const parsed = parseTerraformJson(json, 'main.tf.json');
    const statement = (rendered(parsed.policies[0].variants[0]) as { Statement: Array<{ Condition: unknown }> }).Statement[0];
    assert.deepEqual(statement.Condition, { StringEquals: { 'aws:SourceAccount': [] } });
    assert.deepEqual(
      embeddedFindings(json, parsed.policies[0]).filter((f) => f.rule === 'empty-element'),
      [],
    );
  });

  it('drops a condition block whose variable or test is no string, in JSON as in HCL, and every rule runs', async function () {
    this.timeout(20000);
    // Found by `npm run fuzz`: a list as the key became a property with no string key, and the
    // rules that read condition keys (resource-public-principal, confused-deputy) threw.
    const json = dataJson({
      d: {
        statement: {
          actions: ['s3:GetObject'],
          resources: ['*'],
          principals: { type: '*', identifiers: ['*'] },
          condition: [
            { test: 'StringEquals', variable: ['aws:PrincipalOrgID', 'aws:SourceAccount'], values: ['o-1'] },
            { test: ['StringEquals'], variable: 'aws:SourceAccount', values: ['111122223333'] },
            { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-1'] },
          ],
        },
      },
    });
    const fromJson = analyzeFile(json, 'main.tf.json');
    assert.deepEqual(
      fromJson.policies.flatMap((p) => p.ruleErrors),
      [],
    );
    const statement = (rendered(fromJson.policies[0].host!.variants[0]) as { Statement: Array<{ Condition: unknown }> }).Statement[0];
    assert.deepEqual(statement.Condition, { StringEquals: { 'aws:SourceVpc': ['vpc-1'] } });
    await loadTerraformParser();
    const hcl = `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = ["aws:PrincipalOrgID"]
      values   = ["o-1"]
    }
  }
}
`;
    assert.deepEqual(
      analyzeFile(hcl, 'main.tf').policies.flatMap((p) => p.ruleErrors),
      [],
    );
  });

  it('offers only the fixes that replace one string (did-you-mean), as for the HCL data block', () => {
    const json = dataJson({ d: { statement: { actions: ['s3:GetObjekt', 'iam:*'], resources: ['*'] } } });
    const typo = json.indexOf('s3:GetObjekt');
    const atTypo = codeActionsAt(json, typo, typo, {}, ['quickfix'], 'main.tf.json');
    const fix = atTypo.find((a) => a.title.includes('s3:GetObject'));
    assert.ok(fix, atTypo.map((a) => a.title).join(' | '));
    assert.deepEqual(
      fix.edits.map((e) => [json.slice(e.offset, e.offset + e.length), e.newText]),
      [['"s3:GetObjekt"', '"s3:GetObject"']],
    );
    const wildcard = json.indexOf('iam:*');
    const atWildcard = codeActionsAt(json, wildcard, wildcard, {}, ['quickfix'], 'main.tf.json');
    assert.ok(atWildcard.length > 0);
    for (const action of atWildcard) {
      assert.equal(action.edits.length, 1, action.title);
      const [edit] = action.edits;
      assert.match(json.slice(edit.offset, edit.offset + edit.length), /^"[^"]*"$/, `${action.title} replaces one string`);
      assert.match(edit.newText, /^"[^"]*"$/, `${action.title} writes one string`);
    }
  });

  it('still reports an ExternalId condition whose values are not written yet, in HCL as in JSON', async function () {
    this.timeout(20000);
    await loadTerraformParser();
    const hcl = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/ci"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
    }
  }
}
`;
    const fromHcl = embeddedFindings(hcl, parseTerraform(hcl, 'main.tf').policies[0]);
    assert.deepEqual(
      fromHcl.filter((f) => f.rule.startsWith('trust-')).map((f) => [f.rule, f.line, f.text]),
      [['trust-weak-external-id', 9, '"StringEquals"']],
    );
    const json = dataJson({
      assume: {
        statement: {
          actions: ['sts:AssumeRole'],
          principals: { type: 'AWS', identifiers: ['arn:aws:iam::111122223333:role/ci'] },
          condition: { test: 'StringEquals', variable: 'sts:ExternalId' },
        },
      },
    });
    const fromJson = embeddedFindings(json, parseTerraformJson(json, 'main.tf.json').policies[0]);
    assert.deepEqual(
      fromJson.filter((f) => f.rule.startsWith('trust-')).map((f) => [f.rule, f.text]),
      [['trust-weak-external-id', '"StringEquals"']],
    );
  });

  it('is what analyzeFile reports for the file, with lines in the template', () => {
    const analysis = analyzeFile(text, path);
    const writer = analysis.policies.find((p) => p.locator === 'data.aws_iam_policy_document.writer');
    assert.ok(writer, analysis.policies.map((p) => p.locator).join());
    assert.deepEqual(
      writer.findings.filter((f) => f.rule === 'allow-iam-write').map((f) => f.range.start.line + 1),
      [17],
    );
  });
});
