import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { analyzeEmbedded } from '../../../server/src/engine/analyze';
import { LineIndex } from '../../../server/src/engine/lineIndex';
import type { FixEdit } from '../../../server/src/engine/rule';
import { loadTerraformParser, parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { allRules } from '../../../server/src/rules';
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
