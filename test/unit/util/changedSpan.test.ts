import * as assert from 'node:assert/strict';
import { changedSpan } from '../../../server/src/util/strings';

describe('changedSpan: where two versions of a text differ', () => {
  it('finds the one edited span, by block and by character, in short and long texts', () => {
    assert.deepEqual(changedSpan('abc', 'abc'), { start: 3, beforeEnd: 3, afterEnd: 3 });
    assert.deepEqual(changedSpan('abc', 'abXc'), { start: 2, beforeEnd: 2, afterEnd: 3 });
    assert.deepEqual(changedSpan('', 'x'), { start: 0, beforeEnd: 0, afterEnd: 1 });
    const long = Array.from({ length: 30000 }, (_, i) => `line ${i}\n`).join('');
    const at = long.indexOf('line 17000');
    const edited = `${long.slice(0, at)}LINE${long.slice(at + 4)}`;
    assert.deepEqual(changedSpan(long, edited), { start: at, beforeEnd: at + 4, afterEnd: at + 4 });
    const inserted = `${long.slice(0, at)}new\n${long.slice(at)}`;
    assert.deepEqual(changedSpan(long, inserted), { start: at, beforeEnd: at, afterEnd: at + 4 });
  });

  it('never lets the common suffix overlap the common prefix', () => {
    // "aaaa" -> "aa": a prefix of 2 leaves nothing of the shorter text for a suffix.
    assert.deepEqual(changedSpan('aaaa', 'aa'), { start: 2, beforeEnd: 4, afterEnd: 2 });
    const repeated = 'ab'.repeat(5000);
    const span = changedSpan(repeated, repeated + 'ab');
    assert.equal(span.start, repeated.length);
    assert.equal(span.afterEnd - span.start, 2);
  });
});
