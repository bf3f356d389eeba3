/**
 * The words of every empty set. Nothing can be written into an array of no words: a set that gains
 * an action gets words of its own (cover). A typed array of its own for each empty set was most of
 * the time a template with thousands of policies on one role took.
 */
const NO_WORDS = new Uint32Array(0);

/** The words of single(): one per bit, never written (a set holding one copies it before a write). */
const SINGLE_BITS: readonly Uint32Array[] = Array.from({ length: 32 }, (_, bit) => Uint32Array.of((1 << bit) >>> 0));

/**
 * A set of catalog actions, as a bitset over the catalog's action indexes. Policies are analysed by
 * set algebra (grants, denies, IAM writes), so every union or difference is word operations.
 *
 * The bitset is windowed: it stores only the words from `base` to `base + words.length`. A
 * service's actions are a contiguous index range, so a pattern such as `iam:Get*` or a statement
 * naming a few services occupies a few words instead of the whole catalog's ~700: that keeps the
 * per-statement work and garbage of large policies small.
 */
export class ActionSet {
  private constructor(
    readonly size: number,
    private base: number,
    private words: Uint32Array,
    /** `words` is one of SINGLE_BITS, shared with every other set of an action at that bit: copied before any write. */
    private sharedWords = false,
  ) {}

  /**
   * The set of one action, sharing its word with every other such set. A run over many policies
   * makes one of these per action name it meets (the catalog's match of an exact name): a typed
   * array of its own for each was most of the memory the matching made, and each one was made
   * through the runtime while the code asking for it was still cold.
   */
  static single(size: number, index: number): ActionSet {
    return new ActionSet(size, index >>> 5, SINGLE_BITS[index & 31], true);
  }

  static empty(size: number): ActionSet {
    return new ActionSet(size, 0, NO_WORDS);
  }

  static full(size: number): ActionSet {
    const set = new ActionSet(size, 0, new Uint32Array((size + 31) >>> 5).fill(0xffffffff));
    set.trimTail();
    return set;
  }

  /** The set of `indexes`, in any order, allocated once at the window that covers them. */
  static of(size: number, indexes: readonly number[]): ActionSet {
    if (indexes.length === 0) return ActionSet.empty(size);
    let low = indexes[0];
    let high = low;
    for (let i = 1; i < indexes.length; i++) {
      if (indexes[i] < low) low = indexes[i];
      else if (indexes[i] > high) high = indexes[i];
    }
    const base = low >>> 5;
    const words = new Uint32Array((high >>> 5) - base + 1);
    for (let i = 0; i < indexes.length; i++) words[(indexes[i] >>> 5) - base] |= 1 << (indexes[i] & 31);
    return new ActionSet(size, base, words);
  }

  /** The union of several sets, allocated once at the window that covers them all. */
  static union(size: number, sets: readonly ActionSet[]): ActionSet {
    const present = sets.filter((s) => s.words.length > 0);
    if (present.length === 0) return ActionSet.empty(size);
    const base = Math.min(...present.map((s) => s.base));
    const end = Math.max(...present.map((s) => s.end));
    const union = new ActionSet(size, base, new Uint32Array(end - base));
    for (const s of present) union.addAll(s);
    return union;
  }

  /**
   * The union of `sets` intersected with `scope`, touching only the words of `scope`'s window:
   * asking a statement of a hundred services what it grants of IAM costs a few words per pattern,
   * not a union of the catalog. The result's window is only where the sets meet the scope: the
   * escalation paths' scope spans most of the catalog, and a window as wide as it made every later
   * scan of the result read it all.
   */
  static unionWithin(size: number, sets: readonly ActionSet[], scope: ActionSet): ActionSet {
    let from = Infinity;
    let to = -Infinity;
    for (const set of sets) {
      if (set.words.length === 0) continue;
      const start = Math.max(set.base, scope.base);
      const end = Math.min(set.end, scope.end);
      if (start >= end) continue;
      if (start < from) from = start;
      if (end > to) to = end;
    }
    if (from >= to) return ActionSet.empty(size);
    const result = new ActionSet(size, from, new Uint32Array(to - from));
    for (const set of sets) {
      const start = Math.max(set.base, scope.base);
      const end = Math.min(set.end, scope.end);
      for (let w = start; w < end; w++) result.words[w - from] |= set.words[w - set.base] & scope.words[w - scope.base];
    }
    return result;
  }

  clone(): ActionSet {
    return new ActionSet(this.size, this.base, this.words.length === 0 ? NO_WORDS : this.words.slice());
  }

  /** Before a write in place: a set still sharing its word gets one of its own. */
  private ownWords(): void {
    if (!this.sharedWords) return;
    this.words = this.words.slice();
    this.sharedWords = false;
  }

  private get end(): number {
    return this.base + this.words.length;
  }

  private word(w: number): number {
    return w >= this.base && w < this.end ? this.words[w - this.base] : 0;
  }

  /** Grows the window to cover words [from, to). */
  private cover(from: number, to: number): void {
    if (this.words.length === 0) {
      this.base = from;
      this.words = new Uint32Array(to - from);
      return;
    }
    if (from >= this.base && to <= this.end) return;
    const base = Math.min(from, this.base);
    const end = Math.max(to, this.end);
    const words = new Uint32Array(end - base);
    words.set(this.words, this.base - base);
    this.base = base;
    this.words = words;
  }

  add(index: number): void {
    this.ownWords();
    const w = index >>> 5;
    this.cover(w, w + 1);
    this.words[w - this.base] |= 1 << (index & 31);
  }

  has(index: number): boolean {
    return (this.word(index >>> 5) & (1 << (index & 31))) !== 0;
  }

  /** In place: this union other. */
  addAll(other: ActionSet): this {
    if (other.words.length === 0) return this;
    this.ownWords();
    this.cover(other.base, other.end);
    const offset = other.base - this.base;
    for (let i = 0; i < other.words.length; i++) this.words[offset + i] |= other.words[i];
    return this;
  }

  /** In place: this less other. */
  removeAll(other: ActionSet): this {
    this.ownWords();
    const from = Math.max(this.base, other.base);
    const to = Math.min(this.end, other.end);
    for (let w = from; w < to; w++) this.words[w - this.base] &= ~other.words[w - other.base];
    return this;
  }

  /** In place: this intersected with other. */
  retainAll(other: ActionSet): this {
    this.ownWords();
    for (let w = this.base; w < this.end; w++) this.words[w - this.base] &= other.word(w);
    return this;
  }

  /** A new set: everything in the catalog that is not in this one. */
  complement(): ActionSet {
    const full = ActionSet.full(this.size);
    return full.removeAll(this);
  }

  intersects(other: ActionSet): boolean {
    const from = Math.max(this.base, other.base);
    const to = Math.min(this.end, other.end);
    for (let w = from; w < to; w++) if ((this.words[w - this.base] & other.words[w - other.base]) !== 0) return true;
    return false;
  }

  containsAll(other: ActionSet): boolean {
    for (let w = other.base; w < other.end; w++) if ((other.words[w - other.base] & ~this.word(w)) !== 0) return false;
    return true;
  }

  /** Whether both sets hold the same actions, whatever their windows. */
  equals(other: ActionSet): boolean {
    return this.containsAll(other) && other.containsAll(this);
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
    for (let i = 0; i < this.words.length; i++) {
      let word = this.words[i];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield ((this.base + i) << 5) + bit;
        word &= word - 1;
      }
    }
  }

  private trimTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1] &= 0xffffffff >>> extra;
  }
}
