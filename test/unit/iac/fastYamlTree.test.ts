import * as assert from 'node:assert/strict';
import type { Node } from 'jsonc-parser';
import { yamlLayoutOf } from '../../../server/src/engine/yamlLayout';
import { fastYamlTree } from '../../../server/src/iac/yaml/fastYamlTree';
import { readYamlTree, readYamlTreeWithRecovery } from '../../../server/src/iac/yaml/yamlTree';

/** The tree as comparable data: type, span, value, layout, children. */
function shape(node: Node | undefined): unknown {
  if (!node) return undefined;
  const layout = yamlLayoutOf(node);
  return [
    node.type,
    node.offset,
    node.length,
    node.value,
    layout ? [layout.block, layout.indent] : undefined,
    (node.children ?? []).map(shape),
  ];
}

const SAMPLES: Record<string, string> = {
  'block and flow collections, quotes': [
    'Resources:',
    '  Role:',
    '    Type: "AWS::IAM::Role"',
    "    Properties: {RoleName: 'r', Path: /}",
    '    List:',
    '      - a',
    '      - [b, "c", {d: e}]',
    '',
  ].join('\n'),
  'short tags on scalars, sequences and mappings': [
    'A: !Ref Param',
    'B: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"',
    'C: !If [Cond, !GetAtt R.Arn, !Ref AWS::NoValue]',
    "D: !Sub ['${A}-x', {A: !Ref P}]",
    'E: !GetAZs',
    '',
  ].join('\n'),
  'core-schema scalars': [
    'n: 12',
    'f: 1.5',
    'o: 0o17',
    't: true',
    'F: False',
    'z: null',
    'e:',
    'v: 2012-10-17',
    's: s3:GetObject',
    '',
  ].join('\n'),
  'block scalars and comments': [
    'Description: |',
    '  two lines',
    '  of text',
    'Folded: >-',
    '  folded',
    'List:',
    '  - a # trailing',
    '  # a comment after the last item',
    'Next: b',
    '',
  ].join('\n'),
  'anchors and aliases': ['base: &base {Effect: Allow}', 'copy: *base', 'list: [&x one, *x]', ''].join('\n'),
};

describe('fastYamlTree (js-yaml events) and readYamlTree (the yaml package) build the same tree', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(name, () => {
      const fast = fastYamlTree(text);
      assert.ok(fast);
      assert.deepEqual(shape(fast), shape(readYamlTreeWithRecovery(text).root));
    });
  }

  it('tagged values become their long form spanning the tag: !Ref X is {"Ref": "X"}', () => {
    const root = fastYamlTree('A: !Ref Param\n')!;
    const value = root.children![0].children![1];
    assert.equal(value.type, 'object');
    assert.equal(value.children![0].children![0].value, 'Ref');
    assert.equal(value.children![0].children![1].value, 'Param');
    assert.equal(value.offset, 3);
  });

  it('falls back to the yaml package on an error, which reports it', () => {
    const broken = 'a: [1, 2\nb: {c\n';
    assert.throws(() => fastYamlTree(broken));
    const tree = readYamlTree(broken);
    assert.ok(tree.errors.length > 0);
    assert.match(tree.errors[0].message, /^YAML parser: /);
  });
});
