import { execFileSync } from 'node:child_process';
import { CliError } from './types';

/**
 * The few git questions `iamlp diff --base REF` asks, by running git itself: it reads what a
 * shallow fetch brings (`git fetch --depth=1 origin main`) and needs no history.
 */
export class GitRepository {
  private constructor(readonly root: string) {}

  /** The repository holding `cwd`, or a usage error naming why there is none. */
  static at(cwd: string): GitRepository {
    return new GitRepository(run(['rev-parse', '--show-toplevel'], cwd).trim());
  }

  /** The commit `ref` names, or a usage error. */
  resolve(ref: string): string {
    if (ref.startsWith('-')) throw new CliError(`"${ref}" is not a git ref`);
    try {
      return run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], this.root).trim();
    } catch {
      throw new CliError(`unknown git ref "${ref}" (in CI, fetch it first: git fetch --depth=1 origin <branch>)`);
    }
  }

  /**
   * Files under the given repository-relative paths ('.' for all) whose working-tree content
   * differs from the commit (`git diff --name-status REF`, which compares trees and needs no
   * history), plus the untracked files that are not ignored: what the working tree adds.
   */
  changedFiles(commit: string, paths: readonly string[]): Array<{ path: string; inBase: boolean; inWorkingTree: boolean }> {
    const fields = split(run(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', commit, '--', ...paths], this.root));
    const changed: Array<{ path: string; inBase: boolean; inWorkingTree: boolean }> = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const status = fields[i][0];
      changed.push({ path: fields[i + 1], inBase: status !== 'A', inWorkingTree: status !== 'D' });
    }
    for (const path of split(run(['ls-files', '-z', '--others', '--exclude-standard', '--', ...paths], this.root)))
      changed.push({ path, inBase: false, inWorkingTree: true });
    return changed;
  }

  /** The text of a file at a commit (`git show REF:path`). */
  show(commit: string, path: string): string {
    const text = run(['show', `${commit}:${path}`], this.root);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

function split(output: string): string[] {
  return output.split('\0').filter((p) => p.length > 0);
}

function run(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new CliError('git is not installed or not on the PATH');
    const first = (e.stderr ?? '').split('\n').find((l) => l.trim().length > 0);
    throw new CliError(first ? `git ${args[0]}: ${first.replace(/^fatal: /, '')}` : `git ${args[0]} failed`);
  }
}
