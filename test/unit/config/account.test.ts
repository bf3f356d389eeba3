import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../server/src/cli/main';
import { parseProjectConfig, settingsForFile } from '../../../server/src/config/projectConfig';
import { analysisOptions } from '../../../server/src/lsp/projectConfigs';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';

const CONFIG = '/work/project/.iamlp.json';

async function check(cwd: string, ...files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', '--format', 'json', ...files], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

const trustOf = (principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });

describe('"account" in .iamlp.json', () => {
  it('reads a 12-digit string and gives it to every file it configures', () => {
    const config = parseProjectConfig('{"account": "111122223333"}', CONFIG);
    assert.deepEqual(config.problems, []);
    assert.equal(config.account, '111122223333');
    assert.equal(settingsForFile(config, '/work/project/policies/trust.json').account, '111122223333');
    assert.equal(settingsForFile(parseProjectConfig('{}', CONFIG), '/work/project/trust.json').account, undefined);
  });

  it('the language server analyses with it', () => {
    const scope = { enabled: true, language: 'json' as const, forcePolicy: false, schemaCovered: false };
    const file = settingsForFile(parseProjectConfig('{"account": "111122223333"}', CONFIG), '/work/project/trust.json');
    assert.equal(analysisOptions(scope, DEFAULT_SETTINGS, file)?.account, '111122223333');
    assert.equal(analysisOptions(scope, DEFAULT_SETTINGS, { ignored: false, rules: {}, suppressions: [] })?.account, undefined);
  });

  it('refuses anything else with a message that says what it must be and what it got', () => {
    for (const [value, got] of [
      ['111122223333', 'a number is not a string'],
      ['"1234"', '"1234" is not 12 digits'],
      ['"arn:aws:iam::111122223333:root"', 'is not 12 digits'],
      ['["111122223333"]', 'a array is not a string'],
    ]) {
      const config = parseProjectConfig(`{"account": ${value}}`, CONFIG);
      assert.equal(config.account, undefined, value);
      assert.equal(config.problems.length, 1, value);
      const [problem] = config.problems;
      assert.equal(problem.severity, 'error');
      assert.match(problem.message, /^"account" must be the 12-digit id of the AWS account the policies are deployed in, as a string/);
      assert.ok(problem.message.includes(got), problem.message);
      assert.equal(problem.offset, `{"account": `.length, 'the problem points at the value');
    }
  });

  it('iamlp check: trust messages say "this account" or "another account"; a bad value goes to stderr and is not used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-account-'));
    try {
      writeFileSync(join(dir, 'own.json'), trustOf('arn:aws:iam::111122223333:role/ops'));
      writeFileSync(join(dir, 'vendor.json'), trustOf('arn:aws:iam::444455556666:role/VendorIntegration'));
      const messages = (out: string) =>
        Object.fromEntries(
          (JSON.parse(out) as { results: Array<{ file: string; findings: Array<{ rule: string; message: string }> }> }).results.map((f) => [
            f.file,
            f.findings.filter((x) => x.rule === 'trust-missing-external-id').map((x) => x.message),
          ]),
        );

      writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ account: '111122223333' }));
      const declared = await check(dir, 'own.json', 'vendor.json');
      assert.equal(declared.stderr, '');
      const found = messages(declared.stdout);
      assert.match(found['own.json'][0], /role\/ops, in this account, can assume this role without an ExternalId/);
      assert.match(found['vendor.json'][0], /role\/VendorIntegration, in another account \(444455556666\), can assume/);

      writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ account: '1111-2222-3333' }));
      const bad = await check(dir, 'own.json', 'vendor.json');
      assert.match(bad.stderr, /\.iamlp\.json:1: error: "account" must be the 12-digit id .*"1111-2222-3333" is not 12 digits/);
      for (const list of Object.values(messages(bad.stdout))) assert.ok(!/this account|another account/.test(list[0]), list[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
