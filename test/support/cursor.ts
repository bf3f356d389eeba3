import { CompletionEntry } from '../../server/src/services/completion';

/** A fixture with a `|` cursor marker: the text without it, and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset === -1 || marked.indexOf('|', offset + 1) !== -1) throw new Error(`one | cursor marker expected in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** A snippet as the editor inserts it when every placeholder keeps its default. */
export function expandSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const ch = snippet[i];
    if (ch === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (ch === '$' && snippet[i + 1] === '{') {
      const close = snippet.indexOf('}', i);
      const body = snippet.slice(i + 2, close);
      const choice = /^\d+\|([^,|]*)/.exec(body);
      const placeholder = /^\d+:(.*)$/.exec(body);
      out += choice ? choice[1] : placeholder ? placeholder[1] : '';
      i = close;
    } else if (ch === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else out += ch;
  }
  return out;
}

/** The text after accepting a completion entry. */
export function applyEntry(text: string, entry: CompletionEntry): string {
  const insert = entry.snippet ? expandSnippet(entry.insertText) : entry.insertText;
  return text.slice(0, entry.replace.start) + insert + text.slice(entry.replace.end);
}
