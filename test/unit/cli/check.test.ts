import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';
import { policy } from '../../support/policyText';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'check');

async function cli(args: string[], cwd = FIXTURES): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('iamlp check', () => {
  it('--format json prints exactly the contract', async () => {
    const { code, stdout, stderr } = await cli(['check', '--format', 'json', 'admin.policy.json']);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const parsed = JSON.parse(stdout);
    assert.deepEqual(Object.keys(parsed), ['results']);
    const [result] = parsed.results;
    assert.deepEqual(Object.keys(result), ['file', 'kind', 'findings']);
    assert.equal(result.file, 'admin.policy.json');
    assert.equal(result.kind, 'identity');
    assert.deepEqual(
      result.findings.map((f: { rule: string }) => f.rule),
      ['missing-iam-write-deny', 'allow-iam-write', 'privilege-escalation'],
    );
    const write = result.findings[1];
    assert.deepEqual(Object.keys(write), ['rule', 'severity', 'message', 'range', 'actions']);
    assert.deepEqual(write.range, { start: { line: 5, character: 16 }, end: { line: 5, character: 23 } });
    assert.equal(write.severity, 'error');
    assert.equal(write.actions.length, 113);
  });

  it('walks folders for .json and .jsonc files and keeps the paths as given', async () => {
    const { code, stdout } = await cli(['check', '--format', 'json', '.']);
    const files = JSON.parse(stdout).results.map((r: { file: string; kind: string }) => `${r.file}:${r.kind}`);
    assert.deepEqual(files, [
      'admin.policy.json:identity',
      'nested/reader.policy.jsonc:identity',
      'nested/typo.json:identity',
      'package.json:none',
    ]);
    assert.equal(code, 1);
  });

  it('expands globs', async () => {
    const { stdout } = await cli(['check', '--format', 'json', 'nested/*.json*']);
    assert.deepEqual(
      JSON.parse(stdout).results.map((r: { file: string }) => r.file),
      ['nested/reader.policy.jsonc', 'nested/typo.json'],
    );
    const deep = await cli(['check', '--format', 'json', '**/*.policy.json*']);
    assert.deepEqual(
      JSON.parse(deep.stdout).results.map((r: { file: string }) => r.file),
      ['admin.policy.json', 'nested/reader.policy.jsonc'],
    );
  });

  it('exits 0 when there is no error-level finding (warnings do not fail)', async () => {
    const clean = await cli(['check', 'nested/reader.policy.jsonc']);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /No problems in 1 policy/);
    const warning = await cli(['check', 'nested/typo.json']);
    assert.equal(warning.code, 0);
    assert.match(warning.stdout, /unknown-action/);
  });

  it('text output reads like ESLint stylish', async () => {
    const { stdout } = await cli(['check', 'admin.policy.json']);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'admin.policy.json');
    assert.match(lines[1], /^ {2}3:3 +warning +.+ missing-iam-write-deny$/);
    assert.match(lines[2], /^ {2}6:17 +error +Allows 113 IAM write actions .+ allow-iam-write$/);
    assert.match(lines[3], /^ {2}6:17 +error +Completes 18 privilege escalation paths: .+ privilege-escalation$/);
    assert.match(stdout, /✖ 3 problems \(2 errors, 1 warning\)/);
  });

  it('--format sarif is SARIF 2.1.0 with rules, help links and 1-based regions', async () => {
    const { stdout } = await cli(['check', '--format', 'sarif', 'admin.policy.json', 'nested/typo.json']);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'iamlp');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ids.includes('allow-iam-write') && ids.includes('unknown-action'));
    for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, /^https:\/\/.+\/docs\/rules\/.+\.md$/);
    const security = run.tool.driver.rules.find((r: { id: string }) => r.id === 'allow-iam-write');
    assert.equal(security.properties['security-severity'], '8.0');
    const write = run.results.find((r: { ruleId: string }) => r.ruleId === 'allow-iam-write');
    assert.equal(write.level, 'error');
    assert.equal(run.tool.driver.rules[write.ruleIndex].id, 'allow-iam-write');
    assert.deepEqual(write.locations[0].physicalLocation.region, { startLine: 6, startColumn: 17, endLine: 6, endColumn: 24 });
    assert.equal(write.locations[0].physicalLocation.artifactLocation.uri, 'admin.policy.json');
    const typo = run.results.find((r: { ruleId: string }) => r.ruleId === 'unknown-action');
    assert.equal(typo.level, 'warning');
    assert.equal(typo.locations[0].physicalLocation.artifactLocation.uri, 'nested/typo.json');
  });

  it('--format sarif: URIs relative to the working folder (or --sarif-root), also for absolute inputs inside it', async () => {
    const uriOf = (stdout: string) => JSON.parse(stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    const absolute = join(FIXTURES, 'nested', 'typo.json');
    assert.deepEqual(uriOf((await cli(['check', '--format', 'sarif', absolute])).stdout), {
      uri: 'nested/typo.json',
      uriBaseId: '%SRCROOT%',
    });
    const rooted = await cli(['check', '--format', 'sarif', '--sarif-root', '..', 'nested/typo.json']);
    assert.deepEqual(uriOf(rooted.stdout), { uri: 'check/nested/typo.json', uriBaseId: '%SRCROOT%' });
    assert.equal(JSON.parse(rooted.stdout).runs[0].originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(join(FIXTURES, '..') + sep).href);
    // Outside the root: an absolute file: URI, with no base that code scanning would resolve it against.
    const outside = await cli(['check', '--format', 'sarif', absolute], join(FIXTURES, 'nested', 'deeper-than-the-file'));
    assert.deepEqual(uriOf(outside.stdout), { uri: pathToFileURL(absolute).href });
  });

  it('--format sarif: partialFingerprints follow a finding across edits that move it, and tell findings apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-sarif-'));
    try {
      const statements = [
        { Sid: 'Admin', Effect: 'Allow', Action: ['iam:CreateUser', 'iam:DeleteUser'], Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' },
      ];
      const run = async (text: string) => {
        writeFileSync(join(dir, 'policy.json'), text);
        const results = JSON.parse((await cli(['check', '--format', 'sarif', 'policy.json'], dir)).stdout).runs[0].results;
        return new Map<string, { line: number; print: string }>(
          results.map(
            (r: {
              ruleId: string;
              partialFingerprints: Record<string, string>;
              locations: { physicalLocation: { region: { startLine: number } } }[];
            }) => [
              r.ruleId,
              { line: r.locations[0].physicalLocation.region.startLine, print: r.partialFingerprints['iamlpFindingHash/v1'] },
            ],
          ),
        );
      };
      const before = await run(policy(statements));
      // Another statement with a Sid above, and the file re-indented: every line moves.
      const moved = await run(
        JSON.stringify(
          { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }, ...statements] },
          null,
          4,
        ),
      );
      const write = before.get('allow-iam-write')!;
      assert.match(write.print, /^[0-9a-f]{32}:1$/);
      assert.notEqual(moved.get('allow-iam-write')!.line, write.line);
      assert.equal(moved.get('allow-iam-write')!.print, write.print);
      assert.notEqual(before.get('unknown-action')!.print, write.print);
      // A different flagged text is a different alert.
      const changed = await run(policy([{ ...statements[0], Action: ['iam:CreateUser'] }, statements[1]]));
      assert.notEqual(changed.get('allow-iam-write')!.print, write.print);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage and I/O errors exit 2 with one line and no stack trace', async () => {
    const missing = await cli(['check', 'nope.json']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'iamlp check: no such file or folder: nope.json\n');
    const badFormat = await cli(['check', '--format', 'xml', 'admin.policy.json']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be one of text, json, sarif/);
    assert.equal((await cli(['check'])).code, 2);
    assert.equal((await cli(['check', '--colour', 'x'])).code, 2);
    assert.equal((await cli(['check', 'nomatch/*.json'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
  });

  it('malformed, truncated and huge files get findings, never a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-check-'));
    try {
      writeFileSync(
        join(dir, 'truncated.json'),
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"}',
      );
      writeFileSync(join(dir, 'huge.json'), `{"Version": "2012-10-17", "Statement": [], "pad": "${'x'.repeat(6 * 1024 * 1024)}"}`);
      const { code, stdout, stderr } = await cli(['check', '--format', 'json', 'truncated.json', 'huge.json'], dir);
      assert.equal(stderr, '');
      assert.equal(code, 1);
      const [truncated, huge] = JSON.parse(stdout).results;
      assert.ok(truncated.findings.some((f: { rule: string }) => f.rule === 'invalid-json'));
      assert.ok(truncated.findings.some((f: { rule: string }) => f.rule === 'allow-iam-write'));
      assert.deepEqual(
        huge.findings.map((f: { rule: string }) => f.rule),
        ['file-too-large'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--version prints the catalog version and date', async () => {
    const { code, stdout } = await cli(['--version']);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^iamlp \d+\.\d+\.\d+; IAM action catalog @cloud-copilot\/iam-data \d+\.\d+\.\d+ \(data of \d{4}-\d{2}-\d{2}, \d+ actions\)\n$/,
    );
  });

  describe('templates', () => {
    const IAC = join(FIXTURES, '..', 'iac', 'cfn');

    it('--format json gives one result per embedded policy, named by its slot, with ranges in the template', async () => {
      const { code, stdout } = await cli(['check', '--format', 'json', 'writer.yaml'], IAC);
      assert.equal(code, 1);
      const { results } = JSON.parse(stdout);
      assert.deepEqual(
        results.map((r: { file: string; policy: string; kind: string }) => [r.file, r.policy, r.kind]),
        [
          ['writer.yaml', 'Resources.WriterRole.Properties.AssumeRolePolicyDocument', 'trust'],
          ['writer.yaml', 'Resources.WriterRole.Properties.Policies[0].PolicyDocument', 'identity'],
        ],
      );
      assert.deepEqual(Object.keys(results[0]), ['file', 'policy', 'kind', 'findings']);
      const write = results[1].findings.find((f: { rule: string }) => f.rule === 'allow-iam-write');
      assert.deepEqual(write.range, { start: { line: 17, character: 24 }, end: { line: 17, character: 29 } });
      // The trust policy's principal is a deploy-time value: no malformed-arn, but the missing ExternalId counts.
      assert.deepEqual(
        results[0].findings.map((f: { rule: string }) => f.rule),
        ['trust-missing-external-id'],
      );
    });

    it('scans a folder for templates, skips .terraform/ and YAML that is no template, and counts templates', async () => {
      const { code, stdout, stderr } = await cli(['check', '.'], IAC);
      assert.equal(code, 1);
      assert.equal(stderr, '');
      assert.ok(!stdout.includes('vendored'));
      assert.ok(!stdout.includes('workflow.yml'));
      // The cut-off policy is not reported as empty: the template's parse error is the finding.
      assert.match(stdout, /^broken\.yaml\n {2}6:1 +error +YAML parser: .*invalid-template$/m);
      assert.ok(!stdout.includes('missing-statement'));
      assert.match(stdout, /in 3 policies \(3 files checked, 2 templates among them\)\.\n$/);
    });

    it('an AWS managed policy the template attaches is a result of its own, its findings on the ARN', async () => {
      const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
      const arns = `      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess, ${ADMIN}]`;
      const dir = mkdtempSync(join(tmpdir(), 'iamlp-attached-'));
      try {
        writeFileSync(
          join(dir, 'deploy.yaml'),
          [
            'Resources:',
            '  DeployRole:',
            '    Type: AWS::IAM::Role',
            '    Properties:',
            "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: sts:AssumeRole}]}",
            arns,
            '',
          ].join('\n'),
        );
        const json = await cli(['check', '--format', 'json', 'deploy.yaml'], dir);
        assert.equal(json.code, 1);
        const { results } = JSON.parse(json.stdout);
        assert.deepEqual(
          results.map((r: { policy: string; kind: string; findings: Array<{ rule: string }> }) => [
            r.policy,
            r.kind,
            r.findings.map((f) => f.rule),
          ]),
          [
            ['Resources.DeployRole.Properties.AssumeRolePolicyDocument', 'trust', []],
            ['AWS managed policy ReadOnlyAccess on DeployRole', 'identity', []],
            ['AWS managed policy AdministratorAccess on DeployRole', 'identity', ['allow-iam-write', 'privilege-escalation']],
          ],
        );
        const character = arns.indexOf(ADMIN);
        assert.deepEqual(results[2].findings[0].range, {
          start: { line: 5, character },
          end: { line: 5, character: character + ADMIN.length },
        });

        const text = await cli(['check', 'deploy.yaml'], dir);
        assert.match(
          text.stdout,
          /^ {2}6:67 +error +AWS managed policy AdministratorAccess, attached to DeployRole: Allows 113 IAM write actions/m,
        );
        assert.match(text.stdout, /in 3 policies \(1 file checked, 1 template among them\)\.\n$/);

        const sarif = await cli(['check', '--format', 'sarif', 'deploy.yaml'], dir);
        const write = JSON.parse(sarif.stdout).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'allow-iam-write');
        assert.deepEqual(write.locations[0].logicalLocations, [
          { name: 'DeployRole', fullyQualifiedName: 'AWS managed policy AdministratorAccess on DeployRole', kind: 'resource' },
        ]);

        // The team accepts that one attachment, named as the JSON names it: its findings go, and the run passes.
        writeFileSync(
          join(dir, '.iamlp.json'),
          JSON.stringify({
            suppressions: [
              {
                rules: ['allow-iam-write', 'privilege-escalation'],
                files: ['deploy.yaml'],
                policy: 'AWS managed policy AdministratorAccess on DeployRole',
                reason: 'deployment role, reviewed in SEC-9',
              },
            ],
          }),
        );
        const accepted = await cli(['check', '--format', 'json', 'deploy.yaml'], dir);
        assert.equal(accepted.stderr, '');
        assert.equal(accepted.code, 0);
        assert.deepEqual(
          JSON.parse(accepted.stdout).results.map((r: { findings: unknown[] }) => r.findings.length),
          [0, 0, 0],
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('--format sarif names the resource holding a policy as a logical location', async () => {
      const { stdout } = await cli(['check', '--format', 'sarif', 'writer.yaml'], IAC);
      const [run] = JSON.parse(stdout).runs;
      const write = run.results.find((r: { ruleId: string }) => r.ruleId === 'allow-iam-write');
      assert.deepEqual(write.locations[0].logicalLocations, [
        { name: 'WriterRole', fullyQualifiedName: 'Resources.WriterRole.Properties.Policies[0].PolicyDocument', kind: 'resource' },
      ]);
      assert.equal(write.properties.policy, 'Resources.WriterRole.Properties.Policies[0].PolicyDocument');
      assert.equal(write.locations[0].physicalLocation.region.startLine, 18);
    });
  });
});
