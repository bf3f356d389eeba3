import * as assert from 'node:assert/strict';
import { loadTerraformParser, setHclParseDeadline } from '../../../server/src/iac/terraform/hclParser';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';

describe('Terraform files the HCL parser is not given', () => {
  before(() => loadTerraformParser());

  it('a file nesting brackets past any real Terraform is an invalid-template finding at once, not a parse of minutes', () => {
    // tree-sitter's error recovery took 24 s on 120 KB of nested `{"a":` (found by npm run fuzz).
    const deep = `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'{ a = '.repeat(150)}1${'}'.repeat(150)})\n}\n`;
    const started = Date.now();
    const analysis = analyzeFile(deep, 'deep.tf');
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(
      analysis.findings.map((f) => [f.rule, f.message]),
      [
        [
          'invalid-template',
          'HCL parser (tree-sitter): the file nests more than 100 brackets deep at line 2; no Terraform does, and it is not parsed. ' +
            'The policies of this template may not all be checked until it parses.',
        ],
      ],
    );
  });

  it('brackets inside strings do not count, and ordinary nesting parses', () => {
    const text = `resource "aws_iam_policy" "p" {\n  description = "${'{'.repeat(300)}"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:CreateUser", Resource = "*" }] })\n}\n`;
    const rules = analyzeFile(text, 'main.tf').findings.map((f) => f.rule);
    assert.ok(rules.includes('allow-iam-write'), rules.join());
    assert.ok(!rules.includes('invalid-template'));
  });

  it('an edit of a kept file is checked again when it can change the nesting, and only then', () => {
    // Inside the string, `\"` keeps it open and the brackets after it are text; one letter typed
    // after the backslash ends the string there, and the brackets nest 150 deep.
    const deep = (typed: string) =>
      `resource "aws_iam_policy" "p" {\n  description = "a\\${typed}" ${'{'.repeat(150)}"\n  policy = jsonencode({ Statement = [] })\n}\n`;
    const nesting = (text: string) =>
      analyzeFile(text, 'edited.tf').findings.some((f) => f.rule === 'invalid-template' && /nests more than 100/.test(f.message));
    assert.equal(nesting(deep('')), false);
    assert.equal(nesting(deep('q')), true);
    // A plain edit elsewhere of a file that passed keeps passing, and brackets typed are counted.
    assert.equal(nesting(deep('').replace('aws_iam_policy" "p', 'aws_iam_policy" "policy')), false);
    const typedBrackets = `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'{ a = '.repeat(150)}1${'}'.repeat(150)})\n}\n`;
    assert.equal(nesting(typedBrackets), true);
  });

  it('a parse cut off by its deadline leaves nothing behind: the next file parses on its own', () => {
    const many = Array.from(
      { length: 400 },
      (_, i) => `resource "aws_iam_policy" "p${i}" {\n  policy = jsonencode({ Statement = [] })\n}\n`,
    ).join('');
    setHclParseDeadline(-1);
    try {
      const cut = analyzeFile(many, 'cut.tf');
      assert.match(cut.findings[0]?.message ?? '', /gave up after/);
    } finally {
      setHclParseDeadline(undefined);
    }
    // tree-sitter resumes a cancelled parse on the next call unless reset: this file then got a tree
    // of both texts, with syntax errors of neither.
    const next = `resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n`;
    const analysis = analyzeFile(next, 'next.tf');
    assert.deepEqual(
      analysis.findings.filter((f) => f.rule === 'invalid-template').map((f) => f.message),
      [],
    );
    assert.equal(analysis.policies.length, 1);
  });
});
