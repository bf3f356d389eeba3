/**
 * engine/resourcePatterns.ts: patternsIntersect and patternCovers against a plain recursive oracle
 * over many small random patterns, and on parts thousands of characters long, which exhausted the
 * call stack of the recursive search the rule used (found by `npm run fuzz` through the server).
 */
import * as assert from 'node:assert/strict';
import { patternCovers, patternsIntersect } from '../../../server/src/engine/resourcePatterns';

/** Whether one string matches both globs: the definition, searched directly (small inputs only). */
function intersectOracle(x: string, y: string, i = 0, j = 0): boolean {
  if (i === x.length && j === y.length) return true;
  if (i < x.length && x[i] === '*') return intersectOracle(x, y, i + 1, j) || (j < y.length && intersectOracle(x, y, i, j + 1));
  if (j < y.length && y[j] === '*') return intersectOracle(x, y, i, j + 1) || (i < x.length && intersectOracle(x, y, i + 1, j));
  if (i < x.length && j < y.length) return (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && intersectOracle(x, y, i + 1, j + 1);
  return false;
}

/** Whether `outer` matches everything `inner` can (a wildcard of inner must face a `*` of outer). */
function coversOracle(outer: string, inner: string, i = 0, j = 0): boolean {
  if (i === outer.length) return j === inner.length;
  if (outer[i] === '*') return coversOracle(outer, inner, i + 1, j) || (j < inner.length && coversOracle(outer, inner, i, j + 1));
  if (j === inner.length) return false;
  if (outer[i] === '?') return inner[j] !== '*' && coversOracle(outer, inner, i + 1, j + 1);
  return outer[i] === inner[j] && inner[j] !== '*' && inner[j] !== '?' && coversOracle(outer, inner, i + 1, j + 1);
}

function randomPattern(next: () => number): string {
  const alphabet = ['a', 'b', '/', '*', '?'];
  return Array.from({ length: Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

describe('resource patterns', () => {
  it('agree with the definition on 5,000 random pairs of small patterns', () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 5000; n++) {
      const [a, b] = [randomPattern(next), randomPattern(next)];
      // A bare `*` is answered before any search; the oracle is for the search itself.
      if (a !== '*' && b !== '*') assert.equal(patternsIntersect(a, b), intersectOracle(a, b), `intersect ${a} ${b}`);
      if (a !== '*') assert.equal(patternCovers(a, b), coversOracle(a, b), `covers ${a} ${b}`);
    }
  });

  it('answer on parts thousands of characters long instead of exhausting the call stack', () => {
    const long = `arn:aws:s3:::${'x'.repeat(20000)}*`;
    assert.equal(patternsIntersect(long, 'arn:aws:s3:::y*'), false);
    assert.equal(patternsIntersect(long, `arn:aws:s3:::*${'x'.repeat(100)}`), true);
    assert.equal(patternCovers(`arn:aws:s3:::${'?*'.repeat(200)}`, `arn:aws:s3:::${'x'.repeat(20000)}`), true);
    assert.equal(patternCovers('arn:aws:s3:::x*', long), true);
    assert.equal(patternCovers('arn:aws:s3:::y*', long), false);
  });
});
