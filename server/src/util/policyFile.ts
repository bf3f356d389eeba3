/**
 * The one reader of policy and configuration files, for `iamlp check` and the language server's
 * `.iamlp.json`: it fails closed. It stats before it opens and never opens what is not a regular
 * file (`/dev/zero` would be read forever, a FIFO blocks in open), unless its caller has just seen
 * the path as a regular file; it decodes UTF-8, and UTF-16 with a byte-order mark, as editors do;
 * it says "binary" rather than hand the parser garbage that would pass as "not a policy"; and it
 * reads nothing of a file over the size limit, whose real size in bytes it reports.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, Stats, statSync } from 'node:fs';

export type FileReading =
  | { status: 'text'; text: string; bytes: number }
  /** Larger than the limit: not read at all. */
  | { status: 'too-large'; bytes: number }
  /** Not text: a NUL byte or bytes that are not UTF-8, at `offset`. */
  | { status: 'binary'; bytes: number; offset: number }
  /** A FIFO, socket, device or folder: never opened. */
  | { status: 'not-a-file'; what: string }
  | { status: 'error'; code: string };

/** What a non-regular file is, in words. */
export function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text from bytes: a UTF-16 byte-order mark selects UTF-16 (LE or BE), a UTF-8 one is dropped, and
 * anything else must be UTF-8 without NUL bytes, else it is binary (at the first offending byte).
 */
export function decodeText(bytes: Uint8Array): { text: string } | { binaryAt: number } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), 'le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), 'be');
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul !== -1) return { binaryAt: start + nul };
  try {
    return { text: strictUtf8.decode(body) };
  } catch {
    return { binaryAt: start + firstInvalidUtf8(body) };
  }
}

function decodeUtf16(body: Uint8Array, order: 'le' | 'be'): { text: string } | { binaryAt: number } {
  if (body.length % 2 !== 0) return { binaryAt: 2 + body.length - 1 };
  const copy = Buffer.from(body);
  if (order === 'be') copy.swap16();
  const text = copy.toString('utf16le');
  const nul = text.indexOf('\u0000');
  return nul === -1 ? { text } : { binaryAt: 2 + nul * 2 };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      strictUtf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

const SCRATCH_KEPT_UP_TO = 256 * 1024;
let scratchBuffer = Buffer.allocUnsafe(0);

/**
 * A buffer of `size` bytes or more, reused from read to read: decoding copies the text out of it,
 * so a run over 1,500 files need not allocate and zero 1,500 buffers that are garbage at once.
 */
function scratch(size: number): Buffer {
  // A rare large file gets a buffer of its own, not kept for the life of the language server.
  if (size > SCRATCH_KEPT_UP_TO) return Buffer.allocUnsafe(size);
  if (scratchBuffer.length < size) scratchBuffer = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
  return scratchBuffer.length === size ? scratchBuffer : scratchBuffer.subarray(0, size);
}

export interface ReadOptions {
  /**
   * The caller has just seen the path as a regular file (its folder's entry, or a stat of its
   * own): the stat before the open is not made again, which was over a quarter of the time
   * reading took in a run over 1,500 files. The open still cannot block and the fstat after it
   * still refuses anything else, should the path have been replaced since.
   */
  seenAsRegularFile?: boolean;
}

/**
 * The common case, a regular file of plain UTF-8 as large as its fstat said, in one native call:
 * node reads the descriptor to its end and decodes it. Its decoder turns each byte that is not
 * UTF-8 into U+FFFD, so a text holding U+FFFD, a NUL or a byte-order mark, or of another size than
 * `size`, is left to the byte-by-byte reading below, which says exactly what it is: undefined.
 * Reading every file through a buffer of our own and a strict decoder cost a run over 1,500
 * policies 3-4% more (interleaved runs). The end of a regular file is where its writer has got
 * to, so even a file growing as it is read is read to an end; its size then differs from the
 * fstat's, and the bounded reading below takes over.
 */
function plainUtf8(fd: number, size: number): FileReading | undefined {
  const text = readFileSync(fd, 'utf8');
  if (text.length > size || text.charCodeAt(0) === 0xfeff || text.includes('\ufffd') || text.includes('\u0000')) return undefined;
  // Valid UTF-8 decodes and encodes back to the very bytes it was read from.
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes === size ? { status: 'text', text, bytes } : undefined;
}

/** Reads a policy or configuration file: see the module comment. Never throws. */
export function readPolicyFile(path: string, maxBytes: number, options: ReadOptions = {}): FileReading {
  if (!options.seenAsRegularFile) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (err) {
      return { status: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
    }
    if (!stats.isFile()) return { status: 'not-a-file', what: describeFileType(stats) };
    if (stats.size > maxBytes) return { status: 'too-large', bytes: stats.size };
  }
  let fd: number;
  try {
    // Non-blocking where the platform has it: should the path have become a FIFO since the stat,
    // open must not wait for a writer (the fstat below then refuses it).
    fd = openSync(path, constants.O_NONBLOCK !== undefined ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (err) {
    return { status: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { status: 'not-a-file', what: describeFileType(opened) };
    if (opened.size > maxBytes) return { status: 'too-large', bytes: opened.size };
    // A size of 0 is an empty file or one whose size the system does not know (procfs, sysfs):
    // that one is read only by the bounded reading.
    const plain = opened.size > 0 ? plainUtf8(fd, opened.size) : undefined;
    if (plain) return plain;
    // The file may grow between stat and read: read at most one byte past the limit. A file read
    // to the size its fstat gave is read whole, as readFileSync reads it: asking again for the end
    // of the file would cost every read a call.
    const buffer = scratch(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
      if (length === buffer.length || length === opened.size) break;
    }
    if (length > maxBytes) return { status: 'too-large', bytes: Math.max(length, fstatSync(fd).size) };
    const decoded = decodeText(buffer.subarray(0, length));
    if ('binaryAt' in decoded) return { status: 'binary', bytes: length, offset: decoded.binaryAt };
    return { status: 'text', text: decoded.text, bytes: length };
  } catch (err) {
    return { status: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    closeSync(fd);
  }
}
