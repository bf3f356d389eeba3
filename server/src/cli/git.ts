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
   * history), plus the untracked files that are not ignored: what the working tree adds. A file
   * git sees renamed (staged, `git mv`) keeps its old path as `basePath`, so it pairs with itself.
   */
  changedFiles(commit: string, paths: readonly string[]): ChangedFile[] {
    const fields = split(run(['diff', '--name-status', '-z', '--find-renames', '--no-ext-diff', commit, '--', ...paths], this.root));
    const changed: ChangedFile[] = [];
    for (let i = 0; i < fields.length;) {
      const status = fields[i][0];
      if (status === 'R' || status === 'C') {
        changed.push({ path: fields[i + 2], basePath: fields[i + 1], inWorkingTree: true });
        // A copy leaves its source in place, changed or not: `git diff` lists it apart if changed.
        i += 3;
      } else {
        changed.push({ path: fields[i + 1], basePath: status === 'A' ? undefined : fields[i + 1], inWorkingTree: status !== 'D' });
        i += 2;
      }
    }
    for (const path of split(run(['ls-files', '-z', '--others', '--exclude-standard', '--', ...paths], this.root)))
      changed.push({ path, basePath: undefined, inWorkingTree: true });
    return changed;
  }

  /** The text of a file at a commit (`git show REF:path`). */
  show(commit: string, path: string): string {
    const text = run(['show', `${commit}:${path}`], this.root);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/** A file the working tree changed: where it is now, where it was at the commit (none: new). */
export interface ChangedFile {
  path: string;
  basePath: string | undefined;
  inWorkingTree: boolean;
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
