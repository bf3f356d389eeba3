import { EventEmitter } from 'node:events';
import type { TemporaryCredentials } from '../../../server/src/aws/sts';

/** The role session the user assumed from VS Code, shared by every feature that calls AWS. */
export interface ActiveRoleSession {
  /** The role's temporary credentials: in memory only, never in settings or logs. */
  credentials: TemporaryCredentials;
  roleArn: string;
  assumedRoleArn: string;
  sessionName: string;
  region: string;
  sourceProfile?: string;
  /** The caller that assumed the role (GetCallerIdentity before AssumeRole), when known. */
  sourceArn?: string;
  /** The STS endpoint override the session was obtained from, so later calls use the same one. */
  stsEndpoint?: string;
}

const emitter = new EventEmitter();
let current: ActiveRoleSession | undefined;

/** The active session, or undefined when none is active or it has expired. */
export function getActiveSession(now: Date = new Date()): ActiveRoleSession | undefined {
  if (current && current.credentials.expiration.getTime() <= now.getTime()) setActiveSession(undefined);
  return current;
}

export function setActiveSession(session: ActiveRoleSession | undefined): void {
  current = session;
  emitter.emit('change', session);
}

/** Calls `listener` whenever a session starts, is replaced or ends; returns a disposer. */
export function onActiveSessionChange(listener: (session: ActiveRoleSession | undefined) => void): () => void {
  emitter.on('change', listener);
  return () => emitter.off('change', listener);
}
