import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';
import {
  combineRuleSettings,
  configFindings,
  findProjectConfig,
  loadProjectConfig,
  matchesConfigGlob,
  parseProjectConfig,
  settingsForFile,
} from '../../../server/src/config/projectConfig';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { parseDirectives } from '../../../server/src/engine/suppressions';

const PROJECT = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'config-project');
const read = (rel: string) => readFileSync(join(PROJECT, rel), 'utf8');

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('project configuration (.iamlp.json)', () => {
  it('reads rules, ignore globs and suppressions, and reports a suppression without a reason', () => {
    const config = loadProjectConfig(join(PROJECT, '.iamlp.json'));
    assert.deepEqual(config.rules, { 'missing-version': 'off', 'unknown-action': 'error' });
    assert.deepEqual(config.ignore, ['generated/**']);
    assert.equal(config.suppressions.length, 2);
    const findings = configFindings(config);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.range.start.line]),
      [['suppression-missing-reason', 'error', 14]],
    );
  });

  it('reports unknown keys, unknown rules and bad severities, and keeps what is valid', () => {
    const config = parseProjectConfig(
      '{"rules": {"no-such-rule": "off", "invalid-sid": "loud", "invalid-effect": "warning"}, "extra": 1, "suppressions": [{"rules": [], "reason": "x"}, {"rules": "*", "reason": " ", "sid": "A"}]}',
      '/p/.iamlp.json',
    );
    const messages = config.problems.map((p) => p.message).join('\n');
    assert.match(messages, /unknown rule "no-such-rule"/);
    assert.match(messages, /invalid-sid must be one of/);
    assert.match(messages, /unknown setting "extra"/);
    assert.match(messages, /must name the rules/);
    assert.deepEqual(config.rules, { 'invalid-effect': 'warning' });
    assert.deepEqual(config.suppressions, [{ rules: [], sid: 'A', index: 1 }]);
    assert.equal(config.problems.filter((p) => p.rule === 'suppression-missing-reason').length, 1);
  });

  it('reads a suppression of one template policy by the locator iamlp check gives it, and hands it to that file', () => {
    const config = parseProjectConfig(
      JSON.stringify({
        suppressions: [
          {
            rules: ['allow-iam-write'],
            files: ['stack.yaml'],
            policy: 'AWS managed policy AdministratorAccess on BreakGlassRole',
            reason: 'SEC-9',
          },
          { rules: ['allow-iam-write'], policy: '', reason: 'empty' },
          { rules: ['allow-iam-write'], policy: 3, reason: 'a number' },
          { rules: ['allow-iam-write'], sid: 3, reason: 'a number' },
        ],
      }),
      '/p/.iamlp.json',
    );
    // One it cannot read is left out, not widened to the whole file.
    const notApplied = '; the suppression is not applied';
    assert.deepEqual(
      config.problems.map((p) => p.message),
      [
        `"policy" must name a template policy as iamlp check --format json does${notApplied}`,
        `"policy" must name a template policy as iamlp check --format json does${notApplied}`,
        `"sid" must be a string${notApplied}`,
      ],
    );
    assert.deepEqual(
      settingsForFile(config, '/p/stack.yaml').suppressions.map((s) => [s.policy, s.source]),
      [['AWS managed policy AdministratorAccess on BreakGlassRole', '.iamlp.json suppressions[0]']],
    );
  });

  it('marks a file that is not a JSON object unusable', () => {
    assert.ok(parseProjectConfig('[1]', '/p/.iamlp.json').unusable);
    assert.ok(parseProjectConfig('', '/p/.iamlp.json').unusable);
    assert.ok(!parseProjectConfig('{} // fine\n', '/p/.iamlp.json').unusable);
  });

  it('matches globs relative to the config folder, gitignore-style', () => {
    assert.ok(matchesConfigGlob('generated/**', 'generated/a/b.json'));
    assert.ok(matchesConfigGlob('generated/', 'generated/b.json'));
    assert.ok(matchesConfigGlob('generated', 'generated/b.json'));
    assert.ok(!matchesConfigGlob('generated/**', 'src/generated/b.json'));
    assert.ok(matchesConfigGlob('*.template.json', 'a/b/x.template.json'));
    assert.ok(matchesConfigGlob('./policies/*.json', 'policies/a.json'));
    assert.ok(!matchesConfigGlob('policies/*.json', 'policies/sub/a.json'));
  });

  it('narrows suppressions to the file and ignores files outside the config folder', () => {
    const config = loadProjectConfig(join(PROJECT, '.iamlp.json'));
    const glass = settingsForFile(config, join(PROJECT, 'policies', 'break-glass.json'));
    assert.equal(glass.ignored, false);
    assert.deepEqual(
      glass.suppressions.map((s) => s.rules),
      [['allow-iam-write'], ['missing-iam-write-deny']],
    );
    assert.deepEqual(settingsForFile(config, join(PROJECT, 'policies', 'typo.jsonc')).suppressions, []);
    assert.ok(settingsForFile(config, join(PROJECT, 'generated', 'huge.json')).ignored);
    const outside = settingsForFile(config, join(PROJECT, '..', 'elsewhere', 'generated', 'huge.json'));
    assert.equal(outside.ignored, false);
    assert.deepEqual(outside.rules, config.rules);
    // One frozen copy for every file: the configuration's own object stays the caller's to change.
    assert.equal(outside.rules, glass.rules);
    assert.ok(Object.isFrozen(glass.rules));
    assert.notEqual(glass.rules, config.rules);
  });

  it('finds the nearest config upwards', () => {
    assert.equal(findProjectConfig(join(PROJECT, 'policies')), join(PROJECT, '.iamlp.json'));
  });

  it('lets the project file win over editor settings for the rules it names', () => {
    assert.deepEqual(combineRuleSettings({ 'missing-version': 'error', 'invalid-sid': 'hint' }, { 'missing-version': 'off' }), {
      'missing-version': 'off',
      'invalid-sid': 'hint',
    });
  });
});

describe('suppressions in the engine', () => {
  it('suppresses by Sid only inside that statement, keeping the reason', () => {
    const config = loadProjectConfig(join(PROJECT, '.iamlp.json'));
    const file = settingsForFile(config, join(PROJECT, 'policies', 'break-glass.json'));
    const result = analyzePolicy(read('policies/break-glass.json'), { rules: file.rules, suppressions: file.suppressions });
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      // BreakGlass completes escalation paths: only its allow-iam-write finding is suppressed.
      ['privilege-escalation', 'allow-iam-write'],
    );
    assert.ok(result.findings[1].offset > read('policies/break-glass.json').indexOf('"Other"'));
    assert.deepEqual(result.suppressed.map((s) => [s.finding.rule, s.reason]).sort(), [
      ['allow-iam-write', 'break-glass role, reviewed in SEC-123'],
      ['missing-iam-write-deny', undefined],
    ]);
  });

  it('honours iamlp-ignore-next-statement comments, and reports the one without a reason', () => {
    const text = read('policies/typo.jsonc');
    const result = analyzePolicy(text, { language: 'jsonc' });
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['suppression-missing-reason', 'unknown-action'],
    );
    assert.ok(result.findings[1].offset > text.indexOf('NotSuppressed'));
    assert.equal(result.suppressed.length, 2);
    assert.equal(result.suppressed[0].reason, 'the action launches next month (AWS-4711)');
  });

  it('parses directive variants', () => {
    const ds = parseDirectives(
      '// iamlp-ignore-next-statement a, b -- why\n/* iamlp-ignore-next-statement -- all rules */\n// iamlp-ignore-next-statementx no\n// iamlp-ignore-next-statement c d\n',
    );
    assert.deepEqual(
      ds.map((d) => [d.rules, d.reason]),
      [
        [['a', 'b'], 'why'],
        [[], 'all rules'],
        [['c', 'd'], undefined],
      ],
    );
  });
});

describe('iamlp check with .iamlp.json', () => {
  it('finds the config in the working folder: severities, ignore, suppressions, and the reasonless entry', async () => {
    const { code, stdout, stderr } = await cli(['check', '--format', 'json', '.'], PROJECT);
    assert.equal(code, 1);
    assert.match(stderr, /1 file ignored by \.iamlp\.json/);
    const results = (JSON.parse(stdout) as { results: Array<{ file: string; findings: Array<{ rule: string; severity: string }> }> })
      .results;
    const byFile = Object.fromEntries(results.map((r) => [r.file, r.findings.map((f) => `${f.rule}:${f.severity}`)]));
    assert.deepEqual(byFile, {
      '.iamlp.json': ['suppression-missing-reason:error'],
      'policies/break-glass.json': ['privilege-escalation:error', 'allow-iam-write:error'],
      'policies/typo.jsonc': ['suppression-missing-reason:error', 'unknown-action:error'],
    });
  });

  it('finds it from a subfolder too, and --no-config turns it off', async () => {
    const withConfig = await cli(['check', '--format', 'json', 'break-glass.json'], join(PROJECT, 'policies'));
    const files = (JSON.parse(withConfig.stdout) as { results: Array<{ file: string }> }).results.map((r) => r.file);
    assert.deepEqual(files, ['../.iamlp.json', 'break-glass.json']);
    const without = await cli(['check', '--format', 'json', '--no-config', 'break-glass.json'], join(PROJECT, 'policies'));
    const rules = (JSON.parse(without.stdout) as { results: Array<{ findings: Array<{ rule: string }> }> }).results[0].findings.map(
      (f) => f.rule,
    );
    assert.deepEqual(rules, ['missing-version', 'missing-iam-write-deny', 'allow-iam-write', 'privilege-escalation', 'allow-iam-write']);
  });

  describe('with --config', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'iamlp-config-'));
      mkdirSync(join(dir, 'p'));
      writeFileSync(
        join(dir, 'p', 'a.json'),
        '{"Statement": [{"Sid": "S", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      );
      writeFileSync(join(dir, 'team.json'), JSON.stringify({ rules: { 'missing-version': 'off' }, bogus: true }));
      writeFileSync(join(dir, 'broken.json'), '[');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('uses the named file and warns about unknown settings on stderr', async () => {
      const { code, stdout, stderr } = await cli(['check', '--config', 'team.json', 'p'], dir);
      assert.equal(code, 0);
      assert.match(stdout, /No problems/);
      assert.match(stderr, /team\.json:1: warning: unknown setting "bogus"/);
    });

    it('stops with status 2 on a missing or broken file', async () => {
      assert.equal((await cli(['check', '--config', 'nope.json', 'p'], dir)).code, 2);
      const broken = await cli(['check', '--config', 'broken.json', 'p'], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.json/);
      assert.equal((await cli(['check', '--config', 'team.json', '--no-config', 'p'], dir)).code, 2);
    });
  });
});
