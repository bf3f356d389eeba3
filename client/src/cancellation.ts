import type * as vscode from 'vscode';

/**
 * An AbortSignal that aborts when a VS Code progress is cancelled: the AWS layer (server/src/aws/
 * callLimits.ts) aborts the calls in flight on it, so the notification's Cancel really stops them.
 */
export function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
