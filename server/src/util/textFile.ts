import { readFileSync } from 'node:fs';

/** A UTF-8 file's text without the byte-order mark some Windows editors write first. */
export function readTextFile(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
