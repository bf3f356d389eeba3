import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { forgetTerraformFile, loadTerraformParser, parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { parseTerraformJson, parseTerraformPlan } from '../../../server/src/iac/terraform/terraformJson';
import { embeddedFindings, rangesInside } from '../../support/embedded';

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  '=',
  ':',
  '?',
  '"',
  '\\"',
  '${',
  '$${',
  '%{',
  '<<EOF\n',
  '\nEOF\n',
  '<<-X\n',
  '\n  X\n',
  'Version',
  'Statement',
  'Effect',
  '"Allow"',
  'Action',
  '"iam:*"',
  'Resource',
  '"*"',
  'Principal',
  'Condition',
  'var.x',
  'local.y',
  'data.aws_iam_policy_document.d.json',
  'jsonencode',
  'file',
  'true',
  '1',
  'null',
  '\n',
  ' ',
  '#',
  '//',
  '/*',
  '*/',
  'statement',
  'dynamic',
  'principals',
  'type',
  'identifiers',
  'for',
  'in',
  'é',
  '😀',
];

const PREFIXES = [
  'resource "aws_iam_policy" "p" {\n  policy = jsonencode(',
  'resource "aws_iam_role" "r" {\n  assume_role_policy = <<EOF\n',
  'data "aws_iam_policy_document" "d" {\n  statement {\n',
  'resource "aws_s3_bucket_policy" "b" {\n  policy = "',
];

describe('Terraform adapter on arbitrary input', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  it('never throws, keeps every node and error inside the file, and the rules run on what it finds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PREFIXES), fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (prefix, tokens) => {
        const text = prefix + tokens.join(' ');
        const parse = parseTerraform(text, '/work/main.tf');
        assert.deepEqual(rangesInside(text, parse), []);
        for (const e of parse.errors) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, e.message);
        for (const policy of parse.policies) embeddedFindings(text, policy);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON-ish text as .tf.json or plan', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (noise) => {
        const text = `{"resource": {"aws_iam_policy": {"p": {"policy": ${JSON.stringify(noise)}}}}, "format_version": "1", "resource_changes": [{"address": "a.b", "mode": "managed", "type": "aws_iam_policy", "change": {"after": {"policy": ${JSON.stringify(noise)}}}}]}`;
        for (const parse of [parseTerraformJson(text, 'main.tf.json'), parseTerraformPlan(text, 'plan.json')]) {
          assert.deepEqual(rangesInside(text, parse), []);
          for (const policy of parse.policies) embeddedFindings(text, policy);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** A parse as plain data: the trees without parent links, for comparing two parses. */
/** The parse as data: each policy's fields in one order (a policy carried from a version read before builds its trees on first read). */
function snapshot(parse: ReturnType<typeof parseTerraform>): string {
  const policies = parse.policies.map((p) => ({
    locator: p.locator,
    kind: p.kind,
    resource: p.resource,
    edits: p.edits,
    construct: p.construct,
    attachedTo: p.attachedTo,
    placedOn: p.placedOn,
    variants: p.variants,
  }));
  return JSON.stringify({ ...parse, policies }, (key, value: unknown) => (key === 'parent' ? undefined : value));
}

describe('Terraform adapter: incremental reparsing of the next version of a file', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  it('gives the same result as a fresh parse, whatever the edit', () => {
    const base = [
      'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n',
      '    Statement = [{ Effect = "Allow", Action = ["iam:*", var.a], Resource = "*" }]\n  })\n}\n',
      'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:*"]\n  }\n}\n',
    ].join('');
    fc.assert(
      fc.property(
        fc.nat(base.length),
        fc.nat(20),
        fc.constantFrom('', 'x', '"', '}', '\n', ' iam:Get* ', '${var.b}', 'é'),
        (at, removed, inserted) => {
          const next = base.slice(0, at) + inserted + base.slice(Math.min(base.length, at + removed));
          parseTerraform(base, '/work/incremental.tf');
          const incremental = snapshot(parseTerraform(next, '/work/incremental.tf'));
          forgetTerraformFile('/work/fresh.tf');
          const fresh = snapshot(parseTerraform(next, '/work/fresh.tf'));
          forgetTerraformFile('/work/fresh.tf');
          assert.equal(incremental, fresh);
        },
      ),
      { numRuns: 150 },
    );
  });
});
