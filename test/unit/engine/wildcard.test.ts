import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { compileWildcard } from '../../../server/src/catalog/wildcard';

/** IAM's wildcards as a regular expression: the oracle the matcher's shortcuts must agree with. */
function oracle(pattern: string, caseSensitive: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, caseSensitive ? 's' : 'is');
}

describe('IAM wildcard patterns', () => {
  it('match as a regular expression of * and ? would, whatever the shape of the pattern', () => {
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', 'A', ':', '*', '?', '.'), maxLength: 9 });
    const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'A', ':', '.'), maxLength: 4 });
    // Names near the pattern, where the shortcuts could go wrong: its stars and question marks
    // filled in, then maybe a character dropped.
    const pair = fc.tuple(pattern, fc.array(letters, { minLength: 10, maxLength: 10 }), fc.nat(12)).map(([p, fills, drop]) => {
      let i = 0;
      const filled = [...p].map((c) => (c === '*' ? fills[i++ % fills.length] : c === '?' ? 'b' : c)).join('');
      return [p, drop < filled.length ? filled.slice(0, drop) + filled.slice(drop + 1) : filled] as const;
    });
    const anyName = fc.tuple(pattern, fc.string({ unit: fc.constantFrom('a', 'b', 'A', ':', '.'), maxLength: 9 }));
    fc.assert(
      fc.property(fc.oneof(pair, anyName), fc.boolean(), ([p, n], caseSensitive) => {
        const matches = compileWildcard(p, { caseSensitive });
        const input = caseSensitive ? n : n.toLowerCase();
        assert.equal(matches(input), oracle(p, caseSensitive).test(input), `${JSON.stringify(p)} against ${JSON.stringify(n)}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('find the parts between stars in order, without letting them overlap the ends', () => {
    const contact = compileWildcard('connect:*Contact*');
    assert.equal(contact('connect:startcontactrecording'), true);
    assert.equal(contact('connect:contact'), true);
    assert.equal(contact('connect:listusers'), false);
    const tags = compileWildcard('elasticloadbalancing:*Tags');
    assert.equal(tags('elasticloadbalancing:addtags'), true);
    assert.equal(tags('elasticloadbalancing:addtagsx'), false);
    // The middle part must fit between the prefix and the suffix: "aba" holds "ab" and "ba" only overlapping.
    assert.equal(compileWildcard('ab*ba')('aba'), false);
    assert.equal(compileWildcard('a*b*a')('aba'), true);
    assert.equal(compileWildcard('a*b*b*a')('abba'), true);
    assert.equal(compileWildcard('a*bb*a')('aba'), false);
    assert.equal(compileWildcard('a*b*ba')('aba'), false);
    assert.equal(compileWildcard('a*b*ba')('abba'), true);
  });
});
