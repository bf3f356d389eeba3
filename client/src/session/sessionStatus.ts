/** What the status bar shows for the role session; plain data so it is testable without `vscode`. */
import type { ActiveRoleSession } from './activeSession';

export type SessionState = 'none' | 'active' | 'expiring' | 'expired';

export interface SessionStatusView {
  state: SessionState;
  /** Status bar text, with a codicon. */
  text: string;
  tooltip: string;
  /** Milliseconds until expiry (0 when expired or no session). */
  remainingMs: number;
}

/** "59:32" under an hour, "1h 02m" above, "0:00" at or after expiry. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}:${String(s).padStart(2, '0')}`;
}

/** "Role-IDSentinel-Auditor/session" from arn:aws:sts::<acct>:assumed-role/Role-IDSentinel-Auditor/session. */
export function roleLabel(assumedRoleArn: string): string {
  const m = /:assumed-role\/(.+)$/.exec(assumedRoleArn);
  return m ? m[1] : assumedRoleArn;
}

export function sessionStatusView(session: ActiveRoleSession | undefined, now: Date, warnBeforeMs: number): SessionStatusView {
  if (!session) {
    return { state: 'none', text: '$(shield) IAM: no role', tooltip: 'No role session. Run "IAM: Assume Auditor Role".', remainingMs: 0 };
  }
  const remainingMs = session.credentials.expiration.getTime() - now.getTime();
  const label = roleLabel(session.assumedRoleArn);
  if (remainingMs <= 0) {
    return {
      state: 'expired',
      text: `$(shield) ${label} expired`,
      tooltip: `The session of ${session.assumedRoleArn} has expired.`,
      remainingMs: 0,
    };
  }
  const state: SessionState = remainingMs <= warnBeforeMs ? 'expiring' : 'active';
  const tooltip = [
    `Role session: ${session.assumedRoleArn}`,
    session.sourceArn ? `Assumed by: ${session.sourceArn}` : undefined,
    `Region: ${session.region}`,
    `Expires: ${session.credentials.expiration.toISOString()} (in ${formatCountdown(remainingMs)})`,
    'Click for the caller identity and session actions.',
  ]
    .filter((l): l is string => l !== undefined)
    .join('\n');
  return {
    state,
    text: `$(${state === 'expiring' ? 'warning' : 'shield'}) ${label} ${formatCountdown(remainingMs)}`,
    tooltip,
    remainingMs,
  };
}

/** The log line for a new session: identities, the access key id and expiry; never the secret key or session token. */
export function sessionLogLine(session: ActiveRoleSession): string {
  return `Assumed ${session.assumedRoleArn}${session.sourceArn ? ` as ${session.sourceArn}` : ''} in ${session.region}${session.stsEndpoint ? ` via ${session.stsEndpoint}` : ''}; access key ${session.credentials.accessKeyId}, expires ${session.credentials.expiration.toISOString()}.`;
}
