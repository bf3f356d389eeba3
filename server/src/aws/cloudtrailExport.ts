import { AssumeRoleEvent } from './assumeRoleEvent';

/**
 * The shape `iamlp events --format json` prints, one object per event; a contract for scripts, so every
 * key is always present and absent values are `null`.
 */
export interface EventSummary {
  eventId: string;
  eventTime: string;
  region: string | null;
  principalArn: string | null;
  roleArn: string | null;
  sessionName: string | null;
  externalId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export function toEventSummary(event: AssumeRoleEvent): EventSummary {
  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    region: event.region ?? null,
    principalArn: event.principalArn ?? null,
    roleArn: event.roleArn ?? null,
    sessionName: event.sessionName ?? null,
    externalId: event.externalId ?? null,
    sourceIp: event.sourceIp ?? null,
    userAgent: event.userAgent ?? null,
    errorCode: event.errorCode ?? null,
    errorMessage: event.errorMessage ?? null,
  };
}

/** The evidence export: the summary fields, then what an auditor also asks for. */
export interface EvidenceRecord extends EventSummary {
  principalType: string | null;
  principalAccountId: string | null;
  durationSeconds: number | null;
  mfaAuthenticated: boolean | null;
  issuedAccessKeyId: string | null;
  assumedRoleArn: string | null;
  recipientAccountId: string | null;
}

export function toEvidenceRecord(event: AssumeRoleEvent): EvidenceRecord {
  return {
    ...toEventSummary(event),
    principalType: event.principalType ?? null,
    principalAccountId: event.principalAccountId ?? null,
    durationSeconds: event.durationSeconds ?? null,
    mfaAuthenticated: event.mfaAuthenticated ?? null,
    issuedAccessKeyId: event.issuedAccessKeyId ?? null,
    assumedRoleArn: event.assumedRoleArn ?? null,
    recipientAccountId: event.recipientAccountId ?? null,
  };
}

export interface ExportContext {
  exportedAt: Date;
  regions: string[];
  window: { start: Date; end: Date };
  filter?: Record<string, unknown>;
}

/** JSON evidence: the query that produced it, and each event with its raw CloudTrail record. */
export function eventsToJson(events: AssumeRoleEvent[], context: ExportContext): string {
  const document = {
    exportedAt: context.exportedAt.toISOString(),
    source: 'AWS CloudTrail LookupEvents (EventName=AssumeRole)',
    regions: context.regions,
    window: { start: context.window.start.toISOString(), end: context.window.end.toISOString() },
    filter: context.filter ?? {},
    count: events.length,
    events: events.map((e) => ({ ...toEvidenceRecord(e), cloudTrailEvent: e.raw })),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

const CSV_COLUMNS: (keyof EvidenceRecord)[] = [
  'eventTime',
  'eventId',
  'region',
  'principalArn',
  'principalType',
  'principalAccountId',
  'roleArn',
  'sessionName',
  'externalId',
  'durationSeconds',
  'mfaAuthenticated',
  'sourceIp',
  'userAgent',
  'errorCode',
  'errorMessage',
  'issuedAccessKeyId',
  'assumedRoleArn',
  'recipientAccountId',
];

/**
 * One RFC 4180 field. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is
 * prefixed with an apostrophe, so an attacker-chosen session name or user agent cannot execute in Excel.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function eventsToCsv(events: AssumeRoleEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const event of events) {
    const record = toEvidenceRecord(event);
    lines.push(CSV_COLUMNS.map((c) => csvField(record[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
