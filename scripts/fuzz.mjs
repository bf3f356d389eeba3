// `npm run fuzz`: mutated policies through the engine and the editor services in-process (every
// input), and through the language server over stdio (a sample), counting crashes and hangs.
// Not part of `npm test`: a long run. Seeds: the project's own test/fixtures/policies/ and
// policies/, plus the .json/.jsonc files of a folder given as `--corpus DIR`. Mutations are
// deterministic per (seed, index), so a failure is reproduced by its index alone.
//
//   npm run fuzz -- [--count 100000] [--stdio 500] [--seed 1] [--corpus DIR] [--save DIR]
//
// --save DIR writes each failing input there (nothing is written otherwise).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (path) => join(root, 'out', path);

/** An input that takes longer than this in-process, or an LSP answer slower than this, is a hang. */
const HANG_MS = 10_000;
/** Slower than this is reported (not a failure): the figure to watch. */
const SLOW_MS = 1_000;

function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i === -1) return fallback;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

// ---------------------------------------------------------------------------------------------
// Seeds and the target table.

/**
 * What runs for each kind of seed file, keyed by its type (the longest suffix wins): policies go
 * through the engine and the editor services; templates (CloudFormation JSON/YAML, Terraform HCL
 * and JSON) through the file analysis that finds their policies. A new format is one more entry.
 */
const TARGETS_BY_TYPE = {
  '.json': { language: 'json', languageId: 'json', targets: ['engine', 'services'] },
  '.jsonc': { language: 'jsonc', languageId: 'jsonc', targets: ['engine', 'services'] },
  '.template.json': { language: 'json', languageId: 'json', targets: ['file'] },
  '.yaml': { language: 'json', languageId: 'yaml', targets: ['file'] },
  '.yml': { language: 'json', languageId: 'yaml', targets: ['file'] },
  '.tf': { language: 'json', languageId: 'terraform', targets: ['file'] },
  '.tf.json': { language: 'json', languageId: 'json', targets: ['file'] },
};

function typeOf(file) {
  return Object.keys(TARGETS_BY_TYPE)
    .filter((type) => file.toLowerCase().endsWith(type))
    .sort((a, b) => b.length - a.length)[0];
}

function filesUnder(dir, depth = 8) {
  if (!existsSync(dir) || depth < 0) return [];
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full, depth - 1));
    else if (entry.isFile() && typeOf(full) && statSync(full).size <= 256 * 1024) found.push(full);
  }
  return found.sort();
}

export function loadSeeds(corpus) {
  const folders = [
    join(root, 'test', 'fixtures', 'policies'),
    join(root, 'test', 'fixtures', 'iac'),
    join(root, 'policies'),
    ...(corpus ? [resolve(corpus)] : []),
  ];
  return folders.flatMap((folder) => filesUnder(folder)).map((file) => ({ file, type: typeOf(file), text: readFileSync(file, 'utf8') }));
}

// ---------------------------------------------------------------------------------------------
// Deterministic mutation.

function rngFor(seed, index) {
  let a = (seed * 0x9e3779b1) ^ (index * 0x85ebca6b) ^ 0x1234567;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '//',
  '/*',
  '*/',
  'null',
  'true',
  '-0',
  '1e999',
  '0x10',
  'NaN',
  '"Version"',
  '"2012-10-17"',
  '"2008-10-17"',
  '"Statement"',
  '"Sid"',
  '"Effect"',
  '"Allow"',
  '"Deny"',
  '"Action"',
  '"NotAction"',
  '"Resource"',
  '"NotResource"',
  '"Principal"',
  '"NotPrincipal"',
  '"Condition"',
  '"AWS"',
  '"Service"',
  '"Federated"',
  '"CanonicalUser"',
  '"*"',
  '"iam:*"',
  '"iam:Get*"',
  '"iam:Cre?teUs*r"',
  '"s3:*"',
  '"sts:AssumeRole"',
  '"StringEquals"',
  '"StringLike"',
  '"ForAllValues:StringLike"',
  '"ForAnyValue:ArnLikeIfExists"',
  '"Bool"',
  '"Null"',
  '"sts:ExternalId"',
  '"aws:PrincipalOrgID"',
  '"aws:SourceIp"',
  '"arn:aws:iam::111122223333:root"',
  '"arn:aws:iam::*:role/*"',
  '"arn:${Partition}:iam::${Account}:role/x"',
  '"\\u0000"',
  '"\\ud800"',
  '"é✓"',
  '\u0000',
  '\ufeff',
  '\u2028',
  '\ud83d\ude00',
  '\r\n',
  '\t',
  '// iamlp-ignore-next-statement allow-iam-write -- fuzz',
  '"iamlp-ignore"',
];

const VALUES = [
  () => '*',
  () => 'iam:*',
  () => 'iam:Get*',
  () => '',
  () => null,
  () => true,
  () => 0,
  () => -1.5e308,
  () => [],
  () => ({}),
  () => ['iam:CreateUser', 'iam:Pass*', 's3:GetObject'],
  () => ({ AWS: '*' }),
  () => ({ Service: 'ec2.amazonaws.com' }),
  () => ({ StringEquals: { 'sts:ExternalId': 'x' } }),
  () => ({ StringLike: { 'sts:ExternalId': '*' } }),
  () => ({ Bool: { 'aws:SecureTransport': 'false' } }),
  () => 'Allow',
  () => 'Deny',
  () => 'allow',
  () => 'x'.repeat(5000),
  () => 'a:'.repeat(300),
  () => '?*'.repeat(200),
  () => 'arn:aws:iam::111122223333:role/*',
];

const KEYS = [
  'Version',
  'Statement',
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
  'action',
  'EFFECT',
  'Id',
  'AWS',
  'Service',
  'StringEquals',
  'sts:ExternalId',
  '',
];

function nested(depth, rand) {
  const open = rand() < 0.5 ? '['.repeat(depth) : '{"a":'.repeat(depth);
  const close = open.startsWith('[') ? ']'.repeat(depth) : '}'.repeat(depth);
  return rand() < 0.3 ? open : open + '1' + close;
}

function pick(list, rand) {
  return list[Math.floor(rand() * list.length)];
}

function textMutation(text, rand) {
  const at = Math.floor(rand() * (text.length + 1));
  const span = Math.floor(rand() * Math.min(64, text.length - at + 1));
  switch (Math.floor(rand() * 8)) {
    case 0:
      return text.slice(0, at) + text.slice(at + span);
    case 1:
      return text.slice(0, at) + pick(TOKENS, rand) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at, at + span).repeat(1 + Math.floor(rand() * 4)) + text.slice(at);
    case 3:
      return text.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x10000)) + text.slice(at + 1);
    case 4:
      return text.slice(0, at);
    case 5:
      return text.slice(0, at) + nested(rand() < 0.1 ? 20000 : 1 + Math.floor(rand() * 50), rand) + text.slice(at);
    case 6: {
      const other = Math.floor(rand() * text.length);
      return text.slice(0, at) + text.slice(other, other + span) + text.slice(at + span);
    }
    default:
      return text.slice(0, at) + text.slice(at, at + span).toUpperCase() + text.slice(at + span);
  }
}

function nodesOf(value, path = [], found = []) {
  found.push(path);
  if (value && typeof value === 'object' && found.length < 400) {
    for (const key of Object.keys(value)) nodesOf(value[key], [...path, key], found);
  }
  return found;
}

function treeMutation(value, rand) {
  const paths = nodesOf(value).filter((p) => p.length > 0);
  if (paths.length === 0) return pick(VALUES, rand)();
  const path = pick(paths, rand);
  let parent = value;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const key = path[path.length - 1];
  switch (Math.floor(rand() * 5)) {
    case 0:
      parent[key] = pick(VALUES, rand)();
      break;
    case 1:
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 2:
      if (!Array.isArray(parent)) {
        parent[pick(KEYS, rand)] = parent[key];
        delete parent[key];
      } else parent.push(parent[key]);
      break;
    case 3:
      parent[key] = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => parent[key]);
      break;
    default:
      parent[key] = { [pick(KEYS, rand)]: parent[key] };
  }
  return value;
}

/** The input of one index: a seed, then one to four mutations of its text or of its JSON tree. */
export function mutate(seeds, seed, index) {
  const rand = rngFor(seed, index);
  const base = seeds[Math.floor(rand() * seeds.length)];
  let text = base.text;
  const rounds = 1 + Math.floor(rand() * 4);
  for (let r = 0; r < rounds; r++) {
    if (rand() < 0.4) {
      let tree;
      try {
        tree = JSON.parse(text);
      } catch {
        tree = undefined;
      }
      if (tree !== undefined) {
        text = JSON.stringify(treeMutation(tree, rand), null, rand() < 0.5 ? 2 : undefined);
        continue;
      }
    }
    text = textMutation(text, rand);
  }
  return { text, type: base.type, seedFile: base.file, offsets: [0, 1, 2].map(() => Math.floor(rand() * (text.length + 1))) };
}

// ---------------------------------------------------------------------------------------------
// In-process targets (worker).

export function inProcessRunners() {
  const { analyzePolicy } = require(out('server/src/linter/analyze.js'));
  const { complete } = require(out('server/src/services/completion.js'));
  const { hover } = require(out('server/src/services/hover.js'));
  const { codeActionsAt, fixAll } = require(out('server/src/services/codeActions.js'));
  const { statementLenses } = require(out('server/src/services/codeLens.js'));
  const { analyzeFile } = require(out('server/src/linter/analyzeFile.js'));
  const check = (condition, message) => {
    if (!condition) throw new Error(`invariant: ${message}`);
  };
  return {
    engine(input, language, index) {
      for (const forcePolicy of [false, true]) {
        const result = analyzePolicy(input.text, { language, forcePolicy });
        if (result.ruleErrors.length > 0)
          throw new Error(`rule ${result.ruleErrors[0].rule}: ${result.ruleErrors[0].error.split('\n')[0]}`);
        for (const f of result.findings) {
          check(f.offset >= 0 && f.offset + f.length <= Math.max(input.text.length, 0) + 1, `${f.rule} range outside the text`);
          check(typeof f.message === 'string' && f.message.length > 0, `${f.rule} without a message`);
        }
        if (index % 2 === 0) break;
      }
    },
    file(input, language) {
      const analysis = analyzeFile(input.text, `fuzz${input.type}`, { language });
      if (analysis.notLoaded) throw new Error(`the ${analysis.notLoaded} reader was not loaded`);
      for (const policy of analysis.policies) {
        if (policy.ruleErrors.length > 0)
          throw new Error(`rule ${policy.ruleErrors[0].rule}: ${policy.ruleErrors[0].error.split('\n')[0]}`);
      }
      for (const f of analysis.findings)
        check(f.offset >= 0 && f.offset + f.length <= input.text.length + 1, `${f.rule} range outside the text`);
    },
    services(input, language, index) {
      const [a, b, c] = input.offsets;
      complete(input.text, a, { language, forcePolicy: index % 3 === 0 });
      hover(input.text, b, { language });
      codeActionsAt(input.text, Math.min(b, c), Math.max(b, c), { language });
      statementLenses(input.text, { language });
      if (index % 10 === 0) fixAll(input.text, { language }, { mode: 'safe' });
    },
  };
}

async function runWorker() {
  const { seeds, seed, from, to } = workerData;
  const runners = inProcessRunners();
  // Terraform's HCL grammar is WebAssembly, loaded once before any .tf input.
  await require(out('server/src/iac/terraform/hclParser.js')).loadTerraformParser();
  for (let index = from; index < to; index++) {
    const input = mutate(seeds, seed, index);
    const { language, targets } = TARGETS_BY_TYPE[input.type];
    for (const target of targets) {
      parentPort.postMessage({ type: 'start', index, target });
      const started = performance.now();
      try {
        runners[target](input, language, index);
      } catch (err) {
        parentPort.postMessage({
          type: 'crash',
          index,
          target,
          error: String(err?.stack ?? err)
            .split('\n')
            .slice(0, 3)
            .join(' | '),
        });
      }
      const elapsed = performance.now() - started;
      if (elapsed > SLOW_MS) parentPort.postMessage({ type: 'slow', index, target, ms: elapsed, bytes: input.text.length });
    }
    parentPort.postMessage({ type: 'done', index });
  }
}

// ---------------------------------------------------------------------------------------------
// Main: the in-process run under a watchdog, then the language server over stdio.

async function inProcess(seeds, seed, count, failures) {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const slow = [];
  while (next < count) {
    await new Promise((resolveRun) => {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seeds, seed, from: next, to: count } });
      let current = { index: next, target: '', at: performance.now() };
      const watchdog = setInterval(() => {
        if (performance.now() - current.at > HANG_MS) {
          failures.push({ kind: 'hang', where: `in-process ${current.target}`, index: current.index });
          clearInterval(watchdog);
          next = current.index + 1;
          void worker.terminate();
        }
      }, 500);
      worker.on('message', (m) => {
        if (m.type === 'start') current = { index: m.index, target: m.target, at: performance.now() };
        else if (m.type === 'crash') failures.push({ kind: 'crash', where: `in-process ${m.target}`, index: m.index, error: m.error });
        else if (m.type === 'slow') slow.push(m);
        else if (m.type === 'done') {
          done++;
          next = m.index + 1;
          if (done % 10000 === 0) process.stdout.write(`  ${done} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        }
      });
      worker.on('error', (err) => {
        failures.push({ kind: 'crash', where: 'in-process worker', index: current.index, error: String(err) });
        next = current.index + 1;
      });
      worker.on('exit', () => {
        clearInterval(watchdog);
        resolveRun();
      });
    });
  }
  return { done, seconds: (performance.now() - started) / 1000, slow };
}

async function overStdio(seeds, seed, count, failures) {
  const {
    createProtocolConnection,
    StreamMessageReader,
    StreamMessageWriter,
    InitializeRequest,
    InitializedNotification,
    DidOpenTextDocumentNotification,
    DidChangeTextDocumentNotification,
    DidCloseTextDocumentNotification,
    PublishDiagnosticsNotification,
    HoverRequest,
    CompletionRequest,
    ShutdownRequest,
    ExitNotification,
  } = require('vscode-languageserver-protocol/node');
  const server = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let exited = false;
  server.on('exit', () => (exited = true));
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const waiting = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const w = waiting.get(`${p.uri}@${p.version}`);
    if (w) w();
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    capabilities: {},
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const within = (promise, what, index) =>
    Promise.race([
      promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} within ${HANG_MS} ms`)), HANG_MS)),
    ]).catch((err) => {
      failures.push({ kind: exited ? 'crash' : 'hang', where: `language server ${what}`, index, error: String(err.message ?? err) });
    });
  const lineCol = (text, offset) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  const started = performance.now();
  let done = 0;
  // Indexes from the far end of the in-process range: other inputs, same generator.
  for (let k = 0; k < count && !exited; k++) {
    const index = 10_000_000 + k;
    const input = mutate(seeds, seed, index);
    const edit = mutate(seeds, seed, index + 5_000_000);
    const { languageId } = TARGETS_BY_TYPE[input.type];
    const uri = pathToFileURL(join(root, 'fuzz', `f${k}${input.type}`)).toString();
    const published = (version) => new Promise((r) => waiting.set(`${uri}@${version}`, r));
    const first = published(1);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: input.text },
    });
    await within(first, 'diagnostics after open', index);
    const [a, b] = input.offsets;
    await within(connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: lineCol(input.text, a) }), 'hover', index);
    await within(
      connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: lineCol(input.text, b) }),
      'completion',
      index,
    );
    const second = published(2);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edit.text }],
    });
    await within(second, 'diagnostics after a change', index);
    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    waiting.clear();
    done++;
  }
  if (!exited) {
    await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
  }
  connection.dispose();
  server.kill();
  return { done, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const count = Number(option('count', '100000'));
  const stdioCount = Number(option('stdio', '500'));
  const seed = Number(option('seed', '1'));
  const corpus = option('corpus', undefined);
  const save = option('save', undefined);
  const seeds = loadSeeds(corpus);
  if (seeds.length === 0) throw new Error('no seed policies found');
  console.log(`fuzz: ${seeds.length} seed files (${Object.keys(TARGETS_BY_TYPE).join(', ')}), seed ${seed}`);
  const failures = [];
  console.log(`in-process: ${count} mutated inputs through the engine and the editor services, or the template analysis`);
  const local = await inProcess(seeds, seed, count, failures);
  console.log(`in-process: ${local.done} inputs in ${local.seconds.toFixed(0)} s; ${local.slow.length} took over ${SLOW_MS} ms`);
  for (const s of local.slow.slice(0, 5)) console.log(`  slow: #${s.index} ${s.target} ${s.ms.toFixed(0)} ms (${s.bytes} chars)`);
  console.log(`language server over stdio: ${stdioCount} documents (open, hover, completion, change, close)`);
  const lsp = await overStdio(seeds, seed, stdioCount, failures);
  console.log(`language server: ${lsp.done} documents in ${lsp.seconds.toFixed(0)} s`);
  const crashes = failures.filter((f) => f.kind === 'crash').length;
  const hangs = failures.filter((f) => f.kind === 'hang').length;
  for (const f of failures.slice(0, 20)) console.log(`  ${f.kind}: #${f.index} ${f.where}${f.error ? `: ${f.error}` : ''}`);
  if (save && failures.length > 0) {
    mkdirSync(save, { recursive: true });
    for (const f of failures) {
      const input = mutate(seeds, seed, f.index);
      writeFileSync(join(save, `fuzz-${seed}-${f.index}${extname(input.seedFile)}`), input.text);
    }
    console.log(`failing inputs written to ${save}`);
  }
  console.log(`fuzz: ${local.done + lsp.done} inputs, ${crashes} crashes, ${hangs} hangs`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

if (isMainThread && resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`fuzz: ${err?.stack ?? err}`);
    process.exitCode = 2;
  });
} else if (!isMainThread) {
  await runWorker();
}
