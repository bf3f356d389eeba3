/**
 * A set of catalog actions, as a bitset over the catalog's action indexes. Policies are analysed by
 * set algebra (grants, denies, IAM writes), and the catalog has ~22k actions, so a bitset keeps every
 * union or difference a few hundred word operations.
 */
export class ActionSet {
  private constructor(
    readonly size: number,
    private readonly words: Uint32Array,
  ) {}

  static empty(size: number): ActionSet {
    return new ActionSet(size, new Uint32Array((size + 31) >>> 5));
  }

  static full(size: number): ActionSet {
    const set = ActionSet.empty(size);
    set.words.fill(0xffffffff);
    set.trimTail();
    return set;
  }

  static of(size: number, indexes: Iterable<number>): ActionSet {
    const set = ActionSet.empty(size);
    for (const i of indexes) set.add(i);
    return set;
  }

  clone(): ActionSet {
    return new ActionSet(this.size, this.words.slice());
  }

  add(index: number): void {
    this.words[index >>> 5] |= 1 << (index & 31);
  }

  addRange(start: number, endExclusive: number): void {
    for (let i = start; i < endExclusive; i++) this.add(i);
  }

  has(index: number): boolean {
    return (this.words[index >>> 5] & (1 << (index & 31))) !== 0;
  }

  /** In place: this ∪ other. */
  addAll(other: ActionSet): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] |= other.words[i];
    return this;
  }

  /** In place: this ∖ other. */
  removeAll(other: ActionSet): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] &= ~other.words[i];
    return this;
  }

  /** In place: this ∩ other. */
  retainAll(other: ActionSet): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] &= other.words[i];
    return this;
  }

  /** A new set: everything in the catalog that is not in this one. */
  complement(): ActionSet {
    const set = new ActionSet(this.size, this.words.map((w) => ~w >>> 0));
    set.trimTail();
    return set;
  }

  intersects(other: ActionSet): boolean {
    for (let i = 0; i < this.words.length; i++) if ((this.words[i] & other.words[i]) !== 0) return true;
    return false;
  }

  containsAll(other: ActionSet): boolean {
    for (let i = 0; i < this.words.length; i++) if ((other.words[i] & ~this.words[i]) !== 0) return false;
    return true;
  }

  isEmpty(): boolean {
    for (let i = 0; i < this.words.length; i++) if (this.words[i] !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) {
      let w = this.words[i];
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /** Indexes in ascending order. */
  *indexes(): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield (w << 5) + bit;
        word &= word - 1;
      }
    }
  }

  private trimTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1] &= 0xffffffff >>> extra;
  }
}
