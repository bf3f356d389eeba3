// `npm run bench`: the engine's speed figures. Over the .json policies of a folder given as
// `npm run bench -- --corpus DIR` (or IAMLP_BENCH_CORPUS=DIR), e.g. a download of every AWS managed
// policy; without one, over 1500 generated policies. Prints per-file p50/p95/max, the total, and
// the ratio to the floor: reading + jsonc-parsing the same files in the same run. Targets:
// ratio <= 2, a 1 MB policy <= 50 ms, catalog load <= 30 ms. Then, as whole processes (see the
// end of this file): `iamlp check` of one small policy against `node -e 0` (target <= 1.5), the
// CLI over every input against a bare node process reading and parsing them (target <= 2; and
// again under node's --v8-pool-size=1, and with the grammar rules alone, which shows what the
// security and catalog rules cost), how long the extension's bundle and the AWS SDK's take to
// load, the language server's open -> diagnostics over every 8th input (target: none over 50 ms),
// and how long a hover sent as a 1 MB template's analysis starts waits for its answer. Also: a role
// with as many policies as are judged together, and the fix-all of a 1 MB template.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { parseTree } = require('jsonc-parser');
const { analyzePolicy } = require(join(root, 'out/server/src/linter/analyze.js'));
const { loadCatalog, resolveCatalogPath } = require(join(root, 'out/server/src/catalog/catalog.js'));

const ms = (ns) => Number(ns) / 1e6;
const now = () => process.hrtime.bigint();
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

// Catalog load: a fresh read + parse + index each time (the first is cold).
const catalogPath = resolveCatalogPath(join(root, 'dist'));
const loads = [];
let catalog;
for (let i = 0; i < 15; i++) {
  const t = now();
  catalog = loadCatalog(catalogPath);
  loads.push(ms(now() - t));
}

// Inputs.
/** The corpus folder the command line (`--corpus DIR`, `--corpus=DIR`) or IAMLP_BENCH_CORPUS names. */
function corpusArgument() {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === '--corpus' || a.startsWith('--corpus='));
  if (at === -1) return process.env.IAMLP_BENCH_CORPUS || undefined;
  const value = args[at] === '--corpus' ? args[at + 1] : args[at].slice('--corpus='.length);
  if (!value) fail('--corpus needs a folder');
  return value;
}
function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
const corpusDir = corpusArgument();
let files;
let source;
if (corpusDir) {
  // A corpus that was asked for and is not there is an error: a silent fallback would report
  // figures for other inputs than the ones named.
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), corpusDir); // npm run moves to the package root
  if (!existsSync(dir)) fail(`corpus folder ${dir} does not exist`);
  files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) fail(`no .json files in ${dir}`);
  source = `${files.length} policies from ${dir}`;
} else {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'iamlp-bench-'));
  const services = ['s3', 'ec2', 'iam', 'dynamodb', 'lambda', 'kms', 'logs', 'sts', 'cloudtrail', 'sqs'];
  const verbs = ['Get*', 'List*', 'Describe*', 'Put*', 'Create*', '*', 'Delete*'];
  files = [];
  for (let i = 0; i < 1500; i++) {
    const statements = [];
    for (let s = 0; s < 1 + (i % 7); s++) {
      const actions = [];
      for (let a = 0; a < 1 + ((i * 7 + s) % 12); a++)
        actions.push(`${services[(i + s + a) % services.length]}:${verbs[(i + a) % verbs.length]}`);
      statements.push({ Sid: `S${s}`, Effect: s % 4 === 3 ? 'Deny' : 'Allow', Action: actions, Resource: '*' });
    }
    const file = join(dir, `p${i}.json`);
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2));
    files.push(file);
  }
  source = `${files.length} generated policies (no --corpus given)`;
}

function floorPass() {
  const times = [];
  for (const file of files) {
    const t = now();
    parseTree(readFileSync(file, 'utf8'), [], { allowTrailingComma: false, disallowComments: true });
    times.push(ms(now() - t));
  }
  return times;
}

let findings = 0;
function enginePass() {
  const times = [];
  findings = 0;
  for (const file of files) {
    const t = now();
    const result = analyzePolicy(readFileSync(file, 'utf8'), { catalog });
    times.push(ms(now() - t));
    findings += result.findings.length;
  }
  return times;
}

// Warm both paths (JIT, file cache, pattern cache) with three passes each: V8 optimises the
// engine's many small functions over several passes, and a single one left the first measured
// rounds half-optimised (the ratio read 1.8-2.0 where a warm run gives 1.4). Then interleave the
// measured rounds so that machine noise hits both alike; per file, the median of the rounds counts.
for (let i = 0; i < 3; i++) {
  floorPass();
  enginePass();
}
const rounds = 7;
const floorRounds = [];
const engineRounds = [];
for (let r = 0; r < rounds; r++) {
  floorRounds.push(floorPass());
  engineRounds.push(enginePass());
}
const perFile = (roundsOf) => files.map((_, i) => median(roundsOf.map((round) => round[i])));
const floor = perFile(floorRounds);
const engine = perFile(engineRounds);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const sortedEngine = [...engine].sort((a, b) => a - b);

// A 1 MB policy.
const statements = [];
for (let i = 0; i < 4000; i++) {
  statements.push({
    Sid: `S${i}`,
    Effect: i % 10 === 0 ? 'Deny' : 'Allow',
    Action: ['s3:Get*', 'ec2:Describe*', i === 3999 ? 'iam:CreateUser' : 'iam:List*', 'dynamodb:Query'],
    // An IAM user among the resources: the IAM actions act on users, so the policy grants them.
    Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:us-east-1:111122223333:table/t${i}`, `arn:aws:iam::111122223333:user/u${i}`],
  });
}
const big = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
// The language server analyses the whole document again on every edit: measured as a run of
// consecutive analyses, as there, after three that warm up the paths an input this size takes.
// The floor gets its own run, so that neither pays for the other's garbage.
function timedRuns(run) {
  for (let i = 0; i < 3; i++) run();
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = now();
    run();
    times.push(ms(now() - t));
  }
  return times;
}
const bigFloor = timedRuns(() => parseTree(big, [], {}));
const bigTimes = timedRuns(() => analyzePolicy(big, { catalog }));

// Memory: a language server sees every version of a document it edits. Analyse 200 versions of a
// 1 MB policy, each with a new action name, and measure what stays reachable afterwards.
let retained = 'n/a (run node with --expose-gc)';
if (typeof globalThis.gc === 'function') {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 200; i++) analyzePolicy(big.replace('"iam:CreateUser"', `"iam:CreateUser", "s3:GetObjectEdit${i}"`), { catalog });
  globalThis.gc();
  retained = `${((process.memoryUsage().heapUsed - before) / 1024 / 1024).toFixed(1)} MB`;
}

// Templates: a 1 MB CloudFormation YAML stack and a 1 MB Terraform file, each of IAM roles with an
// inline policy, analysed whole as the language server does after an edit (each run edits one name,
// so no run reuses another's text), and once cold.
const { analyzeFile } = require(join(root, 'out/server/src/linter/analyzeFile.js'));
const { loadTerraformParser } = require(join(root, 'out/server/src/iac/terraform/hclParser.js'));
function megabyteOf(unit) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const part = unit(i);
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}
const yamlStack =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' +
  megabyteOf(
    (i) => `  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data-${i}
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: !Sub arn:\${AWS::Partition}:s3:::bucket-${i}/*
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:Query]
                Resource: !GetAtt Table${i}.Arn
`,
  );
const terraformFile = megabyteOf(
  (i) => `resource "aws_iam_role" "r${i}" {
  name = "role-${i}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "p${i}" {
  role = aws_iam_role.r${i}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "\${aws_s3_bucket.b.arn}/${i}/*" },
      { Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = var.table_arn },
    ]
  })
}
`,
);
await loadTerraformParser();
// "After an edit" is what the language server does: the previous version's analysis is handed
// over (unchanged policies reuse their findings; Terraform reparses incrementally). "Whole" is the
// same edit analysed from nothing, as the CLI does once per file.
function templateTimes(text, fileName, marker) {
  const options = { catalog };
  const cold = now();
  let previous = analyzeFile(text, fileName, options, { incremental: {} });
  const coldMs = ms(now() - cold);
  let edit = 0;
  const times = timedRuns(() => {
    previous = analyzeFile(text.replace(marker, `${marker}x${edit++}`), fileName, options, { incremental: { previous } });
  });
  const whole = timedRuns(() => analyzeFile(text.replace(marker, `${marker}y${edit++}`), `whole-${edit}-${fileName}`, options));
  return { coldMs, times, whole, policies: previous.policies.length, findings: previous.findings.length };
}
const yamlBench = templateTimes(yamlStack, 'bench-stack.yaml', 'data-0');
const terraformBench = templateTimes(terraformFile, 'bench-main.tf', 'role-0');

// The access code lens over the 1 MB CloudFormation YAML, edited: the extension compares on a
// worker thread (client/src/diff/accessDiffRunner.ts), which reads the committed side once. Timed
// per edit, with the longest the calling thread went without a turn of its event loop meanwhile
// (what every other extension of the host waits), against comparing on the calling thread.
const { AccessDiffRunner } = require(join(root, 'out/client/src/diff/accessDiffRunner.js'));
const { accessSinceHead } = require(join(root, 'out/client/src/diff/accessSinceHead.js'));
async function lensTimes() {
  const committed = { kind: 'committed', text: yamlStack };
  const edited = (i) =>
    yamlStack.replace('data-0', `data-0z${i}`).replace('s3:GetObject, s3:PutObject]', 's3:GetObject, s3:PutObject, iam:PassRole]');
  const runner = new AccessDiffRunner();
  await runner.compare('bench-lens.yaml', Promise.resolve(committed), edited(0));
  const times = [];
  const stalls = [];
  for (let i = 1; i <= 5; i++) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const t = now();
    await runner.compare('bench-lens.yaml', Promise.resolve(committed), edited(i));
    times.push(ms(now() - t));
    delay.disable();
    stalls.push(delay.max / 1e6);
  }
  runner.dispose();
  const inThread = [];
  for (let i = 6; i <= 8; i++) {
    const t = now();
    accessSinceHead('bench-lens.yaml', committed, edited(i), catalog);
    inThread.push(ms(now() - t));
  }
  return { worker: median(times), stall: median(stalls), inThread: median(inThread) };
}
const lens = await lensTimes();

// One role with many policies: each is judged with every other one, which grows with the square
// of their number, up to MAX_POLICIES_PER_PRINCIPAL; past it the template is reported
// (invalid-template) and its policies are judged one by one. Then the fix-all of the 1 MB
// CloudFormation YAML without its Versions: one safe fix per policy, all applied at once.
const { MAX_POLICIES_PER_PRINCIPAL } = require(join(root, 'out/server/src/linter/analyzeFile.js'));
const { fixAll } = require(join(root, 'out/server/src/services/codeActions.js'));
function rolePolicies(count) {
  const document = (Statement) => ({ Version: '2012-10-17', Statement });
  const resources = {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: document([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      },
    },
  };
  for (let i = 0; i < count; i++) {
    const Action = i % 2 === 0 ? 'ec2:RunInstances' : 's3:GetObject';
    resources[`Policy${i}`] = {
      Type: 'AWS::IAM::Policy',
      Properties: { PolicyName: `p${i}`, Roles: [{ Ref: 'Role' }], PolicyDocument: document([{ Effect: 'Allow', Action, Resource: '*' }]) },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 1);
}
function medianOfThree(run) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    run();
    times.push(ms(now() - t));
  }
  return median(times);
}
const principalTimes = [MAX_POLICIES_PER_PRINCIPAL, 8000].map((count) => {
  const text = rolePolicies(count);
  return { count, ms: medianOfThree(() => analyzeFile(text, 'bench-principal.template.json', { catalog })) };
});
const unversioned = yamlStack.replace(/^ *Version: '2012-10-17'\n/gm, '');
let fixed;
const fixAllMs = medianOfThree(() => (fixed = fixAll(unversioned, { catalog }, { mode: 'safe' }, 'bench-fix.yaml')));

const f = (x) => x.toFixed(2).padStart(8);
console.log(`iamlp engine benchmark, node ${process.version}, catalog ${catalog.source.package} ${catalog.source.version}`);
console.log(`inputs: ${source}`);
console.log('');
console.log(`catalog load     first ${f(loads[0])} ms   median ${f(median(loads))} ms   (target <= 30 ms)`);
console.log(
  `per file         p50 ${f(quantile(sortedEngine, 0.5))} ms   p95 ${f(quantile(sortedEngine, 0.95))} ms   max ${f(sortedEngine[sortedEngine.length - 1])} ms`,
);
console.log(`total            engine ${f(sum(engine))} ms   floor (read + jsonc parse) ${f(sum(floor))} ms`);
console.log(`ratio to floor   ${(sum(engine) / sum(floor)).toFixed(2)}   (target <= 2)`);
const sortedBig = [...bigTimes].sort((a, b) => a - b);
console.log(
  `1 MB policy      ${(big.length / 1024 / 1024).toFixed(2)} MB: median ${f(median(bigTimes))} ms (p90 ${quantile(sortedBig, 0.9).toFixed(2)}, max ${sortedBig[sortedBig.length - 1].toFixed(2)}), floor (jsonc parse) ${f(median(bigFloor))} ms   (target <= 50 ms)`,
);
for (const [label, text, result] of [
  ['1 MB CFN YAML', yamlStack, yamlBench],
  ['1 MB .tf', terraformFile, terraformBench],
]) {
  const sorted = [...result.times].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(16)} ${(text.length / 1024 / 1024).toFixed(2)} MB, ${result.policies} policies: after an edit median ${f(median(result.times))} ms (p90 ${quantile(sorted, 0.9).toFixed(2)}), cold ${f(result.coldMs)} ms, whole file from nothing median ${f(median(result.whole))} ms   (target <= 100 ms)`,
  );
}
console.log(
  `access lens      1 MB CFN YAML, after an edit: median ${f(lens.worker)} ms on its worker thread, the calling thread busy at most ${f(lens.stall)} ms meanwhile; on that thread it took ${f(lens.inThread)} ms`,
);
console.log(
  `one principal    ${principalTimes.map((p) => `${p.count} policies on one role ${f(p.ms)} ms`).join(', ')} (past ${MAX_POLICIES_PER_PRINCIPAL}: reported, judged one by one)`,
);
console.log(
  `fix all          1 MB CFN YAML without its Versions: ${fixed.applied} safe fixes in ${fixed.rounds} round${fixed.rounds === 1 ? '' : 's'}, median ${f(fixAllMs)} ms`,
);
console.log(`findings         ${findings} over ${files.length} files`);
const heapAfterRun = process.memoryUsage().heapUsed;
globalThis.gc();
console.log(
  `heap used        ${(heapAfterRun / 1024 / 1024).toFixed(1)} MB after the run, ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB of it live (after a full GC)`,
);
console.log(`retained         ${retained} after analysing 200 edited versions of the 1 MB policy`);

// ---------------------------------------------------------------------------------------------
// Whole processes, as a user runs them. Each figure is the median of interleaved runs (the
// machine is shared: interleaving spreads its noise over both sides), wall clock and CPU time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync as mkdtemp, rmSync, writeFileSync as writeFile } from 'node:fs';
import { availableParallelism, tmpdir as osTmpdir } from 'node:os';

const cliBin = join(root, 'bin', 'iamlp.js');
const scratch = mkdtemp(join(osTmpdir(), 'iamlp-bench-process-'));
const smallPolicy = join(scratch, 'small.policy.json');
writeFile(
  smallPolicy,
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
    null,
    2,
  ),
);
// The floor of a whole run: a bare node process that reads and jsonc-parses the same files.
const floorScript = join(scratch, 'floor.cjs');
writeFile(
  floorScript,
  `const { readFileSync } = require('node:fs');\n` +
    `const { parseTree } = require(${JSON.stringify(require.resolve('jsonc-parser'))});\n` +
    `const files = JSON.parse(readFileSync(process.argv[2], 'utf8'));\n` +
    `let nodes = 0;\n` +
    `for (const f of files) nodes += parseTree(readFileSync(f, 'utf8'), [], {}) ? 1 : 0;\n` +
    `process.stdout.write(JSON.stringify({ nodes }) + '\\n');\n`,
);
const fileList = join(scratch, 'files.json');
writeFile(fileList, JSON.stringify(files));
// The CLI gets the folder when the inputs are one (the corpus), else the list of files.
const inputs = [...new Set(files.map((f) => dirname(f)))];

// Each child reports the CPU time it used (user + system) as it exits: on a shared machine, CPU
// time varies less than wall-clock time, which waits for other processes too. Where Linux says
// (/proc/self/task/*/schedstat), it also reports how long its main thread ran and waited for a CPU
// while runnable, and how long V8's helper threads (optimizing compiler, garbage collector) ran:
// on a machine of two cores, the helpers compete with the analysis for the CPU.
const cpuReporter = join(scratch, 'cpu-report.cjs');
writeFile(
  cpuReporter,
  `process.on('exit', () => {
  const u = process.cpuUsage();
  let threads = '';
  try {
    const fs = require('node:fs');
    let helpers = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const [run, wait] = fs.readFileSync('/proc/self/task/' + tid + '/schedstat', 'utf8').split(' ').map(Number);
      if (Number(tid) === process.pid) threads += ' @@main ' + run / 1e6 + ' @@waited ' + wait / 1e6;
      else helpers += run / 1e6;
    }
    threads += ' @@helpers ' + helpers;
  } catch {}
  process.stderr.write('\\n@@cpu ' + (u.user + u.system) / 1000 + threads + '\\n');
});\n`,
);

function timed(args) {
  const t = now();
  const run = spawnSync(process.execPath, ['--require', cpuReporter, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const wall = ms(now() - t);
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  const report = String(run.stderr);
  const figure = (name) => Number(new RegExp(`@@${name} ([\\d.]+)`).exec(report)?.[1] ?? NaN);
  return { wall, cpu: figure('cpu'), main: figure('main'), waited: figure('waited'), helpers: figure('helpers') };
}

function pairRatio(a, b, rounds) {
  timed(a);
  timed(b);
  const as = [];
  const bs = [];
  for (let i = 0; i < rounds; i++) {
    as.push(timed(a));
    bs.push(timed(b));
  }
  const of = (runs, key) => median(runs.map((r) => r[key]));
  const figures = (runs) => ({
    wall: of(runs, 'wall'),
    cpu: of(runs, 'cpu'),
    main: of(runs, 'main'),
    waited: of(runs, 'waited'),
    helpers: of(runs, 'helpers'),
  });
  // The ratio of each pair, run back to back, then their median: this machine's speed drifts by a
  // fifth within minutes, and a ratio of the two medians took that drift into the figure (one whole
  // run read 1.96, the next 2.58, with nothing changed).
  const pairs = (key) => median(bs.map((b, i) => b[key] / as[i][key]));
  const wallRatios = bs.map((b, i) => b.wall / as[i].wall);
  return {
    a: figures(as),
    b: figures(bs),
    wall: pairs('wall'),
    cpu: pairs('cpu'),
    spread: `${Math.min(...wallRatios).toFixed(2)}-${Math.max(...wallRatios).toFixed(2)}`,
  };
}

const startup = pairRatio(['-e', '0'], [cliBin, 'check', smallPolicy], 20);
// The seed's read-only policy: IAM actions and the Deny of every IAM write, which the security
// rules look into further (the privilege escalation paths' index is built for IAM's actions).
const startupIam = pairRatio(['-e', '0'], [cliBin, 'check', join(root, 'policies', 'IDSentinel-ReadOnly-Policy.json')], 20);
const wholeArgs = inputs.length === 1 ? [cliBin, 'check', '--format', 'json', inputs[0]] : [cliBin, 'check', '--format', 'json', ...files];
// 21 pairs: on a shared two-CPU machine one pair's ratio ranged from 1.5 to 2.5 within a run, and
// the median of 11 moved by a tenth from one run of the bench to the next.
const whole = pairRatio([floorScript, fileList], wholeArgs, 21);
// The same run with node's pool of V8 worker threads cut to one (README: a node option iamlp cannot
// set for itself): on two cores, the compiler's and garbage collector's four threads otherwise take
// CPU time from the main thread.
const onePool = pairRatio([floorScript, fileList], ['--v8-pool-size=1', ...wholeArgs], 11);
// Where the whole run's time goes: the same run with only the grammar rules on. The security and
// catalog rules are the ones that match every action against the catalog and walk the escalation
// paths; the difference between the two ratios is theirs.
const { allRules } = require(join(root, 'out/server/src/rules/index.js'));
const grammarOnlyConfig = join(scratch, 'grammar-only.iamlp.json');
writeFile(
  grammarOnlyConfig,
  JSON.stringify({ rules: Object.fromEntries(allRules.filter((r) => r.meta.category !== 'grammar').map((r) => [r.meta.id, 'off'])) }),
);
const grammarOnly = pairRatio(
  [floorScript, fileList],
  [cliBin, 'check', '--format', 'json', '--config', grammarOnlyConfig, ...wholeArgs.slice(4)],
  5,
);

// The extension's load: what VS Code waits for before activate() runs, in every session that opens
// a JSON, YAML or Terraform file; and the AWS SDK's bundle, which the first AWS call loads. Each in a
// node of its own (a fresh module cache), timed inside it around the require alone; 'vscode' is a
// stand-in there (test/support/vscodeStandIn.ts).
const loadTimer = join(scratch, 'load-timer.cjs');
writeFile(loadTimer, `const t = performance.now();\nrequire(process.argv[2]);\nprocess.stdout.write(String(performance.now() - t));\n`);
const vscodeStandIn = join(root, 'out/test/support/vscodeStandIn.js');
function loadTime(bundle, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const run = spawnSync(process.execPath, ['--no-warnings', '-r', vscodeStandIn, loadTimer, bundle], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`loading ${bundle}: exit ${run.status}: ${run.stderr}`);
    times.push(Number(run.stdout));
  }
  return median(times);
}
const clientLoad = loadTime(join(root, 'dist', 'client.js'), 11);
const sdkLoad = loadTime(join(root, 'dist', 'vendor-aws-sdk.js'), 11);

// The language server: open -> diagnostics of every 8th input, one after another, as an editor
// opening files does; its worst case is what a user waits for.
const { LspClient, fixtureUri } = require(join(root, 'out/test/support/lspClient.js'));
const server = new LspClient();
await server.initialize();
const opens = [];
for (let i = 0; i < files.length; i += 8) {
  const text = readFileSync(files[i], 'utf8');
  const t = now();
  await server.open(fixtureUri(`bench-${i}-${files[i].split(/[\\/]/).pop()}`), text);
  opens.push({ file: files[i], ms: ms(now() - t) });
}
await server.stop();
rmSync(scratch, { recursive: true, force: true });

// Hover during a long analysis: a fresh server opens each 1 MB template; the hover is sent while
// the server waits for its settings, i.e. just before the analysis starts, and timed from there to
// its answer (and to the diagnostics). A server that analyses whole files answers after them; one
// that analyses in slices after the file's parse.
const lspProtocol = require('vscode-languageserver-protocol/node');
async function hoverDuringAnalysis(text, name, languageId, marker) {
  const fresh = new LspClient();
  await fresh.initialize();
  if (languageId === 'terraform') {
    // The HCL grammar loads on the first .tf; then the settings are forgotten, so the next open asks again.
    const warm = fixtureUri('bench-warm.tf');
    await fresh.open(warm, text.slice(0, 2000), languageId);
    await fresh.connection.sendNotification(lspProtocol.DidCloseTextDocumentNotification.type, { textDocument: { uri: warm } });
    await fresh.connection.sendNotification(lspProtocol.DidChangeConfigurationNotification.type, { settings: null });
  }
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const uri = fixtureUri(`bench-hover-${run}-${name}`);
    const edited = text.replace(marker, `${marker}h${run}`);
    const at = edited.lastIndexOf('s3:GetObject') + 4;
    const lines = edited.slice(0, at).split('\n');
    let sent;
    let hovered;
    fresh.beforeConfigurationAnswer = () => {
      fresh.beforeConfigurationAnswer = undefined;
      sent = performance.now();
      hovered = fresh.connection
        .sendRequest(lspProtocol.HoverRequest.type, {
          textDocument: { uri },
          position: { line: lines.length - 1, character: lines[lines.length - 1].length },
        })
        .then((answer) => {
          if (!answer) throw new Error(`no hover in ${name}`);
          return performance.now() - sent;
        });
    };
    await fresh.open(uri, edited, languageId);
    const diagnostics = performance.now() - sent;
    runs.push({ hover: await hovered, diagnostics });
    await fresh.connection.sendNotification(lspProtocol.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await fresh.connection.sendNotification(lspProtocol.DidChangeConfigurationNotification.type, { settings: null });
  }
  await fresh.stop();
  return { hover: median(runs.map((r) => r.hover)), diagnostics: median(runs.map((r) => r.diagnostics)) };
}
const hoverYaml = await hoverDuringAnalysis(yamlStack, 'stack.yaml', 'yaml', 'data-0');
const hoverTerraform = await hoverDuringAnalysis(terraformFile, 'main.tf', 'terraform', 'role-0');
// The first open is the server's cold start (JIT, the catalog's first look at each service): told
// apart from the worst of the others, which is what a user waits for while working.
const [firstOpen, ...laterOpens] = opens;
const sortedOpens = [...laterOpens].sort((x, y) => x.ms - y.ms);
const worst = sortedOpens[sortedOpens.length - 1];

console.log('');
console.log("whole processes (interleaved runs: medians of wall clock, CPU time in brackets; ratios are medians of the pairs' ratios)");
const pair = (p) => `${f(p.wall)} ms [${f(p.cpu)} ms]`;
console.log(
  `start-up         iamlp check of one small policy ${pair(startup.b)}   node -e 0 ${pair(startup.a)}   ratio ${startup.wall.toFixed(2)} [${startup.cpu.toFixed(2)}]   (target <= 1.5)`,
);
console.log(
  `  of IAM actions  iamlp check policies/IDSentinel-ReadOnly-Policy.json ${pair(startupIam.b)}   node -e 0 ${pair(startupIam.a)}   ratio ${startupIam.wall.toFixed(2)} [${startupIam.cpu.toFixed(2)}]`,
);
console.log(
  `whole run        iamlp check --format json ${pair(whole.b)}   bare node read + parse ${pair(whole.a)}   ratio ${whole.wall.toFixed(2)} [${whole.cpu.toFixed(2)}] (pairs ${whole.spread})   (target <= 2)`,
);
console.log(
  `  one V8 worker  node --v8-pool-size=1, same run ${pair(onePool.b)}   bare node ${pair(onePool.a)}   ratio ${onePool.wall.toFixed(2)} [${onePool.cpu.toFixed(2)}] (pairs ${onePool.spread})`,
);
console.log(
  `  without security and catalog rules ${pair(grammarOnly.b)}   bare node ${pair(grammarOnly.a)}   ratio ${grammarOnly.wall.toFixed(2)} [${grammarOnly.cpu.toFixed(2)}]   (the grammar rules alone)`,
);
const threads = (p) => `main thread on a CPU ${f(p.main)} ms, waiting for one ${f(p.waited)} ms; V8's helper threads ${f(p.helpers)} ms`;
if (!Number.isNaN(whole.b.main)) {
  console.log(`  threads        iamlp: ${threads(whole.b)}`);
  console.log(`                 bare node: ${threads(whole.a)}   (${availableParallelism()} CPUs)`);
}
console.log(
  `extension load   dist/client.js ${f(clientLoad)} ms; the AWS SDK (dist/vendor-aws-sdk.js), on the first AWS call ${f(sdkLoad)} ms   (medians of 11 fresh nodes)`,
);
console.log(
  `language server  open -> diagnostics over ${opens.length} files: first (cold) ${f(firstOpen.ms)} ms; then median ${f(median(laterOpens.map((o) => o.ms)))} ms   p95 ${f(
    quantile(
      sortedOpens.map((o) => o.ms),
      0.95,
    ),
  )} ms   max ${f(worst.ms)} ms (${worst.file.split(/[\\/]/).pop()})   (target: max <= 50 ms)`,
);
for (const [what, times] of [
  ['1 MB CFN YAML', hoverYaml],
  ['1 MB .tf', hoverTerraform],
]) {
  console.log(
    `hover during analysis  ${what}: answered after ${f(times.hover)} ms, diagnostics after ${f(times.diagnostics)} ms (medians of 3; a request waits for the parse, not the rules)`,
  );
}
