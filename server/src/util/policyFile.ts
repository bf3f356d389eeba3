/**
 * The one reader of policy and configuration files, for `iamlp check` and the language server's
 * `.iamlp.json`: it fails closed. It stats before it opens and never opens what is not a regular
 * file (`/dev/zero` would be read forever, a FIFO blocks in open), unless its caller has just seen
 * the path as a regular file (then see ReadOptions); it decodes UTF-8, and UTF-16 with a
 * byte-order mark, as editors do; it says "binary" rather than hand the parser garbage that would
 * pass as "not a policy"; and it reads nothing of a file its stat shows over the size limit, and
 * never more than one byte past it, reporting the file's real size in bytes.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, Stats, statSync } from 'node:fs';

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

/** The buffer reads start in, kept from read to read: most policies are a few kB, all of them fit. */
const FIRST_READ_BYTES = 64 * 1024;
/** Reads grow the kept buffer up to this many bytes; a larger file gets buffers of its own. */
const SCRATCH_KEPT_UP_TO = 256 * 1024;
let scratchBuffer = Buffer.allocUnsafe(0);

/**
 * A buffer of `size` bytes or more, reused from read to read: decoding copies the text out of it,
 * so a run over 1,500 files need not allocate and zero 1,500 buffers that are garbage at once.
 */
function scratch(size: number): Buffer {
  // A rare large file gets a buffer of its own, not kept for the life of the language server.
  if (size > SCRATCH_KEPT_UP_TO) return Buffer.allocUnsafe(size);
  if (scratchBuffer.length < size) scratchBuffer = Buffer.allocUnsafe(size);
  return scratchBuffer;
}

export interface ReadOptions {
  /**
   * The caller has just seen the path as a regular file (its folder's entry, or a stat of its
   * own): the stat before the open is not made again, which was over a quarter of the time
   * reading took in a run over 1,500 files. The open still cannot block, and a read that does not
   * end as a regular file's does (an error, nothing at all, or past the limit) is told apart by an
   * fstat, should the path have been replaced since: a FIFO then reads nothing, a device errs or
   * fills the limit, and both are refused. What is read is never more than one byte past the limit.
   */
  seenAsRegularFile?: boolean;
}

/**
 * The open file's bytes, to its end or to one byte past `maxBytes`, whichever comes first: a file
 * that grows while it is read is read to where its writer has got to, or is too large. Reading
 * with no fstat first (which made a Stats object and four Dates for every file: 10 ms of a run
 * over 1,571 policies) needs the one read that finds the end, as node's readFileSync makes.
 */
function readBounded(fd: number, maxBytes: number): Buffer {
  const most = maxBytes + 1;
  let buffer = scratch(Math.min(most, FIRST_READ_BYTES));
  let length = 0;
  for (;;) {
    const room = Math.min(buffer.length, most) - length;
    if (room === 0) {
      if (length === most) break;
      const larger = scratch(Math.min(buffer.length * 2, most));
      if (larger !== buffer) buffer.copy(larger, 0, 0, length);
      buffer = larger;
      continue;
    }
    const n = readSync(fd, buffer, length, room, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

/**
 * Text from bytes, the common case in one native call: plain UTF-8 (valid, no NUL, no byte-order
 * mark) is decoded by node as it is; anything else by decodeText, which says what it is. A strict
 * TextDecoder over every file cost a run over 1,500 policies 3-4% more (interleaved runs).
 */
function textOf(bytes: Buffer): { text: string } | { binaryAt: number } {
  const first = bytes[0];
  if (first !== 0xef && first !== 0xfe && first !== 0xff && bytes.indexOf(0) === -1 && isUtf8(bytes))
    return { text: bytes.toString('utf8') };
  return decodeText(bytes);
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
    // open must not wait for a writer (its read then finds nothing, and the fstat refuses it).
    fd = openSync(path, constants.O_NONBLOCK !== undefined ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (err) {
    return { status: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    let bytes: Buffer;
    try {
      bytes = readBounded(fd, maxBytes);
    } catch (err) {
      const opened = fstatSync(fd);
      if (!opened.isFile()) return { status: 'not-a-file', what: describeFileType(opened) };
      throw err;
    }
    if (bytes.length === 0 || bytes.length > maxBytes) {
      const opened = fstatSync(fd);
      if (!opened.isFile()) return { status: 'not-a-file', what: describeFileType(opened) };
      if (bytes.length > maxBytes) return { status: 'too-large', bytes: Math.max(bytes.length, opened.size) };
    }
    const decoded = textOf(bytes);
    if ('binaryAt' in decoded) return { status: 'binary', bytes: bytes.length, offset: decoded.binaryAt };
    return { status: 'text', text: decoded.text, bytes: bytes.length };
  } catch (err) {
    return { status: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    closeSync(fd);
  }
}
