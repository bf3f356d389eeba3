/**
 * The worker thread that compares a file with its committed version for the access code lens and
 * its command (accessDiffRunner.ts starts it). Reading both sides of a 1 MB template took the
 * extension host's thread about a second on every edit, during which no extension answered.
 * Plain node: no `vscode` here.
 */
import { parentPort } from 'node:worker_threads';
import { PolicyInput, policiesOfFile } from '../../../server/src/linter/policyDiff';
import { AccessSinceHead } from './accessSinceHead';
import { CommittedText } from './committedText';
import { compareWithCommitted } from './diffDocuments';

export interface AccessDiffRequest {
  id: number;
  file: string;
  committed: CommittedText;
  text: string;
}

export type AccessDiffReply = { id: number; result: AccessSinceHead } | { id: number; error: string };

/**
 * The last committed text read per file and its policies: the committed side changes only with
 * HEAD, so an edit reads the working copy alone. Read-only once made (the analyses keep their
 * memos, which do not change what they answer).
 */
const committedByFile = new Map<string, { text: string; policies: PolicyInput[] }>();
/**
 * How much committed text the kept sides may add up to, the most recently compared first; the
 * file being compared is kept whatever its size. Its analysis weighs far more than the text: about
 * 38 MB for a 1 MB CloudFormation template, a few kB for a policy file.
 */
const COMMITTED_TEXT_KEPT = 2 * 1024 * 1024;

export function committedPolicies(file: string, text: string): PolicyInput[] {
  const known = committedByFile.get(file);
  committedByFile.delete(file);
  const policies = known?.text === text ? known.policies : policiesOfFile(text, file).policies;
  committedByFile.set(file, { text, policies });
  let kept = 0;
  for (const entry of committedByFile.values()) kept += entry.text.length;
  for (const [oldest, entry] of committedByFile) {
    if (kept <= COMMITTED_TEXT_KEPT || oldest === file) break;
    committedByFile.delete(oldest);
    kept -= entry.text.length;
  }
  return policies;
}

/** The files whose committed side is kept, oldest first (for its test). */
export function keptCommittedFiles(): string[] {
  return [...committedByFile.keys()];
}

/** One comparison's reply; also what the runner calls on its own thread where no worker can start. */
export async function answer(request: AccessDiffRequest): Promise<AccessDiffReply> {
  try {
    return { id: request.id, result: await compareWithCommitted(request.file, request.committed, request.text, committedPolicies) };
  } catch (err) {
    return { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
}

const port = parentPort;
if (port) {
  // One request at a time, in order: the runner sends a file's next text only after its answer.
  let queue = Promise.resolve();
  port.on('message', (request: AccessDiffRequest) => {
    queue = queue.then(async () => port.postMessage(await answer(request)));
  });
}
