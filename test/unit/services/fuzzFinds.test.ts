/**
 * Inputs `npm run fuzz` found crashing, kept as regressions (reduced where that kept them failing).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { analyzeFile } from '../../../server/src/linter/analyzeFile';
import { complete } from '../../../server/src/services/completion';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'fuzz');

describe('fuzz finds', () => {
  before(() => loadTerraformParser());

  it('completion in a policy with 20,000 nested arrays proposes nothing and does not throw', () => {
    const policy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${'['.repeat(20000)}"iam:Get"${']'.repeat(20000)}, "Resource": "*"}]}`;
    const offset = policy.indexOf('iam:Get') + 5;
    assert.deepEqual(complete(policy, offset, { language: 'json' }).items, []);
    // A shallow document still gets its proposals: the guard is for depth only.
    const shallow = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get", "Resource": "*"}]}';
    assert.ok(complete(shallow, shallow.indexOf('iam:Get') + 7, { language: 'json' }).items.length > 0);
  });

  it('a broken Terraform policy document whose keys the adapter cannot name: findings, no rule error', () => {
    const text = readFileSync(join(FIXTURE, 'broken-principals.tf'), 'utf8');
    const analysis = analyzeFile(text, 'broken-principals.tf', {});
    assert.deepEqual(
      analysis.policies.flatMap((p) => p.ruleErrors.map((e) => e.rule)),
      [],
    );
  });
});
