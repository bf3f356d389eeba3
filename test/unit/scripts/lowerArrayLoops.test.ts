// The build step that turns the engine's array for-of loops into index loops in the bundles
// (scripts/lib/lowerArrayLoops.cjs): which loops it lowers, that the lowered code does what the
// loops did, and that the bundle keeps the source's lines.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { build } from 'esbuild';
import * as ts from 'typescript';

const MODULE = join(__dirname, '..', '..', '..', '..', 'scripts', 'lib', 'lowerArrayLoops.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lowerArrayLoops, arrayLoopLowering } = require(MODULE) as {
  lowerArrayLoops(sourceFile: ts.SourceFile, checker: ts.TypeChecker): { text: string; lowered: number };
  arrayLoopLowering(options: { root: string; entryPoints: string[] }): {
    plugin(report?: (count: number) => void): import('esbuild').Plugin;
  };
};

const OPTIONS: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, noEmit: true };

/** Lowers `source` as the build would, type-checked as a file of its own. */
function lowered(source: string): { text: string; lowered: number } {
  const folder = mkdtempSync(join(tmpdir(), 'iamlp-lower-'));
  try {
    const file = join(folder, 'fixture.ts');
    writeFileSync(file, source);
    const program = ts.createProgram([file], OPTIONS);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, [], 'the fixture type-checks');
    return lowerArrayLoops(program.getSourceFile(file)!, program.getTypeChecker());
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What the module's `run()` returns, its TypeScript compiled as the bundle would be. */
function runModule(source: string): unknown {
  const js = ts.transpileModule(source, { compilerOptions: { ...OPTIONS, noEmit: false } }).outputText;
  const module = { exports: {} as { run?: () => unknown } };
  vm.runInNewContext(js, { module, exports: module.exports, require });
  return JSON.parse(JSON.stringify(module.exports.run!()));
}

const forOfCount = (text: string) => (text.match(/\bfor \((const|let) [^;]*? of /g) ?? []).length;

describe('scripts/lib/lowerArrayLoops.cjs: array for-of loops become index loops in the bundles', () => {
  it('lowers loops over arrays, readonly arrays and tuples, and leaves every other iterable', () => {
    const source = [
      'declare const list: number[];',
      'declare const frozen: readonly string[];',
      'declare const pair: [number, string];',
      'declare const maybe: number[] | undefined;',
      'declare const map: Map<string, number>;',
      'declare const set: Set<number>;',
      'declare const text: string;',
      'declare const words: Uint32Array;',
      'declare const either: number[] | Set<number>;',
      'declare const anything: any;',
      'declare function use(...values: unknown[]): void;',
      'for (const n of list) use(n);',
      'for (const s of frozen) use(s);',
      'for (const p of pair) use(p);',
      'for (const n of maybe ?? []) use(n);',
      'for (let [key, value] of Object.entries({ a: 1 })) { key += "!"; use(key, value); }',
      'for (const [k, v] of map) use(k, v);',
      'for (const n of set) use(n);',
      'for (const c of text) use(c);',
      'for (const w of words) use(w);',
      'for (const x of either) use(x);',
      'for (const y of anything) use(y);',
      'async function later(items: AsyncIterable<number>) { for await (const i of items) use(i); }',
      'use(later);',
    ].join('\n');
    const result = lowered(source);
    assert.equal(result.lowered, 5);
    assert.equal(forOfCount(result.text), forOfCount(source) - 5);
    for (const kept of ['of map', 'of set', 'of text', 'of words', 'of either', 'of anything', 'of items']) {
      assert.ok(result.text.includes(kept), `${kept} is still a for-of`);
    }
    assert.ok(result.text.includes('let [key, value] = $loop4a[$loop4i];'), 'a let binding stays a let, destructuring included');
  });

  it('does what the for-of loops did: break, continue, labels, nesting, growth, holes and closures', () => {
    const source = `
      export function run() {
        const seen: unknown[] = [];
        const grows = [1, 2, 3];
        for (const n of grows) {
          if (n < 3) grows.push(n + 10);
          seen.push(n);
        }
        const holes: (number | undefined)[] = [1, , 3];
        for (const h of holes) seen.push(h === undefined ? 'hole' : h);
        const closures: Array<() => number> = [];
        for (const n of [4, 5, 6]) closures.push(() => n);
        seen.push(closures.map((f) => f()));
        outer: for (const row of [[1, 2], [3, 4], [5, 6]])
          for (const cell of row) {
            if (cell === 2) continue outer;
            if (cell === 5) break outer;
            seen.push(cell);
          }
        let replaced = [7, 8];
        for (const r of replaced) { replaced = []; seen.push(r); }
        for (const a of [1]) seen.push(a);for (const b of [2]) seen.push(b);
        function* pairs(xs: readonly number[]) { for (const x of xs) yield [x, x * 2]; }
        seen.push([...pairs([1, 2])]);
        for (const [name, value] of Object.entries({ z: 26 })) seen.push(name + value);
        for (const total of [[1, 2], [3]].map((xs) => { let sum = 0; for (const x of xs) sum += x; return sum; })) seen.push(total);
        return seen;
      }
    `;
    const result = lowered(source);
    assert.equal(result.lowered, 11);
    assert.equal(forOfCount(result.text), 1, 'a loop in the head of a lowered loop keeps its for-of');
    assert.deepEqual(runModule(result.text), runModule(source));
  });

  it('keeps every line where it was, and picks names the file does not use', () => {
    const source = [
      'declare function use(value: unknown): void;',
      'const $loop0i = 1;',
      'for (const n of [1, 2]) {',
      '  use(n); // line 4',
      '}',
      'for (const m of [',
      '  3,',
      ']) use(m); // line 8',
      'use($loop0i);',
    ].join('\n');
    const result = lowered(source);
    assert.equal(result.lowered, 2);
    const lines = result.text.split('\n');
    assert.equal(lines.length, source.split('\n').length);
    assert.match(lines[3], /use\(n\); \/\/ line 4/);
    assert.match(lines[7], /use\(m\); } \/\/ line 8/);
    assert.ok(result.text.includes('$loop$0i'), 'a prefix the file already uses is not taken');
    assert.equal(
      runModule(result.text.replace(/^declare function use.*$/m, 'function use(_: unknown) {}') + '\nexport const run = () => 1;'),
      1,
    );
  });

  it('as an esbuild plugin, lowers the loops of server/src only and reports how many', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iamlp-lower-build-'));
    try {
      mkdirSync(join(root, 'server', 'src'), { recursive: true });
      mkdirSync(join(root, 'other'));
      writeFileSync(
        join(root, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true }, include: ['server', 'other'] }),
      );
      const loop = 'export function total(xs: number[]): number { let sum = 0; for (const x of xs) sum += x; return sum; }\n';
      writeFileSync(join(root, 'server', 'src', 'sum.ts'), loop);
      writeFileSync(join(root, 'other', 'sum.ts'), loop);
      writeFileSync(
        join(root, 'server', 'src', 'main.ts'),
        "import { total } from './sum';\nimport { total as other } from '../../other/sum';\nexport const both = total([1, 2]) + other([3]);\n",
      );
      const counts: number[] = [];
      const lowering = arrayLoopLowering({ root, entryPoints: ['server/src/main.ts'] });
      const output = await build({
        absWorkingDir: root,
        entryPoints: ['server/src/main.ts'],
        bundle: true,
        write: false,
        format: 'cjs',
        platform: 'node',
        logLevel: 'silent',
        plugins: [lowering.plugin((count) => counts.push(count))],
      });
      const bundle = output.outputFiles[0].text;
      assert.deepEqual(counts, [1]);
      assert.equal((bundle.match(/\$loop0i < \$loop0a\.length/g) ?? []).length, 1, 'the loop of server/src is lowered');
      assert.equal((bundle.match(/for \(const x of xs\)/g) ?? []).length, 1, 'the loop outside server/src is not');
      const module = { exports: {} as { both?: number } };
      vm.runInNewContext(bundle, { module, exports: module.exports, require });
      assert.equal(module.exports.both, 6);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
