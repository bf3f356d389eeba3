import type { VerifyReport } from '../../server/src/aws/verifyLeastPrivilege';

/**
 * A report of a role session with one write of each decision and one read: what the table, the JSON
 * and the Markdown tests lay out. A matched policy name holds a `|` to test escaping.
 */
export const SAMPLE_VERIFY_REPORT: VerifyReport = {
  principalArn: 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/alice',
  simulatedArn: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor',
  checkedAt: '2026-03-04T05:06:07.000Z',
  catalogVersion: '0.21.x',
  actions: [
    {
      action: 'iam:CreateUser',
      kind: 'write',
      level: 'Write',
      decision: 'allowed',
      matchedPolicies: ['Admin|Policy'],
      missingContextValues: [],
    },
    {
      action: 'iam:PassRole',
      kind: 'write',
      level: 'Write',
      decision: 'implicitDeny',
      matchedPolicies: [],
      missingContextValues: ['aws:MultiFactorAuthPresent'],
    },
    {
      action: 'iam:TagUser',
      kind: 'write',
      level: 'Tagging',
      decision: 'explicitDeny',
      matchedPolicies: ['ReadOnly'],
      missingContextValues: [],
    },
    { action: 'iam:GetUser', kind: 'read', level: 'Read', decision: 'allowed', matchedPolicies: ['ReadOnly'], missingContextValues: [] },
  ],
  counts: { write: { allowed: 1, explicitDeny: 1, implicitDeny: 1 }, read: { allowed: 1, explicitDeny: 0, implicitDeny: 0 } },
  allowedWrites: ['iam:CreateUser'],
  ok: false,
};
