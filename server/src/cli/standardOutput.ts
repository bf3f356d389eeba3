import { writeSync } from 'node:fs';

type WriteSync = (buffer: Buffer, offset: number, length: number) => number;

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
): (text: string) => void {
  let mode: 'direct' | 'stream' | 'closed' = 'direct';
  return (text) => {
    if (mode === 'closed') return;
    if (mode === 'stream') {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
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
      stream().write(bytes.subarray(written));
    }
  };
}
