import * as assert from 'node:assert/strict';
import { deployTimeOf } from '../../../server/src/engine/deployTime';
import { looksLikeTerraformPlan, parseTerraformJson, parseTerraformPlan } from '../../../server/src/iac/terraform/terraformJson';
import { embeddedFindings, nodesOf, policyAt, rangesInside, tfFixture } from '../../support/embedded';

describe('Terraform adapter: .tf.json and plan files', () => {
  describe('.tf.json', () => {
    const { path, text } = tfFixture('main.tf.json');
    const parse = parseTerraformJson(text, path);

    it('finds the policy slots: a policy object (JSON edits) and a policy in a JSON string (read-only)', () => {
      assert.deepEqual(parse.errors, []);
      assert.deepEqual(
        parse.policies.map((p) => [p.locator, p.kind, p.resource, p.edits]),
        [
          ['aws_iam_role.ci.assume_role_policy', 'trust', 'aws_iam_role.ci', 'read-only'],
          ['aws_iam_policy.ci.policy', 'identity', 'aws_iam_policy.ci', 'json'],
        ],
        'a data document reference is no policy of its own',
      );
      assert.deepEqual(rangesInside(text, parse), []);
    });

    it('fires trust-missing-external-id inside the JSON string, ranged on the escaped text as the file writes it', () => {
      const findings = embeddedFindings(text, policyAt(parse, 'aws_iam_role.ci.assume_role_policy'));
      const missing = findings.filter((f) => f.rule === 'trust-missing-external-id');
      assert.deepEqual(
        missing.map((f) => [f.line, f.text]),
        [[6, '{\\"AWS\\": \\"arn:aws:iam::111122223333:root\\"}']],
      );
    });

    it('fires allow-iam-write on the object form; ${...} strings are deploy-time, $${ a literal ${', () => {
      const policy = policyAt(parse, 'aws_iam_policy.ci.policy');
      const findings = embeddedFindings(text, policy);
      assert.deepEqual(
        findings.filter((f) => f.rule === 'allow-iam-write').map((f) => [f.line, f.text]),
        [[17, '"iam:CreateUser"']],
      );
      assert.deepEqual(
        findings.filter((f) => ['unknown-action', 'malformed-action', 'malformed-arn'].includes(f.rule)),
        [],
      );
      const strings = [...nodesOf(policy.variants[0])].filter((n) => n.type === 'string');
      const resource = strings.find((n) => String(n.value).startsWith('arn:aws:iam::'))!;
      assert.equal(resource.value, 'arn:aws:iam::${var.account_id}:user/${aws:username}');
      assert.equal(deployTimeOf(resource)?.partial, true);
      const action = strings.find((n) => n.value === '${var.ci_action}')!;
      assert.equal(deployTimeOf(action)?.partial, false);
    });

    it('reports a broken .tf.json naming the parser and the line', () => {
      const broken = parseTerraformJson('{\n  "resource": {\n    "aws_iam_role": {,\n', path);
      assert.ok(broken.errors.length > 0);
      assert.match(broken.errors[0].message, /^JSON parser \(jsonc-parser\): \w+ at line 3$/);
    });

    it('takes file() in a .tf.json string as a referenced policy file', () => {
      const source = '{"resource": {"aws_iam_policy": {"p": {"policy": "${file(\\"p.json\\")}"}}}}';
      const refs = parseTerraformJson(source, '/work/mod/main.tf.json').referencedFiles;
      assert.deepEqual(
        refs.map((r) => [r.path, r.kind, r.locator]),
        [['/work/mod/p.json', 'identity', 'aws_iam_policy.p.policy']],
      );
    });
  });

  describe('terraform show -json plans', () => {
    const { path, text } = tfFixture('plan.json');
    const parse = parseTerraformPlan(text, path);

    it('is told apart from other JSON', () => {
      assert.equal(looksLikeTerraformPlan(text), true);
      assert.equal(looksLikeTerraformPlan(tfFixture('main.tf.json').text), false);
      assert.equal(looksLikeTerraformPlan('{"Version": "2012-10-17", "Statement": []}'), false);
    });

    it('reads each resource once, from resource_changes first, then planned_values (child modules too)', () => {
      assert.deepEqual(parse.errors, []);
      assert.deepEqual(
        parse.policies.map((p) => [p.locator, p.kind, p.edits]),
        [
          ['aws_iam_policy.deploy.policy', 'identity', 'read-only'],
          ['aws_iam_role.ci.assume_role_policy', 'trust', 'read-only'],
          ['aws_iam_role.ci.inline_policy[0].policy', 'identity', 'read-only'],
          ['module.app.aws_sqs_queue_policy.jobs.policy', 'resource', 'read-only'],
        ],
      );
      assert.deepEqual(rangesInside(text, parse), []);
    });

    it('fires on policy strings at the escaped token: allow-iam-write, trust-missing-external-id, resource-public-principal', () => {
      const at = (locator: string, rule: string) =>
        embeddedFindings(text, policyAt(parse, locator))
          .filter((f) => f.rule === rule)
          .map((f) => [f.line, f.text]);
      assert.deepEqual(at('aws_iam_policy.deploy.policy', 'allow-iam-write'), [[46, '\\"iam:*\\"']]);
      assert.deepEqual(at('aws_iam_role.ci.assume_role_policy', 'trust-missing-external-id'), [
        [59, '{\\"AWS\\":\\"arn:aws:iam::111122223333:root\\"}'],
      ]);
      assert.deepEqual(at('module.app.aws_sqs_queue_policy.jobs.policy', 'resource-public-principal'), [[28, '\\"*\\"']]);
    });

    it('keeps ${...} in a plan a policy variable: plan values are final', () => {
      const inline = policyAt(parse, 'aws_iam_role.ci.inline_policy[0].policy');
      const resource = [...nodesOf(inline.variants[0])].find((n) => typeof n.value === 'string' && n.value.includes('aws:username'))!;
      assert.equal(resource.value, 'arn:aws:logs:*:*:log-group:/ci/${aws:username}');
      assert.equal(deployTimeOf(resource), undefined);
      assert.deepEqual(embeddedFindings(text, inline), []);
    });
  });
});
