import { readPolicyFile } from './policyFile';

/** Configuration files are a few kB; this keeps a mistaken path from loading a disk image. */
const MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * A text file's content, decoded as policyFile.ts decodes policies (UTF-8 or UTF-16 with a BOM,
 * the BOM dropped). Throws an error with a `code` (ENOENT, EACCES, ENOTFILE, EBINARY, EFBIG) that
 * callers name in their sentence.
 */
export function readTextFile(path: string): string {
  const reading = readPolicyFile(path, MAX_TEXT_FILE_BYTES);
  if (reading.status === 'text') return reading.text;
  const code =
    reading.status === 'error'
      ? reading.code
      : reading.status === 'not-a-file'
        ? 'ENOTFILE'
        : reading.status === 'binary'
          ? 'EBINARY'
          : 'EFBIG';
  throw Object.assign(new Error(`${path}: ${code}`), { code });
}
