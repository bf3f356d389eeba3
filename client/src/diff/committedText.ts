import { execFile } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';

/** A file as the last commit has it: its text, or why there is none to compare with. */
export type CommittedText = { kind: 'committed'; text: string } | { kind: 'new' } | { kind: 'unavailable'; reason: string };

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

/**
 * The text of `file` at `ref` (default HEAD), read with `git show` in the file's repository: the
 * git extension's API would tie this to VS Code, and node tests to a running workbench.
 */
export async function committedText(file: string, ref = 'HEAD'): Promise<CommittedText> {
  const dir = dirname(file);
  let root: string;
  try {
    root = (await git(['rev-parse', '--show-toplevel'], dir)).trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return { kind: 'unavailable', reason: 'git is not installed or not on the PATH' };
    return { kind: 'unavailable', reason: `${file} is not in a git repository` };
  }
  const path = relative(root, file).split(sep).join('/');
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  } catch {
    return { kind: 'unavailable', reason: `the repository has no commit ${ref} yet` };
  }
  try {
    const listed = await git(['ls-tree', '--name-only', '--full-tree', ref, '--', path], root);
    if (listed.trim().length === 0) return { kind: 'new' };
    const text = await git(['show', `${ref}:${path}`], root);
    return { kind: 'committed', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    return { kind: 'unavailable', reason: `git could not read ${path} at ${ref}${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}` };
  }
}
