/** A glob (`**`, `*`, `?`) as a predicate over paths with forward slashes. */
export function globMatcher(glob: string): (path: string) => boolean {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else source += '.*';
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

/** Whether `path` (forward slashes) matches `glob`: a glob without a slash matches the file name anywhere. */
export function matchesGlob(glob: string, path: string): boolean {
  const normalized = path.split('\\').join('/');
  if (!glob.includes('/')) return globMatcher(glob)(normalized.slice(normalized.lastIndexOf('/') + 1));
  const matches = globMatcher(glob.replace(/^\.\//, ''));
  // A relative glob may match any tail of the path that starts at a folder boundary.
  if (matches(normalized)) return true;
  for (let i = normalized.indexOf('/'); i !== -1; i = normalized.indexOf('/', i + 1)) {
    if (matches(normalized.slice(i + 1))) return true;
  }
  return false;
}
