import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { applyFixEdits, orderedFixEdits } from '../../../server/src/engine/edits';
import { FixEdit } from '../../../server/src/engine/rule';

/** The edits applied one at a time from the last, as an editor does: what applyFixEdits must equal. */
function oneByOne(text: string, edits: readonly FixEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.offset + edit.length > limit) throw new Error('applyFixEdits: overlapping edits');
    result = result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length);
    limit = edit.offset;
  }
  return result;
}

const outcome = (apply: () => string): string => {
  try {
    return apply();
  } catch (err) {
    return `threw ${(err as Error).message}`;
  }
};

describe('applyFixEdits', () => {
  it('gives what applying the edits one by one from the last gives, overlaps and ties included', () => {
    const textAndEdits = fc.string({ maxLength: 40 }).chain((text) =>
      fc.tuple(
        fc.constant(text),
        fc.array(
          fc.record({
            offset: fc.integer({ min: 0, max: text.length }),
            length: fc.integer({ min: 0, max: 6 }),
            newText: fc.string({ maxLength: 5 }),
          }),
          { maxLength: 8 },
        ),
      ),
    );
    fc.assert(
      fc.property(textAndEdits, ([text, edits]) => {
        const inRange = edits.map((e) => ({ ...e, length: Math.min(e.length, text.length - e.offset) }));
        assert.equal(
          outcome(() => applyFixEdits(text, inRange)),
          outcome(() => oneByOne(text, inRange)),
        );
        // What an editor is given: in order, no two touching (LSP: no two at one position).
        const ordered = outcome(() => JSON.stringify(orderedFixEdits(inRange)));
        if (ordered.startsWith('threw')) return;
        const list = JSON.parse(ordered) as FixEdit[];
        for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].offset + list[i - 1].length < list[i].offset, ordered);
      }),
      { numRuns: 5000 },
    );
  });

  it('puts an insertion before the span replaced at its offset, and the later of two insertions first', () => {
    const edits: FixEdit[] = [
      { offset: 2, length: 2, newText: 'R' },
      { offset: 2, length: 0, newText: 'a' },
      { offset: 2, length: 0, newText: 'b' },
      { offset: 6, length: 0, newText: '!' },
    ];
    assert.equal(applyFixEdits('012345', edits), '01baR45!');
    assert.throws(() => applyFixEdits('012345', [edits[0], { offset: 3, length: 0, newText: 'x' }]), /overlapping/);
  });

  it('applies thousands of edits to a large text, each where it belongs', () => {
    const line = '    "s3:GetObject",\n';
    const text = line.repeat(20_000);
    const edits: FixEdit[] = [];
    for (let i = 0; i < 20_000; i += 4) edits.push({ offset: i * line.length + 5, length: 2, newText: 'S3' });
    const result = applyFixEdits(text, edits);
    const lines = result.split('\n');
    assert.equal(result.length, text.length);
    assert.equal(lines.filter((l) => l.includes('"S3:GetObject"')).length, 5_000);
    assert.equal(lines[4], '    "S3:GetObject",');
    assert.equal(lines[5], '    "s3:GetObject",');
  });
});
