/**
 * The "Explain Failure" document of the AssumeRole Events view: the engine's explanation of a failed
 * call, with the record's facts above it so the reader can check them. No `vscode` import.
 */
import type { AssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import type { FailureExplanation } from '../../../server/src/engine/trustEvaluation';

/** The record fields the document names; every one may be missing from a failure's record. */
export type ExplainedEvent = Pick<
  AssumeRoleEvent,
  'roleArn' | 'principalArn' | 'invokedBy' | 'principalAccountId' | 'externalId' | 'errorCode'
> &
  Partial<Pick<AssumeRoleEvent, 'eventId' | 'eventTime'>>;

export function explanationToMarkdown(explanation: FailureExplanation, event: ExplainedEvent): string {
  const lines = [
    `# Why AssumeRole failed`,
    '',
    `- Event: ${event.eventId ?? '(unknown id)'} at ${event.eventTime ?? '(unknown time)'}`,
    `- Role: ${event.roleArn ?? '(not in the record)'}`,
    `- Caller: ${event.principalArn ?? event.invokedBy ?? (event.principalAccountId ? `account ${event.principalAccountId}` : '(not in the record)')}`,
    `- ExternalId: ${event.externalId ?? '(none)'}`,
    `- Error: ${event.errorCode ?? '(none)'}`,
    '',
    `**${explanation.summary}**`,
    '',
    '## Statements',
    '',
  ];
  for (const v of explanation.statements) {
    const name = v.sid ? `${v.index + 1}. ${v.sid}` : `${v.index + 1}.`;
    lines.push(`### ${name} (${v.effect}): applies ${v.applies}`);
    lines.push('', `- Action: ${v.action}`, `- Principal: ${v.principal}`);
    for (const c of v.conditions) lines.push(`- Condition ${c.result}: ${c.detail}`);
    lines.push('');
  }
  return lines.join('\n');
}
