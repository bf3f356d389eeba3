import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { Node, ParseError, parseTree } from 'jsonc-parser';
import { fastParseTree } from '../../../server/src/engine/fastTree';

/** A node without its parent links, for comparison; checks each child's parent link on the way. */
function plain(node: Node | undefined, parent?: Node): unknown {
  if (!node) return undefined;
  assert.equal(node.parent, parent, `parent link of the ${node.type} at ${node.offset}`);
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    value: node.value,
    colonOffset: node.colonOffset,
    children: node.children?.map((c) => plain(c, node)),
    hasParentKey: 'parent' in node && parent === undefined,
  };
}

function assertSameAsParseTree(text: string): void {
  const errors: ParseError[] = [];
  const expected = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const fast = fastParseTree(text);
  if (fast === undefined) return; // the caller falls back to parseTree: always right
  assert.deepEqual(errors, [], `fast path accepted text parseTree rejects: ${JSON.stringify(text)}`);
  assert.deepEqual(plain(fast), plain(expected), JSON.stringify(text));
}

const ROOT = join(__dirname, '..', '..', '..', '..');

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) jsonFiles(path, out);
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

describe('fastParseTree builds exactly what jsonc-parser builds', () => {
  it('on every JSON file of the repository (policies, fixtures, schemas, package.json)', () => {
    const files = [
      ...jsonFiles(join(ROOT, 'policies')),
      ...jsonFiles(join(ROOT, 'test', 'fixtures')),
      ...jsonFiles(join(ROOT, 'schemas')),
      join(ROOT, 'package.json'),
    ];
    let fast = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assertSameAsParseTree(text);
      if (fastParseTree(text)) fast++;
    }
    assert.ok(fast > files.length / 2, `the fast path took only ${fast} of ${files.length} files`);
  });

  it('on random JSON values, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t', 4), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        assertSameAsParseTree(text);
        assert.ok(fastParseTree(text), `valid JSON should take the fast path: ${text}`);
      }),
      { numRuns: 500 },
    );
  });

  it('on strings with every kind of escape and odd characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        assertSameAsParseTree(JSON.stringify({ [s]: s }));
        assertSameAsParseTree(`["${s}"]`);
      }),
      { numRuns: 500 },
    );
  });

  it('gives up on anything that is not plain JSON, leaving errors and recovery to parseTree', () => {
    for (const text of [
      '',
      '{',
      '{"a": 1,}',
      '[1,]',
      '// c\n{}',
      '{"a" 1}',
      '{"a": tru}',
      '{"a": nullx}',
      '{"a": 01}',
      '{"a": 1.}',
      '\ufeff{}',
      '{} x',
      '{"a": "\\x"}',
    ]) {
      assert.equal(fastParseTree(text), undefined, JSON.stringify(text));
    }
  });

  it('on mutated policies: whatever it accepts, parseTree accepts identically', () => {
    const base = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 's3:*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': true } } }],
      },
      null,
      2,
    );
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 6 }), (a, b, insert) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        assertSameAsParseTree(base.slice(0, from) + insert + base.slice(to));
      }),
      { numRuns: 1000 },
    );
  });
});
