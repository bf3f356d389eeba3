// `npm run fuzz`: mutated policies and templates through the engine and the editor services
// in-process, and through the language server (dist/server.js) in a worker thread (as many) and
// as a process over stdio (a sample), counting crashes and hangs.
// Not part of `npm test`: a long run. Seeds: the project's own test/fixtures/policies/ and
// policies/ and test/fixtures/iac/, plus the policies and templates of a folder given as `--corpus DIR`. Mutations are
// deterministic per (seed, index), so a failure is reproduced by its index alone.
//
//   npm run fuzz -- [--count 2000] [--lsp COUNT] [--stdio 300] [--lanes 32] [--seed 1] [--corpus DIR] [--save DIR]
//
// --count: inputs in-process, and documents through the server thread unless --lsp says otherwise
// (issue 13's run: --count 100000); --stdio: documents through the spawned server; --lanes: how
// many documents the server has open at once.
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
 * and JSON) through the file analysis that finds their policies; every kind through iamlp diff
 * against its seed (one input in four: a comparison analyses both versions). A new format is one
 * more entry.
 */
const TARGETS_BY_TYPE = {
  '.json': { language: 'json', languageId: 'json', targets: ['engine', 'services', 'diff'] },
  '.jsonc': { language: 'jsonc', languageId: 'jsonc', targets: ['engine', 'services', 'diff'] },
  '.template.json': { language: 'json', languageId: 'json', targets: ['file', 'diff'] },
  '.yaml': { language: 'json', languageId: 'yaml', targets: ['file', 'diff'] },
  '.yml': { language: 'json', languageId: 'yaml', targets: ['file', 'diff'] },
  '.tf': { language: 'json', languageId: 'terraform', targets: ['file', 'diff'] },
  '.tf.json': { language: 'json', languageId: 'json', targets: ['file', 'diff'] },
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
  'constructor',
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
  // Names of Object.prototype's members: text used as a plain object's key reached them.
  () => 'constructor',
  () => '__proto__:GetThing',
  () => ({ Service: 'toString' }),
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
  '__proto__',
  'constructor',
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

/** A copy of `value` with about half its string values suffixed by `i`; keys are kept. */
function varied(value, i, rand) {
  if (typeof value === 'string') return rand() < 0.5 ? `${value}${i}` : value;
  if (Array.isArray(value)) return value.map((v) => varied(v, i, rand));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, varied(v, i, rand)]));
  return value;
}

function treeMutation(value, rand) {
  const paths = nodesOf(value).filter((p) => p.length > 0);
  if (paths.length === 0) return pick(VALUES, rand)();
  const path = pick(paths, rand);
  let parent = value;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const key = path[path.length - 1];
  // Rarely, the node thousands of times over, each copy's string values told apart: policies and lists of
  // that size found quadratic work in rules that every real policy was too small to show.
  if (rand() < 0.01) {
    const copies = 1000 + Math.floor(rand() * 9000);
    const original = parent[key];
    parent[key] = Array.from({ length: copies }, (_, i) => varied(original, i, rand));
    return value;
  }
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
        try {
          text = JSON.stringify(treeMutation(tree, rand), null, rand() < 0.5 ? 2 : undefined);
          continue;
        } catch (err) {
          // A tree nested too deep for this thread's stack to walk or print: a text mutation instead.
          if (!(err instanceof RangeError)) throw err;
        }
      }
    }
    text = textMutation(text, rand);
  }
  return {
    text,
    type: base.type,
    seedFile: base.file,
    seedText: base.text,
    offsets: [0, 1, 2].map(() => Math.floor(rand() * (text.length + 1))),
  };
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
  const { diffPolicies, policiesOfFile } = require(out('server/src/linter/policyDiff.js'));
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
          check(!f.message.includes('[native code]'), `${f.rule} quotes a built-in function`);
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
      for (const f of analysis.findings) {
        check(f.offset >= 0 && f.offset + f.length <= input.text.length + 1, `${f.rule} range outside the text`);
        check(!f.message.includes('[native code]'), `${f.rule} quotes a built-in function`);
      }
    },
    services(input, language, index) {
      const [a, b, c] = input.offsets;
      complete(input.text, a, { language, forcePolicy: index % 3 === 0 });
      hover(input.text, b, { language });
      codeActionsAt(input.text, Math.min(b, c), Math.max(b, c), { language });
      statementLenses(input.text, { language });
      if (index % 10 === 0) fixAll(input.text, { language }, { mode: 'safe' });
    },
    diff(input, language, index) {
      if (index % 4 !== 0) return;
      const name = `fuzz${input.type}`;
      const head = policiesOfFile(input.text, name).policies;
      const base = policiesOfFile(input.seedText, name).policies;
      for (const [from, to] of [
        [base, head],
        [head, base],
      ])
        for (const change of diffPolicies(from, to))
          check(
            change.delta.reasons.every((r) => r.why.length > 0),
            'a reason without words',
          );
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

// The language server, driven as an editor does: open (diagnostics), hover, completion, change
// (diagnostics), close, for `lanes` documents at a time (each change waits out the server's idle
// debounce: one document at a time would be ~100 ms a document). Two transports run the same
// dist/server.js: a worker thread whose stdin and stdout are in-memory streams (no process, no
// pipes; the volume leg), and a spawned process over stdio (the real thing; a smaller leg). A
// worker rather than the server's handlers on this thread: a server stuck in a loop must not stop
// the watchdog that reports it.

function startServer(transport) {
  const server = join(root, 'dist', 'server.js');
  if (transport === 'stdio') {
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    return {
      input: child.stdout,
      output: child.stdin,
      onEnd: (listener) => child.on('exit', (code, signal) => listener(`the server process exited (${signal ?? `code ${code}`})`)),
      stop: () => child.kill(),
    };
  }
  const worker = new Worker(server, { argv: ['--stdio'], stdin: true, stdout: true, stderr: true });
  worker.stderr.resume();
  return {
    input: worker.stdout,
    output: worker.stdin,
    onEnd: (listener) => {
      worker.on('error', (err) =>
        listener(
          `uncaught: ${String(err?.stack ?? err)
            .split('\n')
            .slice(0, 3)
            .join(' | ')}`,
        ),
      );
      worker.on('exit', () => listener('the server thread exited'));
    },
    stop: () => worker.terminate(),
  };
}

async function throughServer(transport, seeds, seed, count, lanes, failures) {
  const lsp = require('vscode-languageserver-protocol/node');
  const started = performance.now();
  let done = 0;
  // Indexes from the far end of the in-process range: other inputs, same generator.
  const indexOf = (k) => (transport === 'stdio' ? 20_000_000 : 10_000_000) + k;
  /**
   * One server over the documents `take()` hands out, `width` at a time. Resolves with what broke
   * it (a hang, or the server's end) and the documents it had open then, else undefined.
   */
  async function session(take, width) {
    const server = startServer(transport);
    let ended;
    const ending = new Promise((resolveEnd) => server.onEnd((why) => resolveEnd((ended ??= why ?? 'the server ended'))));
    const connection = lsp.createProtocolConnection(new lsp.StreamMessageReader(server.input), new lsp.StreamMessageWriter(server.output));
    const waiting = new Map();
    const inFlight = new Map();
    connection.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => waiting.get(`${p.uri}@${p.version}`)?.());
    // The server reports a failed rule, analysis or handler on its console: each is a crash.
    connection.onNotification(lsp.LogMessageNotification.type, (m) => {
      if (m.type !== lsp.MessageType.Error) return;
      const k = [...inFlight].find(([uri]) => m.message.includes(uri))?.[1];
      const index = k === undefined ? -1 : indexOf(k);
      failures.push({
        kind: 'crash',
        where: `language server (${transport}) console`,
        index: index ?? -1,
        error: m.message.split('\n')[0],
      });
    });
    connection.onError(() => undefined);
    connection.listen();
    let broken;
    // Not awaited: a write to a server that has ended may never settle; the next step notices the end.
    const notify = (type, params) => void connection.sendNotification(type, params).catch(() => undefined);
    const step = async (promise, what, index) => {
      let timer;
      const outcome = await Promise.race([
        promise.then(
          () => 'ok',
          (err) => `crash: ${String(err?.message ?? err).split('\n')[0]}`,
        ),
        ending.then((why) => `crash: ${why}`),
        new Promise((r) => (timer = setTimeout(() => r(`hang: no answer to ${what} within ${HANG_MS} ms`), HANG_MS))),
      ]);
      clearTimeout(timer);
      if (outcome === 'ok') return;
      if (broken) throw broken;
      const [kind, error] = [outcome.slice(0, outcome.indexOf(':')), outcome.slice(outcome.indexOf(':') + 2)];
      if (kind === 'hang' || ended) {
        // Every document open now is stuck with it: which one did it is found by running each alone.
        broken = { kind, what, error, suspects: [...inFlight.values()] };
        server.stop();
        throw broken;
      }
      // A request the server answered with an error: its handler threw on this document.
      failures.push({ kind, where: `language server (${transport}) ${what}`, index, error });
    };
    await step(
      connection.sendRequest(lsp.InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(root).toString(),
        capabilities: {},
        workspaceFolders: null,
      }),
      'initialize',
      -1,
    );
    notify(lsp.InitializedNotification.type, {});
    const lineCol = (text, offset) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    async function oneDocument(k) {
      const index = indexOf(k);
      const input = mutate(seeds, seed, index);
      const edit = mutate(seeds, seed, index + 5_000_000);
      const { languageId } = TARGETS_BY_TYPE[input.type];
      const uri = pathToFileURL(join(root, 'fuzz', `f${k}${input.type}`)).toString();
      inFlight.set(uri, k);
      const published = (version) => new Promise((r) => waiting.set(`${uri}@${version}`, r));
      const first = published(1);
      notify(lsp.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version: 1, text: input.text },
      });
      await step(first, 'diagnostics after open', index);
      const [a, b] = input.offsets;
      await step(
        connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position: lineCol(input.text, a) }),
        'hover',
        index,
      );
      await step(
        connection.sendRequest(lsp.CompletionRequest.type, { textDocument: { uri }, position: lineCol(input.text, b) }),
        'completion',
        index,
      );
      await step(connection.sendRequest(lsp.CodeLensRequest.type, { textDocument: { uri } }), 'code lens', index);
      const at = lineCol(input.text, input.offsets[2]);
      let actions;
      await step(
        connection
          .sendRequest(lsp.CodeActionRequest.type, { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } })
          .then((answer) => (actions = answer)),
        'code action',
        index,
      );
      // A large file's fix-all is worked out when chosen: resolve it as the editor does.
      const deferred = Array.isArray(actions) ? actions.find((action) => action.data?.deferredFixAll) : undefined;
      if (deferred) await step(connection.sendRequest(lsp.CodeActionResolveRequest.type, deferred), 'code action resolve', index);
      const second = published(2);
      notify(lsp.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: edit.text }],
      });
      await step(second, 'diagnostics after a change', index);
      notify(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      waiting.delete(`${uri}@1`);
      waiting.delete(`${uri}@2`);
      inFlight.delete(uri);
      done++;
      if (done % 10000 === 0) process.stdout.write(`  ${done} documents, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
    const lane = async () => {
      for (let k = take(); k !== undefined && !broken; k = take()) {
        try {
          await oneDocument(k);
        } catch (err) {
          if (err === broken) return;
          // The driver's own failure on this input: said, never a lane silently lost.
          const error = String(err?.stack ?? err)
            .split('\n')
            .slice(0, 3)
            .join(' | ');
          failures.push({ kind: 'crash', where: `fuzz driver (${transport})`, index: indexOf(k), error });
        }
      }
    };
    await Promise.allSettled(Array.from({ length: width }, lane));
    if (!ended && !broken) {
      await connection.sendRequest(lsp.ShutdownRequest.type).catch(() => undefined);
      await connection.sendNotification(lsp.ExitNotification.type).catch(() => undefined);
    }
    connection.dispose();
    server.stop();
    return broken;
  }
  let next = 0;
  const take = () => (next < count ? next++ : undefined);
  while (next < count) {
    const trouble = await session(take, lanes);
    if (!trouble) continue;
    const where = `language server (${transport}) ${trouble.what}`;
    let blamed = 0;
    for (const k of trouble.suspects) {
      let given = false;
      const alone = await session(() => (given ? undefined : ((given = true), k)), 1);
      if (!alone) continue;
      failures.push({ kind: alone.kind, where: `language server (${transport}) ${alone.what}`, index: indexOf(k), error: alone.error });
      blamed++;
    }
    if (blamed > 0) continue;
    const open = trouble.suspects.map(indexOf).join(', ') || 'none';
    failures.push({ kind: trouble.kind, where, index: -1, error: `${trouble.error} (documents open: ${open}; none fails alone)` });
    // A server that fails with no document open would fail the same way again.
    if (trouble.suspects.length === 0) break;
  }
  return { done, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const count = Number(option('count', '2000'));
  const serverCount = Number(option('lsp', String(count)));
  const stdioCount = Number(option('stdio', '300'));
  const lanes = Number(option('lanes', '32'));
  const seed = Number(option('seed', '1'));
  const corpus = option('corpus', undefined);
  const save = option('save', undefined);
  for (const [name, value] of Object.entries({ count, lsp: serverCount, stdio: stdioCount, lanes, seed })) {
    if (!Number.isSafeInteger(value) || value < 0 || (name === 'lanes' && value < 1)) throw new Error(`--${name} needs a whole number`);
  }
  const seeds = loadSeeds(corpus);
  if (seeds.length === 0) throw new Error('no seed policies found');
  console.log(`fuzz: ${seeds.length} seed files (${Object.keys(TARGETS_BY_TYPE).join(', ')}), seed ${seed}`);
  let failures = [];
  console.log(
    `in-process: ${count} mutated inputs through the engine and the editor services, or the template analysis, and iamlp diff against their seed`,
  );
  const local = await inProcess(seeds, seed, count, failures);
  console.log(`in-process: ${local.done} inputs in ${local.seconds.toFixed(0)} s; ${local.slow.length} took over ${SLOW_MS} ms`);
  for (const s of local.slow.slice(0, 5)) console.log(`  slow: #${s.index} ${s.target} ${s.ms.toFixed(0)} ms (${s.bytes} chars)`);
  const legs = [];
  for (const [transport, documents] of [
    ['thread', serverCount],
    ['stdio', stdioCount],
  ]) {
    const how = transport === 'thread' ? 'in a worker thread' : 'as a process over stdio';
    console.log(
      `language server ${how}: ${documents} documents, ${lanes} at a time (open, hover, completion, code lens, code actions, change, close)`,
    );
    const leg = await throughServer(transport, seeds, seed, documents, lanes, failures);
    console.log(`language server ${how}: ${leg.done} documents in ${leg.seconds.toFixed(0)} s`);
    legs.push(leg);
  }
  // A document re-run alone to find which one stuck the server may fail a second time the same way.
  const seen = new Set();
  failures = failures.filter((f) => {
    const key = `${f.kind}\u0000${f.index}\u0000${f.where}\u0000${f.error}`;
    return !seen.has(key) && seen.add(key);
  });
  const crashes = failures.filter((f) => f.kind === 'crash').length;
  const hangs = failures.filter((f) => f.kind === 'hang').length;
  for (const f of failures.slice(0, 20)) console.log(`  ${f.kind}: #${f.index} ${f.where}${f.error ? `: ${f.error}` : ''}`);
  if (save && failures.length > 0) {
    mkdirSync(save, { recursive: true });
    for (const f of failures.filter((failure) => failure.index >= 0)) {
      const input = mutate(seeds, seed, f.index);
      writeFileSync(join(save, `fuzz-${seed}-${f.index}${extname(input.seedFile)}`), input.text);
    }
    console.log(`failing inputs written to ${save}`);
  }
  console.log(`fuzz: ${local.done + legs.reduce((sum, leg) => sum + leg.done, 0)} inputs, ${crashes} crashes, ${hangs} hangs`);
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
