import { writeSync } from 'node:fs';

type WriteSync = (buffer: Buffer, offset: number, length: number) => number;

/** Writes a text to standard output. */
export interface StandardOutput {
  (text: string): void;
  /** Everything written has reached file descriptor 1, or its reader went away: none of it waits in the stream. */
  settled(): boolean;
}

/** Texts up to a third of this many characters are encoded into one buffer, reused from write to write. */
const REUSED_BUFFER_BYTES = 512 * 1024;

/**
 * iamlp's standard output, written to file descriptor 1 directly: creating `process.stdout` (a
 * stream, and the modules behind it) cost every run a few milliseconds of a start-up that checks
 * one policy in about a hundred. A pipe whose reader is slow (EAGAIN on a non-blocking descriptor)
 * gets the rest through the stream, which waits for it; from then on everything goes that way, in
 * order. A reader that went away (EPIPE, `iamlp check | head`) gets nothing more, as with `cat`.
 */
export function standardOutput(
  write: WriteSync = (buffer, offset, length) => writeSync(1, buffer, offset, length),
  stream: () => NodeJS.WritableStream = () => process.stdout,
): StandardOutput {
  let mode: 'direct' | 'stream' | 'closed' = 'direct';
  let reused: Buffer | undefined;
  // A run writes its JSON in pieces (format/json.ts): a buffer of their own each was 3.8 MB of fresh
  // memory over the 1,571 AWS managed policies, held until the garbage collector came by.
  const encode = (text: string): Buffer => {
    // UTF-8 takes at most three bytes for a UTF-16 code unit.
    if (text.length * 3 > REUSED_BUFFER_BYTES) return Buffer.from(text, 'utf8');
    reused ??= Buffer.allocUnsafe(REUSED_BUFFER_BYTES);
    return reused.subarray(0, reused.write(text, 0, 'utf8'));
  };
  const output = (text: string): void => {
    if (mode === 'closed') return;
    if (mode === 'stream') {
      stream().write(text);
      return;
    }
    const bytes = encode(text);
    let written = 0;
    try {
      while (written < bytes.length) written += write(bytes, written, bytes.length - written);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        mode = 'closed';
        return;
      }
      if (code !== 'EAGAIN') throw err;
      mode = 'stream';
      // The stream writes the rest later: the reused buffer is not written again from now on.
      stream().write(bytes.subarray(written));
    }
  };
  const settled = () => mode !== 'stream' || (stream() as { writableLength?: number }).writableLength === 0;
  return Object.assign(output, { settled });
}
