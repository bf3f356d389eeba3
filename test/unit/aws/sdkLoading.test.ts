import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const OUT_AWS = join(ROOT, 'out', 'server', 'src', 'aws');
const DIST = join(ROOT, 'dist');

/** 'vscode' stood in for, so that a plain node loads dist/client.js. */
const VSCODE_STAND_IN = join(ROOT, 'out', 'test', 'support', 'vscodeStandIn.js');

/** Runs `script` in a node of its own (a fresh module cache) and returns what it printed as JSON. */
function inFreshNode<T>(script: string): T {
  // --no-warnings: the SDK warns once that it will need a newer node (server/src/cli/commands/sdkNotice.ts).
  const run = spawnSync(process.execPath, ['--no-warnings', '-r', VSCODE_STAND_IN, '-e', script], { encoding: 'utf8' });
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as T;
}

// Lists the loaded modules of the AWS SDK (and of the bundle that holds it in dist/).
const loadedSdk = `() => Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/]@aws-sdk[\\\\/]|vendor-aws-sdk\\.js$/.test(f)).length`;

describe('the AWS SDK is loaded on the first AWS call, not with the modules that call it', () => {
  it('the AWS layer (compiled, as the tests and iamlp run it) loads it when a client is made', () => {
    const result = inFreshNode<{ before: number; after: number; sameClass: boolean }>(`
      const sdk = ${loadedSdk};
      for (const m of ['sts', 'cloudtrailClient', 'cloudtrailLookup', 'iamSimulate', 'credentials', 'awsContext'])
        require(${JSON.stringify(OUT_AWS)} + '/' + m + '.js');
      const before = sdk();
      const client = require(${JSON.stringify(OUT_AWS)} + '/sts.js').createStsClient({
        region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
      });
      const sameClass = client instanceof require('@aws-sdk/client-sts').STSClient;
      process.stdout.write(JSON.stringify({ before, after: sdk(), sameClass }));`);
    assert.equal(result.before, 0, 'no SDK module is loaded before the first call');
    assert.ok(result.after > 0, 'the call loads the SDK');
    // One instance of the SDK: what a test mocks (aws-sdk-client-mock patches the class) is what the calls use.
    assert.equal(result.sameClass, true);
  });

  it("the extension's bundle leaves the SDK to dist/vendor-aws-sdk.js, which holds every value the AWS layer calls", () => {
    const result = inFreshNode<{ exported: string[]; loadedWithClient: number; vendor: Record<string, string> }>(`
      const sdk = ${loadedSdk};
      const client = require(${JSON.stringify(join(DIST, 'client.js'))});
      const loadedWithClient = typeof client.activate === 'function' ? sdk() : -1;
      const vendor = require(${JSON.stringify(join(DIST, 'vendor-aws-sdk.js'))});
      const exported = Object.keys(require(${JSON.stringify(join(OUT_AWS, 'sdkExports.js'))})).sort();
      process.stdout.write(JSON.stringify({
        exported, loadedWithClient,
        vendor: Object.fromEntries(Object.keys(vendor).sort().map((k) => [k, typeof vendor[k]])),
      }));`);
    assert.equal(result.loadedWithClient, 0, 'loading dist/client.js loads no part of the SDK');
    const sdkSources = (bundle: string) =>
      (JSON.parse(readFileSync(join(DIST, `${bundle}.map`), 'utf8')) as { sources: string[] }).sources.filter((s) =>
        /node_modules\/@(aws-sdk|smithy)\//.test(s),
      );
    assert.deepEqual(sdkSources('client.js'), [], 'dist/client.js holds no code of the SDK');
    assert.ok(sdkSources('vendor-aws-sdk.js').length > 0);
    assert.ok(result.exported.includes('STSClient') && result.exported.includes('fromIni'), result.exported.join(', '));
    assert.deepEqual(result.vendor, Object.fromEntries(result.exported.map((name) => [name, 'function'])));
  });
});
