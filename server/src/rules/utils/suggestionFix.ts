import { Finding, Fix } from '../../engine/rule';

/**
 * The "did you mean" quick fix of a finding whose data carries a `suggestion`: write it over the
 * finding's text, as `written` renders it (JSON-quoted for a string node, as-is inside a comment).
 * Not marked safe: which name was meant is a guess the author confirms.
 */
export function suggestionFix(finding: Finding, written: (suggestion: string) => string): Fix[] {
  const suggestion = finding.data?.suggestion;
  if (typeof suggestion !== 'string') return [];
  return [
    {
      title: `Change to "${suggestion}"`,
      kind: 'quickfix',
      edits: [{ offset: finding.offset, length: finding.length, newText: written(suggestion) }],
      isPreferred: true,
    },
  ];
}
