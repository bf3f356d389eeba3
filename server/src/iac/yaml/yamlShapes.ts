/** YAML's short tags of CloudFormation's intrinsics, in their long form. */
export function longFormOf(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return name;
  return /^[A-Z][A-Za-z0-9]*$/.test(name) ? `Fn::${name}` : undefined;
}

/** White space as wide as the text before `offset` on its line (a `- ` counts as two columns). */
export function columnOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return ' '.repeat(offset - lineStart);
}
