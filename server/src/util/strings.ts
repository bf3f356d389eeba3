/**
 * A copy of a string that shares no memory with the text it was cut from. Strings from the parser
 * are slices of the whole document: kept as cache keys, they would keep every edited version of a
 * large policy alive for the life of the language server (200 edits of a 1 MB policy held 200 MB).
 */
export function detached(value: string): string {
  // Slicing a concatenation makes V8 flatten it into a new string first: the result refers to that
  // one, never to the document. Cheaper than a round trip through a Buffer, which cost a CLI run
  // over 1,500 policies a tenth of its time.
  return (' ' + value).slice(1);
}
