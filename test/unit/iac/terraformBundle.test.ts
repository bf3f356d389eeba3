import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('Terraform adapter in an esbuild bundle (as dist/server.js and dist/cli.js run it)', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'iamlp-tf-bundle-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('loads the HCL parser from the .wasm files beside the bundle, as scripts/build.mjs lays them out', async function () {
    this.timeout(30000);
    // The options of scripts/build.mjs that matter here: a CommonJS bundle for node.
    await build({
      entryPoints: [join(ROOT, 'server', 'src', 'iac', 'terraform', 'terraform.ts')],
      outfile: join(folder, 'terraform.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      logLevel: 'error',
    });
    copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(folder, 'tree-sitter.wasm'));
    copyFileSync(
      require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
      join(folder, 'tree-sitter-terraform.wasm'),
    );
    const script = `
      const t = require(${JSON.stringify(join(folder, 'terraform.js'))});
      t.loadTerraformParser().then(() => {
        const r = t.parseTerraform('resource "aws_iam_policy" "p" {\\n  policy = jsonencode({ Statement = [] })\\n}\\n', 'main.tf');
        console.log(JSON.stringify(r.policies.map((p) => p.locator)));
      });`;
    // Run from a folder without node_modules: the bundle must find everything beside itself.
    const run = spawnSync(process.execPath, ['-e', script], { cwd: folder, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), ['aws_iam_policy.p.policy']);
  });
});
