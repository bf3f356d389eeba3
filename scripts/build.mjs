// Builds everything that runs: the IAM catalog and the esbuild bundles in dist/ (client.js for the
// VS Code extension host, with vendor-aws-sdk.js for its AWS calls and accessDiffWorker.js for the
// thread of its access code lens; server.js for the language server; cli.js for iamlp, cli-aws.js
// for its AWS commands).
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { arrayLoopLowering } = require('./lib/lowerArrayLoops.cjs');
execFileSync(process.execPath, [join(root, 'scripts', 'build-catalog.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts', 'build-managed-policies.mjs')], { stdio: 'inherit' });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  // Without the white space of indentation: V8 reads all of a bundle's source as it loads it, and
  // dist/cli.js at 470 KB instead of 630 took 4% off a check of one small policy. Names are kept,
  // so stack traces still read; the source maps give the lines.
  minifyWhitespace: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's UMD build loads its parts with a dynamic require that a bundle cannot follow.
  mainFields: ['module', 'main'],
};

// iamlp's AWS commands are a bundle of their own, loaded only when one of them runs: the AWS SDK
// costs more to load than a whole `iamlp check` of a small policy (server/src/cli/commands/index.ts).
const awsCommandsApart = {
  name: 'aws-commands-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/aws$/ }, (args) =>
      args.importer.endsWith(join('cli', 'commands', 'index.ts')) ? { path: './cli-aws.js', external: true } : undefined,
    );
  },
};

// The template parsers (yaml, js-yaml, web-tree-sitter) and the glob engines (re2js, zeptomatch) are
// bundles of their own beside the others, required on the first template of their kind or the first
// glob: V8 reads all of a bundle's source as it loads, and these were half of cli.js, compiled on
// every start of iamlp, which mostly checks policy files and often has no glob to match. The
// extension's client needs them only to compare templates (its access diff): apart, client.js is
// a fifth smaller, and compiling it on each activation took 97 ms instead of 77 here.
const VENDORED = ['yaml', 'js-yaml', 'web-tree-sitter', 're2js', 'zeptomatch'];
const vendoredName = new RegExp(`^(${VENDORED.join('|')})$`);
const vendorApart = {
  name: 'vendor-apart',
  setup(b) {
    b.onResolve({ filter: vendoredName }, (args) => ({ path: `./vendor-${args.path}.js`, external: true }));
  },
};

// The AWS SDK is a bundle of its own beside client.js, loaded on the first AWS call: the extension
// activates on every JSON, YAML and Terraform file, and loading the SDK with it was about half of
// its load time. The AWS layer calls the SDK only through server/src/aws/sdk.ts, which requires
// sdkExports.ts on first use; here that module is dist/vendor-aws-sdk.js. Any other path to the
// SDK fails the build, since it would load the SDK with the extension again.
const awsSdkApart = {
  name: 'aws-sdk-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/sdkExports$/ }, (args) =>
      args.importer.endsWith(join('aws', 'sdk.ts')) ? { path: './vendor-aws-sdk.js', external: true } : undefined,
    );
    b.onResolve({ filter: /^@(aws-sdk|smithy)\// }, (args) => ({
      errors: [{ text: `${args.path} would load the AWS SDK with the extension: call it through server/src/aws/sdk.ts` }],
    }));
  },
};

// jsonc-parser declares no "sideEffects", so esbuild keeps every module its main.js imports, and in
// a bundle whose modules start lazily (cli.js, whose commands load on demand) starts them all: the
// formatter's table of 1,200 indentation strings was built on every start of iamlp, which never
// formats. Its modules only define functions and tables.
const jsoncParserPure = {
  name: 'jsonc-parser-pure',
  setup(b) {
    const inPackage = `${sep}node_modules${sep}jsonc-parser${sep}`;
    b.onResolve({ filter: /^(jsonc-parser|\.\.?\/.*)$/ }, async (args) => {
      if (args.pluginData === jsoncParserPure || (args.path !== 'jsonc-parser' && !args.importer.includes(inPackage))) return undefined;
      const { kind, importer, resolveDir } = args;
      const resolved = await b.resolve(args.path, { kind, importer, resolveDir, pluginData: jsoncParserPure });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

// What runs in VS Code's extension host: the template parsers and the AWS SDK beside it.
const extensionHost = { ...common, plugins: [vendorApart, awsSdkApart, jsoncParserPure] };

// The bundles that run the engine get its array for-of loops as index loops, which V8 runs about
// twice as fast before it has optimised them (scripts/lib/lowerArrayLoops.cjs).
const lowering = arrayLoopLowering({
  root,
  entryPoints: ['server/src/cli/main.ts', 'server/src/lsp/server.ts', 'client/src/diff/accessDiffWorker.ts'],
});
const loweredLoops = [];
const lowerLoops = (bundle) => lowering.plugin((count) => loweredLoops.push(`${count} in ${bundle}`));

// The HCL parser's WebAssembly (web-tree-sitter's runtime and the tree-sitter HCL grammar), which
// the bundles load from beside themselves on the first .tf file (server/src/iac/terraform/hclParser.ts).
mkdirSync(join(root, 'dist'), { recursive: true });
for (const [pkg, file] of [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm'],
]) {
  copyFileSync(require.resolve(`${pkg}/${file}`), join(root, 'dist', file));
}

await Promise.all([
  build({ ...extensionHost, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/aws/sdkExports.ts'], outfile: 'dist/vendor-aws-sdk.js' }),
  // The access code lens's comparisons run on a worker thread of the extension host (client/src/diff/accessDiffRunner.ts).
  build({
    ...extensionHost,
    entryPoints: ['client/src/diff/accessDiffWorker.ts'],
    outfile: 'dist/accessDiffWorker.js',
    plugins: [...extensionHost.plugins, lowerLoops('dist/accessDiffWorker.js')],
  }),
  build({
    ...common,
    entryPoints: ['server/src/lsp/server.ts'],
    outfile: 'dist/server.js',
    plugins: [vendorApart, jsoncParserPure, lowerLoops('dist/server.js')],
  }),
  build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    plugins: [awsCommandsApart, vendorApart, jsoncParserPure, lowerLoops('dist/cli.js')],
    // bin/loadBundle.js compiles cli.js as a script, where import() would need a loader of its own:
    // the lazy imports (dist/cli-aws.js, node:readline) become require() calls.
    supported: { 'dynamic-import': false },
  }),
  ...VENDORED.map((pkg) =>
    build({
      ...common,
      mainFields: ['main', 'module'],
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, loader: 'js' },
      outfile: `dist/vendor-${pkg}.js`,
    }),
  ),
  build({ ...common, entryPoints: ['server/src/cli/commands/aws.ts'], outfile: 'dist/cli-aws.js' }),
]);

// Every bundle is ASCII: one character beyond it anywhere (esbuild escapes strings, not the comments
// it keeps) makes V8 hold the whole source as two bytes a character, and reading dist/cli.js as it
// loads took 5.8 ms instead of 2.3 on every start of iamlp.
for (const bundle of readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'))) {
  const lines = readFileSync(join(root, 'dist', bundle), 'latin1').split('\n');
  const line = lines.findIndex((l) => /[\u0080-\u00ff]/.test(l));
  if (line !== -1) {
    console.error(
      `dist/${bundle}:${line + 1}: not ASCII (write the comment or text of its source in ASCII): ${lines[line].trim().slice(0, 120)}`,
    );
    process.exit(1);
  }
}

// iamlp's code cache (bin/loadBundle.js), made from a check of one identity and one trust policy:
// what a quick check compiles. A failure leaves iamlp as it was without one, compiling from source.
const cli = join(root, 'dist', 'cli.js');
rmSync(`${cli}.cache`, { force: true });
const samples = ['IDSentinel-ReadOnly-Policy.json', 'Role-IDSentinel-Auditor.trust.json'].map((f) => join(root, 'policies', f));
const cached = spawnSync(process.execPath, [join(root, 'scripts', 'lib', 'codeCache.mjs'), cli, ...samples], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (cached.status !== 0 || !existsSync(`${cli}.cache`))
  console.warn(`no code cache for dist/cli.js (exit ${cached.status}): iamlp compiles from source`);

console.log(`array for-of loops lowered to index loops: ${loweredLoops.join(', ')}`);
console.log(
  'bundles: dist/client.js (with the AWS SDK and the access diff worker apart), dist/server.js, dist/cli.js (with its code cache), dist/cli-aws.js (and the HCL parser wasm)',
);
