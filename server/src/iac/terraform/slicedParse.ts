import type { Node as SyntaxNode, Parser, Tree } from 'web-tree-sitter';
import type { Steps } from '../../util/steps';
import { gaveUp, hclParseDeadlineMs, newHclParser } from './hclParser';

/**
 * A first parse of a large `.tf` that pauses, for the language server: tree-sitter cancels a parse
 * when its progress callback says so, and the parser's next call resumes the unfinished parse
 * (lib/parser.c ts_parser_parse: "resume_parsing", whatever text and old tree that call is given).
 * So the parse runs in calls of about `sliceMs`, yielding between them, and a hover or completion
 * is answered in between instead of after the whole parse (hundreds of milliseconds for 1 MB).
 *
 * The paused parse lives in a parser of its own (hclParser.ts newHclParser): the shared parser's
 * parses (the CLI, a hover's own read, an edit's incremental reparse) are synchronous and never
 * meet it. Only one sliced read is held at a time, by a lease: a sliced read that starts while
 * another is paused (a newer version, whose older run was dropped where it stood, or another file)
 * releases the other's lease: its unfinished parse is reset, or its tree and cursor freed, so an
 * abandoned run holds WebAssembly memory only until the next sliced read and never leaks into it.
 * The owner of a released lease sees `lost` at its next step and reads the file at once instead
 * (never taking the lease back: two files read together would take it from each other forever).
 */
export class HclLease {
  private parsing = false;
  private tree: Tree | undefined;
  private readonly cursors: { delete(): void }[] = [];
  private released = false;

  /** True once another sliced read took over (or the lease was released): nothing it held may be touched. */
  get lost(): boolean {
    return this.released;
  }

  /** The parsed tree's root; only while the lease is held. */
  get root(): SyntaxNode {
    if (!this.tree || this.released) throw new Error('the sliced HCL tree was released');
    return this.tree.rootNode;
  }

  /** A cursor over the tree, freed with it when the lease is released. */
  hold<C extends { delete(): void }>(cursor: C): C {
    this.cursors.push(cursor);
    return cursor;
  }

  /** Frees what the lease holds; the parser's unfinished parse, if it holds one, is dropped. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (holder === this) holder = undefined;
    for (const cursor of this.cursors.splice(0)) cursor.delete();
    if (this.parsing) slicedParser?.reset();
    this.parsing = false;
    this.tree?.delete();
    this.tree = undefined;
  }

  /** Hands the tree over (to be kept for the next version's incremental parse); the lease ends. */
  takeTree(): Tree {
    const tree = this.tree;
    if (!tree || this.released) throw new Error('the sliced HCL tree was released');
    this.tree = undefined;
    this.release();
    return tree;
  }

  /** @internal The parse itself. */
  *parse(parser: Parser, text: string, sliceMs: number): Steps<boolean> {
    // Parse time, not wall time: the deadline is there for inputs whose error recovery runs for
    // minutes; the time the read spends paused (answering hovers, analysing other files) is not its cost.
    let spent = 0;
    const deadline = hclParseDeadlineMs();
    for (;;) {
      if (this.released) return false;
      const start = performance.now();
      const stop = start + Math.min(sliceMs, deadline - spent);
      this.parsing = true;
      // tree-sitter cancels the parse when the callback returns true (its typings say void).
      const tree = parser.parse(text, null, { progressCallback: () => performance.now() > stop });
      spent += performance.now() - start;
      if (tree) {
        this.parsing = false;
        this.tree = tree;
        return true;
      }
      if (spent >= deadline) {
        this.release();
        throw gaveUp();
      }
      yield;
    }
  }
}

let slicedParser: Parser | undefined;
let holder: HclLease | undefined;

/** Whether a sliced read holds the lease (paused mid-parse or mid-walk); for tests. */
export function slicedReadHeld(): boolean {
  return holder !== undefined;
}

/**
 * Parses `text` a slice at a time (about `sliceMs` of parsing per step): a lease on the tree, or
 * undefined when another sliced read took the lease meanwhile (the caller reads the file at once).
 * Throws when the parse runs past the deadline, in parse time. The caller walks the tree (holding
 * its cursors with the lease), then takes the tree or releases the lease; a caller that stops
 * early must release it (a generator's `return()` runs its `finally`).
 */
export function* parseHclInSteps(text: string, sliceMs: number): Steps<HclLease | undefined> {
  holder?.release();
  const lease = new HclLease();
  holder = lease;
  slicedParser ??= newHclParser();
  let handedOver = false;
  try {
    handedOver = yield* lease.parse(slicedParser, text, sliceMs);
    return handedOver ? lease : undefined;
  } finally {
    // Thrown (the deadline), stopped early by the caller (return()), or lost: nothing is left held.
    if (!handedOver) lease.release();
  }
}
