import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..', '..');
let eslint: ESLint;

/** Lints `code` as if it were the file `path` of the repository (nothing is written). */
async function lint(path: string, code: string): Promise<{ status: number; output: string }> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return { status: result.errorCount > 0 ? 1 : 0, output: result.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n') };
}

// The boundaries of ARCHITECTURE.md hold because npm run lint fails when one is crossed: these
// check that the configuration really catches each kind of crossing, and lets the allowed ones be.
describe('lint: the enforced boundaries', function () {
  this.timeout(60_000);
  before(() => {
    eslint = new ESLint({ cwd: root });
  });

  it('fails a vscode import under server/', async () => {
    const result = await lint('server/src/engine/probe.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;\n");
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /'vscode' import is restricted/);
  });

  it('fails a rule that imports another rule, and lets it import rules/utils', async () => {
    const crossing = await lint('server/src/rules/probe-rule.ts', "export { allowIamWrite } from './allow-iam-write';\n");
    assert.equal(crossing.status, 1, crossing.output);
    assert.match(crossing.output, /A rule does not import another rule/);
    const helper = await lint('server/src/rules/probe-rule.ts', "export { findingStatement } from './utils/findingStatement';\n");
    assert.equal(helper.status, 0, helper.output);
  });

  it('fails the engine importing the rules, and the server importing the client', async () => {
    const engine = await lint('server/src/engine/probe.ts', "export { allRules } from '../rules';\n");
    assert.equal(engine.status, 1, engine.output);
    assert.match(engine.output, /engine\/ may import only/);
    const client = await lint('server/src/lsp/probe.ts', "export { activate } from '../../../client/src/extension';\n");
    assert.equal(client.status, 1, client.output);
    assert.match(client.output, /never import the extension client/);
  });

  it('fails a rule helper that imports the rule list, and an import cycle within a layer', async () => {
    const helper = await lint('server/src/rules/utils/probe.ts', "export { allRules } from '../index';\n");
    assert.equal(helper.status, 1, helper.output);
    assert.match(helper.output, /Rule helpers do not import rules/);
    // engine/analyze.ts imports engine/lineIndex.ts: lineIndex importing analyze closes a cycle.
    const cycle = await lint('server/src/engine/lineIndex.ts', "export { analyzeWithRules } from './analyze';\n");
    assert.equal(cycle.status, 1, cycle.output);
    assert.match(cycle.output, /import-x\/no-cycle: Dependency cycle/);
  });

  it('fails a value import of the AWS SDK outside sdkExports.ts, and lets its types be imported', async () => {
    for (const path of ['server/src/aws/probe.ts', 'client/src/probe.ts']) {
      const value = await lint(path, "import { STSClient } from '@aws-sdk/client-sts';\nexport const probe = STSClient;\n");
      assert.equal(value.status, 1, value.output);
      assert.match(value.output, /Import the AWS SDK's types only/);
    }
    const reExport = await lint('server/src/aws/probe.ts', "export { IAMClient } from '@aws-sdk/client-iam';\n");
    assert.equal(reExport.status, 1, reExport.output);
    const types = await lint(
      'server/src/aws/probe.ts',
      "import type { STSClient } from '@aws-sdk/client-sts';\nimport type { AwsCredentialIdentity } from '@smithy/types';\nexport type Probe = [STSClient, AwsCredentialIdentity];\n",
    );
    assert.equal(types.status, 0, types.output);
    const exports = await lint('server/src/aws/sdkExports.ts', "export { STSClient } from '@aws-sdk/client-sts';\n");
    assert.equal(exports.status, 0, exports.output);
  });

  it('lets the client import vscode', async () => {
    const result = await lint('client/src/probe.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;\n");
    assert.equal(result.status, 0, result.output);
  });
});
