import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { ActionSet } from '../../../server/src/catalog/actionSet';

const SIZE = 1000;
const indexes = fc.uniqueArray(fc.nat(SIZE - 1), { maxLength: 60 });
const toSet = (xs: number[]) => ActionSet.of(SIZE, xs);
const model = (xs: number[]) => new Set(xs);
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('ActionSet (windowed bitset) agrees with a plain Set model', () => {
  it('union, difference, intersection, complement and queries', () => {
    fc.assert(
      fc.property(indexes, indexes, (a, b) => {
        const [ma, mb] = [model(a), model(b)];
        assert.deepEqual([...toSet(a).addAll(toSet(b)).indexes()], sorted(new Set([...ma, ...mb])));
        assert.deepEqual([...toSet(a).removeAll(toSet(b)).indexes()], sorted(new Set(a.filter((x) => !mb.has(x)))));
        assert.deepEqual([...toSet(a).retainAll(toSet(b)).indexes()], sorted(new Set(a.filter((x) => mb.has(x)))));
        assert.equal(
          toSet(a).intersects(toSet(b)),
          a.some((x) => mb.has(x)),
        );
        assert.equal(
          toSet(a).containsAll(toSet(b)),
          b.every((x) => ma.has(x)),
        );
        assert.equal(toSet(a).count(), ma.size);
        assert.equal(toSet(a).isEmpty(), ma.size === 0);
        const complement = toSet(a).complement();
        assert.equal(complement.count(), SIZE - ma.size);
        for (const x of b) assert.equal(complement.has(x), !ma.has(x));
        assert.equal(ActionSet.full(SIZE).count(), SIZE);
      }),
      { numRuns: 300 },
    );
  });

  it('equals compares members, not windows', () => {
    fc.assert(
      fc.property(indexes, indexes, (a, b) => {
        const same = new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));
        assert.equal(toSet(a).equals(toSet(b)), same);
        // A set whose window is wider (grown, then emptied there) still equals one of the same members.
        const widened = toSet(a)
          .addAll(toSet([0, SIZE - 1]))
          .removeAll(toSet([0, SIZE - 1].filter((x) => !a.includes(x))));
        assert.equal(widened.equals(toSet(a)), true);
      }),
      { numRuns: 200 },
    );
  });

  it('clones independently', () => {
    const a = toSet([1, 500]);
    const b = a.clone();
    b.add(900);
    assert.deepEqual([...a.indexes()], [1, 500]);
    assert.deepEqual([...b.indexes()], [1, 500, 900]);
  });
});

describe('ActionSet.single', () => {
  it('is the set of one action, like of() with one index', () => {
    fc.assert(
      fc.property(fc.nat(SIZE - 1), indexes, (x, others) => {
        const single = ActionSet.single(SIZE, x);
        assert.deepEqual([...single.indexes()], [x]);
        assert.ok(single.equals(toSet([x])));
        assert.equal(single.intersects(toSet(others)), others.includes(x));
        assert.equal(toSet(others).containsAll(single), others.includes(x));
      }),
      { numRuns: 200 },
    );
  });

  // Sets of actions at the same bit of different words share one word: a write to one must not
  // reach the others, whichever writer it is.
  const writes: Array<[string, (set: ActionSet) => void]> = [
    ['add', (set) => set.add(5)],
    ['addAll', (set) => set.addAll(toSet([5, 37]))],
    ['removeAll', (set) => set.removeAll(toSet([3, 35]))],
    ['retainAll', (set) => set.retainAll(toSet([5]))],
  ];
  for (const [name, write] of writes) {
    it(`${name} writes only the set it is called on`, () => {
      const written = ActionSet.single(SIZE, 3);
      const sameBit = ActionSet.single(SIZE, 35);
      const sameWord = ActionSet.single(SIZE, 3);
      write(written);
      assert.deepEqual([...sameBit.indexes()], [35]);
      assert.deepEqual([...sameWord.indexes()], [3]);
      assert.deepEqual([...ActionSet.single(SIZE, 67).indexes()], [67]);
    });
  }

  // Every empty set shares its (empty) words, as clones and results of an empty union do.
  for (const [name, write] of writes) {
    it(`${name} on an empty set leaves every other empty set empty`, () => {
      const empties = [ActionSet.empty(SIZE), ActionSet.empty(SIZE), ActionSet.empty(SIZE).clone(), ActionSet.of(SIZE, [])];
      const [written, ...others] = empties;
      write(written);
      for (const other of others) {
        assert.ok(other.isEmpty());
        assert.equal(other.count(), 0);
      }
      written.add(70);
      assert.ok(written.has(70));
      assert.ok(others.every((other) => !other.has(70) && other.isEmpty()));
    });
  }

  it('written in place, holds what the same writes give a set of its own', () => {
    fc.assert(
      fc.property(fc.nat(SIZE - 1), indexes, (x, others) => {
        assert.deepEqual([...ActionSet.single(SIZE, x).addAll(toSet(others)).indexes()], [...toSet([x]).addAll(toSet(others)).indexes()]);
        assert.deepEqual(
          [...ActionSet.single(SIZE, x).removeAll(toSet(others)).indexes()],
          [...toSet([x]).removeAll(toSet(others)).indexes()],
        );
        assert.deepEqual(
          [...ActionSet.single(SIZE, x).retainAll(toSet(others)).indexes()],
          [...toSet([x]).retainAll(toSet(others)).indexes()],
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('ActionSet.unionWithin', () => {
  it('equals (union of the sets) ∩ scope', () => {
    fc.assert(
      fc.property(fc.array(indexes, { maxLength: 5 }), indexes, (lists, scopeList) => {
        const scope = toSet(scopeList);
        const expected = new Set(lists.flat().filter((x) => scope.has(x)));
        const union = ActionSet.unionWithin(SIZE, lists.map(toSet), scope);
        assert.deepEqual([...union.indexes()], sorted(expected));
        // The result stays a set like any other: it grows and shrinks beyond its first window.
        assert.deepEqual(
          [
            ...union
              .clone()
              .addAll(toSet([0, SIZE - 1]))
              .indexes(),
          ],
          sorted(new Set([...expected, 0, SIZE - 1])),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is windowed where the sets meet the scope, not over the whole scope', () => {
    const scope = ActionSet.full(SIZE);
    const union = ActionSet.unionWithin(SIZE, [toSet([300, 310])], scope);
    assert.deepEqual([...union.indexes()], [300, 310]);
    // One word of 32 actions holds both: the clone of a 1,000-action window would be 32 words.
    assert.equal((union as unknown as { words: Uint32Array }).words.length, 1);
    assert.equal(ActionSet.unionWithin(SIZE, [toSet([5])], toSet([900])).isEmpty(), true);
  });
});
