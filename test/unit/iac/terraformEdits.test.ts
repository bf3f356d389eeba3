import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { analyzeEmbedded } from '../../../server/src/engine/analyze';
import { LineIndex } from '../../../server/src/engine/lineIndex';
import type { FixEdit } from '../../../server/src/engine/rule';
import { loadTerraformParser, parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { allRules } from '../../../server/src/rules';
import { cachedFileAnalysis } from '../../../server/src/services/analysisCache';
import { codeActionsAt } from '../../../server/src/services/codeActions';
import { embeddedFindings, tfFixture } from '../../support/embedded';

/** A snippet as the editor inserts it: each placeholder's default text. */
function unsnippet(text: string): string {
  return text
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

function apply(text: string, edits: readonly FixEdit[]): string {
  return [...edits]
    .sort((a, b) => b.offset - a.offset)
    .reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

/** The fixes of one rule's first finding on the first policy of a .tf text. */
function fixesOf(text: string, rule: string) {
  const policy = parseTerraform(text, 'main.tf').policies[0];
  const result = analyzeEmbedded(allRules, { text, lines: new LineIndex(text), root: policy.variants[0], kind: policy.kind });
  const finding = result.findings.find((f) => f.rule === rule)!;
  const fixes = allRules.find((r) => r.meta.id === rule)!.fixes!(finding, {
    text,
    doc: result.document,
    kind: result.kind,
    catalog: sharedCatalog(),
    format: { unit: '  ', eol: '\n' },
  });
  assert.ok(fixes.length > 0, `${rule} offers a fix`);
  return { policy, fixes };
}

describe('Terraform adapter: the engine JSON edits in jsonencode (edits: hcl-object)', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  it('every fix of every finding in jsonencode and heredoc policies leaves HCL that parses cleanly', () => {
    const trust = `resource "aws_iam_role" "x" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "sts:AssumeRole"
      }
    ]
  })
}
resource "aws_iam_policy" "typo" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })
}
`;
    const texts = ['jsonencode.tf', 'heredoc.tf', 'conditional.tf', 'non_iam.tf'].map((name) => tfFixture(name).text).concat(trust);
    const tried = new Set<string>();
    for (const text of texts) {
      for (const policy of parseTerraform(text, 'main.tf').policies) {
        const result = analyzeEmbedded(allRules, { text, lines: new LineIndex(text), root: policy.variants[0], kind: policy.kind });
        const context = {
          text,
          doc: result.document,
          kind: result.kind,
          catalog: sharedCatalog(),
          format: { unit: '  ', eol: '\n' as const },
        };
        for (const finding of result.findings) {
          for (const fix of allRules.find((r) => r.meta.id === finding.rule)!.fixes?.(finding, context) ?? []) {
            const edits = fix.snippet ? fix.edits.map((e) => ({ ...e, newText: unsnippet(e.newText) })) : fix.edits;
            const fixed = parseTerraform(apply(text, edits), 'fixed.tf');
            assert.deepEqual(fixed.errors, [], `${policy.locator}: ${fix.title}`);
            tried.add(finding.rule);
          }
        }
      }
    }
    assert.deepEqual([...tried].sort(), [
      'allow-iam-write',
      'missing-iam-write-deny',
      'privilege-escalation',
      'resource-public-principal',
      'trust-missing-external-id',
      'unknown-action',
    ]);
  });

  for (const rule of ['missing-iam-write-deny', 'allow-iam-write']) {
    it(`${rule}'s fix leaves valid HCL whose re-analysis no longer has the finding`, () => {
      const { text } = tfFixture('jsonencode.tf');
      const { policy, fixes } = fixesOf(text, rule);
      assert.equal(policy.edits, 'hcl-object');
      const fixed = apply(text, fixes[0].edits);
      const reparsed = parseTerraform(fixed, 'main.tf');
      assert.deepEqual(reparsed.errors, []);
      const after = embeddedFindings(fixed, reparsed.policies[0]);
      assert.ok(!after.some((f) => f.rule === rule), after.map((f) => f.rule).join(', '));
    });
  }
});

describe('Terraform adapter: fixes in a data "aws_iam_policy_document" block (HCL blocks)', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser();
  });

  const writer = `data "aws_iam_policy_document" "writer" {
  statement {
    actions   = ["iam:CreateUser"]
    resources = ["*"]
  }
}
`;
  const trust = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/deployer"]
    }
  }
}

resource "aws_iam_role" "ci" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

  it('the IAM-write Deny is a statement block after the last, and the document is then clean of missing-iam-write-deny', () => {
    const { policy, fixes } = fixesOf(writer, 'missing-iam-write-deny');
    assert.equal(policy.edits, 'read-only');
    const fixed = apply(writer, fixes[0].edits);
    assert.match(
      fixed,
      /\n {2}}\n\n {2}statement {\n {4}sid {7}= "DenyIamWrite"\n {4}effect {4}= "Deny"\n {4}actions {3}= \[\n {6}"iam:AcceptDelegationRequest",\n/,
    );
    assert.match(fixed, /\n {6}"iam:Upload\*",\n {4}\]\n {4}resources = \["\*"\]\n {2}}\n}\n$/);
    const reparsed = parseTerraform(fixed, 'main.tf');
    assert.deepEqual(reparsed.errors, []);
    const rules = embeddedFindings(fixed, reparsed.policies[0]).map((f) => f.rule);
    assert.ok(!rules.includes('missing-iam-write-deny'), rules.join());
  });

  it('the ExternalId condition is a condition block at the end of the statement, its value a tab stop', () => {
    const { fixes } = fixesOf(trust, 'trust-missing-external-id');
    const fix = fixes.find((f) => f.title.includes('sts:ExternalId'))!;
    assert.ok(fix.snippet);
    const fixed = apply(
      trust,
      fix.edits.map((e) => ({ ...e, newText: unsnippet(e.newText) })),
    );
    assert.match(
      fixed,
      / {4}}\n {4}condition {\n {6}test {5}= "StringEquals"\n {6}variable = "sts:ExternalId"\n {6}values {3}= \["external-id-agreed-with-the-third-party"\]\n {4}}\n {2}}\n}/,
    );
    const reparsed = parseTerraform(fixed, 'main.tf');
    assert.deepEqual(reparsed.errors, []);
    const rules = embeddedFindings(fixed, reparsed.policies[0]).map((f) => f.rule);
    assert.ok(!rules.includes('trust-missing-external-id'), rules.join());
  });

  it('a dynamic statement takes its fixes inside its content block, and the Deny after it', () => {
    const text = `data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.deployers
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::444455556666:role/deployer"]
      }
    }
  }
}
`;
    const externalId = fixesOf(text, 'trust-missing-external-id').fixes.find((f) => f.title.includes('sts:ExternalId'))!;
    const withId = apply(
      text,
      externalId.edits.map((e) => ({ ...e, newText: unsnippet(e.newText) })),
    );
    assert.match(withId, /\n {6}}\n {6}condition {\n {8}test {5}= "StringEquals"\n[^]*\n {6}}\n {4}}\n {2}}\n}\n$/);
    const reparsed = parseTerraform(withId, 'main.tf');
    assert.deepEqual(reparsed.errors, []);
    assert.ok(!embeddedFindings(withId, reparsed.policies[0]).some((f) => f.rule === 'trust-missing-external-id'));

    const identity = `data "aws_iam_policy_document" "writer" {
  dynamic "statement" {
    for_each = var.paths
    content {
      actions   = ["iam:CreateUser"]
      resources = ["arn:aws:iam::*:user/\${statement.value}/*"]
    }
  }
}
`;
    const denied = apply(identity, fixesOf(identity, 'missing-iam-write-deny').fixes[0].edits);
    assert.match(
      denied,
      /\n {2}}\n\n {2}statement {\n {4}sid {7}= "DenyIamWrite"/,
      'after the dynamic block, at the level of the statements',
    );
    const again = parseTerraform(denied, 'main.tf');
    assert.deepEqual(again.errors, []);
    assert.ok(!embeddedFindings(denied, again.policies[0]).some((f) => f.rule === 'missing-iam-write-deny'));
  });

  it('the language server offers both, and still no JSON edit such a block cannot take', () => {
    const text = `${writer}\n${trust}`;
    const titles = codeActionsAt(text, 0, text.length, {}, undefined, 'main.tf').map((a) => a.title);
    assert.ok(
      titles.some((t) => t.startsWith('Add a "DenyIamWrite" statement')),
      titles.join(' | '),
    );
    assert.ok(
      titles.some((t) => t.startsWith('Require an sts:ExternalId')),
      titles.join(' | '),
    );
    // allow-iam-write's fixes rewrite JSON (narrowing an Action list into a review statement): not offered here.
    const writerOnly = codeActionsAt(writer, 0, writer.length, {}, undefined, 'main.tf');
    for (const action of writerOnly)
      for (const edit of action.edits) assert.ok(!/"Effect"|"Action"|"Statement"/.test(edit.newText), edit.newText);
  });

  it("a key policy's encryption-context condition is a condition block of its own operator", () => {
    const key = `data "aws_iam_policy_document" "key" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["logs.amazonaws.com"]
    }
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]
    resources = ["*"]
  }
}
`;
    const { fixes } = fixesOf(key, 'confused-deputy');
    assert.deepEqual(
      fixes.map((f) => f.title),
      ["Require kms:EncryptionContext:aws:logs:arn: the account's log groups"],
    );
    const fixed = apply(
      key,
      fixes[0].edits.map((e) => ({ ...e, newText: unsnippet(e.newText) })),
    );
    assert.match(
      fixed,
      / {4}condition {\n {6}test {5}= "ArnLike"\n {6}variable = "kms:EncryptionContext:aws:logs:arn"\n {6}values {3}= \["arn:aws:logs:\*:111122223333:log-group:\*"\]\n {4}}\n/,
    );
    const reparsed = parseTerraform(fixed, 'main.tf');
    assert.deepEqual(reparsed.errors, []);
    assert.ok(!embeddedFindings(fixed, reparsed.policies[0]).some((f) => f.rule === 'confused-deputy'));
  });

  it('after an edit above it, a reused block still takes its fixes at the right place', () => {
    const text = `${writer}\n${trust}`;
    const first = parseTerraform(text, 'moved.tf');
    assert.equal(first.policies.length, 2);
    const edited = `# a comment above everything\n${text}`;
    cachedFileAnalysis(text, 'moved.tf', {});
    const action = codeActionsAt(edited, 0, edited.length, {}, undefined, 'moved.tf').find((a) =>
      a.title.startsWith('Require an sts:ExternalId'),
    )!;
    const fixed = apply(
      edited,
      action.edits.map((e) => ({ ...e, newText: unsnippet(e.newText) })),
    );
    assert.deepEqual(parseTerraform(fixed, 'fixed.tf').errors, []);
    assert.match(fixed, /identifiers = \["arn:aws:iam::444455556666:role\/deployer"\]\n {4}}\n {4}condition {/);
  });
});
