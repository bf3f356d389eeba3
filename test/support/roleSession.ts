import type { ActiveRoleSession } from '../../client/src/session/activeSession';

/** A role session an hour from expiry, as "IAM: Assume Auditor Role" leaves it in the session store. */
export const ROLE_SESSION: ActiveRoleSession = {
  credentials: { accessKeyId: 'ASIASESSION', secretAccessKey: 'sk', sessionToken: 'tok', expiration: new Date(Date.now() + 3600_000) },
  roleArn: 'arn:aws:iam::111122223333:role/Auditor',
  assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/Auditor/alice',
  sessionName: 'alice',
  region: 'eu-west-1',
};
