import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Node } from 'jsonc-parser';
import { decodeJsonString, parseMappedJson, verbatim } from '../../../server/src/iac/jsonString';

function* nodesOf(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children ?? []) yield* nodesOf(child);
}

const lineOf = () => 0;

describe('iac/jsonString: a JSON policy carried in a JSON string', () => {
  it('decodes every escape and maps each decoded unit to the escape that wrote it', () => {
    const host = 'x = "a\\"b\\\\c\\u00e9\\n😀"';
    const start = host.indexOf('"');
    const mapped = decodeJsonString(host, start, host.length - start)!;
    assert.equal(mapped.text, 'a"b\\cé\n😀');
    const raw = (i: number) => host.slice(mapped.offsets[i], mapped.offsets[i + 1]);
    assert.deepEqual(
      [...mapped.text].slice(0, 6).map((_, i) => raw(i)),
      ['a', '\\"', 'b', '\\\\', 'c', '\\u00e9'],
    );
    assert.equal(mapped.offsets[mapped.text.length], host.length - 1, 'the end maps to the closing quote');
  });

  it('refuses what is not a well-formed JSON string token', () => {
    assert.equal(decodeJsonString('"abc', 0, 4), undefined);
    assert.equal(decodeJsonString('"a\\x"', 0, 5), undefined);
    assert.equal(decodeJsonString('"a\\u12"', 0, 7), undefined);
  });

  it('ranges every node of the inner policy on its escaped host text (property)', () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('iam:*', 'a"b', 'back\\slash', 'tab\there', 'é😀', '${aws:username}'),
      fc.integer(),
      fc.boolean(),
    );
    const policy = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 4 });
    fc.assert(
      fc.property(policy, fc.boolean(), (inner, pretty) => {
        const innerText = JSON.stringify(inner, null, pretty ? 2 : undefined);
        const host = JSON.stringify({ policy: innerText }, null, 2);
        const token = JSON.stringify(innerText);
        const start = host.indexOf(token);
        const mapped = decodeJsonString(host, start, token.length)!;
        assert.equal(mapped.text, innerText);
        const { root, errors } = parseMappedJson(mapped, 'test', lineOf);
        assert.deepEqual(errors, []);
        for (const node of nodesOf(root!)) {
          const escaped = host.slice(node.offset, node.offset + node.length);
          // The host text of a node, unescaped once, is the node's own JSON text.
          const own = JSON.parse(`"${escaped}"`) as string;
          if (node.type === 'string') assert.equal(JSON.parse(own), node.value);
          if (node.type === 'number' || node.type === 'boolean') assert.equal(JSON.stringify(node.value), own);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('names the parser, the place and the host line of a JSON error', () => {
    const host = '{\n  "policy": "{\\"Version\\": }"\n}';
    const start = host.indexOf('"{');
    const mapped = decodeJsonString(host, start, host.indexOf('}"') + 2 - start)!;
    const { errors } = parseMappedJson(mapped, 'the policy string of x', (offset) => host.slice(0, offset).split('\n').length - 1);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].message, 'JSON parser (jsonc-parser): ValueExpected in the policy string of x at line 2');
    assert.equal(host[errors[0].offset], '}');
  });

  it('shifts a verbatim slice (a heredoc) to its host position', () => {
    const host = 'policy = <<EOF\n{"Action": "s3:*"}\nEOF\n';
    const start = host.indexOf('{');
    const { root } = parseMappedJson(verbatim(host.slice(start, host.indexOf('\nEOF')), start), 'x', lineOf);
    const action = root!.children![0].children![1];
    assert.equal(host.slice(action.offset, action.offset + action.length), '"s3:*"');
  });
});
