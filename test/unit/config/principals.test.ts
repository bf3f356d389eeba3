import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';
import { diskPolicyReader, peerFiles, principalScopes } from '../../../server/src/config/principalScopes';
import { loadProjectConfig, parseProjectConfig } from '../../../server/src/config/projectConfig';
import { ProjectConfigs, openDocumentsFirst } from '../../../server/src/lsp/projectConfigs';
import { findingsOf, policy } from '../../support/policyText';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

type Results = Array<{ file: string; findings: Array<{ rule: string; severity: string; message: string }> }>;

const ALLOW_ALL = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
const DENY_ALL = [{ Effect: 'Deny', Action: '*', Resource: '*' }];
const PASS = [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }];
const RUN = [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }];

describe('principals in .iamlp.json', () => {
  it('reads "principals" as policy files relative to the config, and reports wrong shapes', () => {
    const config = parseProjectConfig(JSON.stringify({ principals: { deployer: ['p/a.json', 'p/b.json'] } }), '/work/.iamlp.json');
    assert.deepEqual(config.principals, [
      { name: 'deployer', files: ['p/a.json', 'p/b.json'], paths: ['/work/p/a.json', '/work/p/b.json'] },
    ]);
    assert.deepEqual(config.problems, []);
    for (const wrong of [{ principals: ['a.json'] }, { principals: { x: 'a.json' } }, { principals: { x: [1] } }]) {
      const parsed = parseProjectConfig(JSON.stringify(wrong), '/work/.iamlp.json');
      assert.ok(
        parsed.problems.some((p) => p.severity === 'error'),
        JSON.stringify(wrong),
      );
    }
    assert.match(parseProjectConfig('{"principals": {"x": []}}', '/w/.iamlp.json').problems[0].message, /lists no policy file/);
  });

  it('builds the scope of a file from the other files of its principals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-principals-'));
    try {
      writeFileSync(join(dir, 'a.json'), policy(PASS));
      writeFileSync(join(dir, 'b.json'), policy(RUN));
      writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ principals: { builder: ['a.json', 'b.json', 'gone.json'] } }));
      const config = loadProjectConfig(join(dir, '.iamlp.json'));
      const unreadable: string[] = [];
      const scopes = principalScopes(config, join(dir, 'a.json'), diskPolicyReader(), (p) => unreadable.push(p));
      assert.deepEqual(
        scopes.map((s) => [s.name, s.others.map((o) => o.source)]),
        [['builder', ['b.json']]],
      );
      assert.deepEqual(unreadable, [join(dir, 'gone.json')]);
      assert.deepEqual(peerFiles(config, join(dir, 'b.json')).sort(), [join(dir, 'a.json'), join(dir, 'gone.json')]);
      assert.deepEqual(principalScopes(config, join(dir, 'other.json'), diskPolicyReader()), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('iamlp check', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'iamlp-principals-'));
      mkdirSync(join(dir, 'policies'));
      const files: Record<string, unknown[]> = { 'admin.json': ALLOW_ALL, 'cap.json': DENY_ALL, 'pass.json': PASS, 'run.json': RUN };
      for (const [name, statements] of Object.entries(files)) writeFileSync(join(dir, 'policies', name), policy(statements));
      writeFileSync(
        join(dir, 'policies', '.iamlp.json'),
        JSON.stringify({ principals: { capped: ['admin.json', 'cap.json'], builder: ['pass.json', 'run.json', 'missing.json'] } }),
      );
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('combines an Allow in one file with an unconditional Deny in another (run from above the config, too)', async () => {
      const { stdout } = await cli(['check', '--format', 'json', 'policies/admin.json'], dir);
      const [admin] = (JSON.parse(stdout) as { results: Results }).results;
      const rules = admin.findings.map((f) => `${f.rule}:${f.severity}`);
      assert.ok(!rules.includes('privilege-escalation:error'), rules.join(', '));
      assert.ok(!rules.some((r) => r.startsWith('missing-iam-write-deny')), rules.join(', '));
      const write = admin.findings.find((f) => f.rule === 'allow-iam-write');
      assert.equal(write?.severity, 'info');
      assert.match(write.message, /the unconditional Deny of cap\.json \(same principal\) overrides every one of them/i);
    });

    it('reports a path split across two files on both, and warns once of a listed file it cannot read', async () => {
      const { stdout, stderr, code } = await cli(['check', '--format', 'json', 'policies/pass.json', 'policies/run.json'], dir);
      assert.equal(code, 1);
      const results = (JSON.parse(stdout) as { results: Results }).results;
      const escalation = Object.fromEntries(
        results.map((r) => [r.file, r.findings.filter((f) => f.rule === 'privilege-escalation').map((f) => f.message)]),
      );
      assert.match(escalation['policies/pass.json'][0], /ec2:RunInstances from run\.json \(principal "builder"\)/);
      assert.match(escalation['policies/run.json'][0], /iam:PassRole from pass\.json \(principal "builder"\)/);
      assert.equal(stderr.match(/cannot read policies\/missing\.json/g)?.length, 1);
    });

    it('judges each file alone with --no-config', async () => {
      const { stdout } = await cli(['check', '--format', 'json', '--no-config', 'policies/pass.json'], dir);
      const [pass] = (JSON.parse(stdout) as { results: Results }).results;
      assert.ok(!pass.findings.some((f) => f.rule === 'privilege-escalation'));
    });
  });

  it('the language server reads a principal’s other policies from the open document first, else from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-principals-'));
    try {
      writeFileSync(join(dir, 'pass.json'), policy(PASS));
      writeFileSync(join(dir, 'run.json'), policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]));
      writeFileSync(join(dir, '.iamlp.json'), JSON.stringify({ principals: { builder: ['pass.json', 'run.json'] } }));
      const configs = new ProjectConfigs();
      const passUri = pathToFileURL(join(dir, 'pass.json')).href;
      const runUri = pathToFileURL(join(dir, 'run.json')).href;
      assert.deepEqual(configs.peerUris(passUri), [runUri]);
      const documents = new Map<string, TextDocument>();
      const fromDisk = configs.principalScopes(passUri, openDocumentsFirst(documents));
      assert.deepEqual(findingsOf('privilege-escalation', policy(PASS), { principals: fromDisk }), []);
      // An unsaved edit of run.json completes the path for pass.json.
      const open = TextDocument.create(runUri, 'json', 1, policy(RUN));
      documents.set(runUri, open);
      const fromEditor = configs.principalScopes(passUri, openDocumentsFirst(documents));
      assert.equal(findingsOf('privilege-escalation', policy(PASS), { principals: fromEditor }).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
