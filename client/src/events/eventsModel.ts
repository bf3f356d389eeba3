/**
 * The AssumeRole Events view as plain data: state, loaded events, filter, grouping, and the tree of
 * nodes with labels, descriptions, tooltips and icon kinds. No `vscode` import, so unit tests cover
 * everything the view shows; `eventsView.ts` only turns nodes into TreeItems.
 */
import { AssumeRoleEvent, countWithoutExternalId, lacksExternalId, principalLabel } from '../../../server/src/aws/assumeRoleEvent';
import { CloudTrailFailure } from '../../../server/src/aws/cloudtrailErrors';
import { applyFilter, LookupResult, mergeEvents, RegionFailure } from '../../../server/src/aws/cloudtrailLookup';
import { describeWindow, TimeWindow } from '../../../server/src/aws/cloudtrailWindow';
import type { AwsErrorKind } from '../../../server/src/aws/errors';

export type GroupBy = 'day' | 'role';

export interface EventsFilter {
  /** A role ARN or name; undefined for every role. */
  role?: string;
  failedOnly: boolean;
  withoutExternalIdOnly: boolean;
  /** A window as `parseWindow` reads it (24h, 7d, ISO); undefined for the setting's default. */
  window?: string;
}

/** The failures the view has a welcome text of its own for, named as the AWS layer names them. */
export type FailureState = Extract<AwsErrorKind, 'no-credentials' | 'access-denied'>;

export type ViewState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded' } | { kind: FailureState | 'error'; message: string };

/** The value of the `iamLeastPrivilege.events.state` context key that `viewsWelcome` entries test. */
export type ContextState = 'idle' | 'loading' | 'loaded' | 'empty' | FailureState | 'error';

/** An expired SSO session needs the same remedy as no credentials at all; every other failure is an "error" with its sentence. */
const FAILURE_STATES: Partial<Record<AwsErrorKind, FailureState>> = {
  'no-credentials': 'no-credentials',
  'sso-login-required': 'no-credentials',
  'access-denied': 'access-denied',
};

export type EventIcon = 'success' | 'failure' | 'noExternalId';

export interface EventNode {
  type: 'event';
  id: string;
  label: string;
  description: string;
  /** Markdown; values are escaped. */
  tooltip: string;
  icon: EventIcon;
  /** `assumeRoleEvent` or `assumeRoleEvent.failed` (menus offer "Explain" on failures). */
  contextValue: string;
  event: AssumeRoleEvent;
}

export interface GroupNode {
  type: 'group';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  children: EventNode[];
}

export interface LoadMoreNode {
  type: 'loadMore';
  id: string;
  label: string;
  description: string;
}

export interface NoticeNode {
  type: 'notice';
  id: string;
  label: string;
  tooltip: string;
}

export type EventsNode = EventNode | GroupNode | LoadMoreNode | NoticeNode;

/** Escapes Markdown so record values (attacker-influenced: session names, user agents) render as text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** `arn:aws:iam::444455556666:user/alice` → `user/alice (444455556666)`; other labels unchanged. */
export function shortPrincipal(event: AssumeRoleEvent): string {
  const arn = event.principalArn;
  const m = arn ? /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(arn) : null;
  if (m) return `${m[2]} (${m[1]})`;
  return principalLabel(event);
}

export function roleName(roleArn: string | undefined): string {
  if (!roleArn) return '(role not recorded)';
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

export function iconOf(event: AssumeRoleEvent): EventIcon {
  if (event.errorCode !== undefined) return 'failure';
  if (lacksExternalId(event)) return 'noExternalId';
  return 'success';
}

function timeOf(event: AssumeRoleEvent, withDate: boolean): string {
  if (!event.eventTime) return '--:--:--';
  const [date, rest] = event.eventTime.split('T');
  const time = (rest ?? '').replace(/(\.\d+)?Z$/, '');
  return withDate ? `${date} ${time}` : time;
}

export function eventLabel(event: AssumeRoleEvent, groupBy: GroupBy): string {
  return `${timeOf(event, groupBy === 'role')}  ${event.sessionName ?? '(no session name)'}`;
}

export function eventDescription(event: AssumeRoleEvent): string {
  const parts = [shortPrincipal(event)];
  if (event.errorCode) parts.push(event.errorCode);
  else if (lacksExternalId(event)) parts.push('no ExternalId');
  return parts.join(' · ');
}

/** Every field of the record, as a Markdown table. */
export function eventTooltip(event: AssumeRoleEvent): string {
  const status = event.errorCode
    ? `❌ **Failed: ${escapeMarkdown(event.errorCode)}**`
    : lacksExternalId(event)
      ? '⚠️ **Succeeded without ExternalId**'
      : '✅ **Succeeded**';
  const rows: [string, string | number | boolean | undefined][] = [
    ['Time (UTC)', event.eventTime || undefined],
    ['Event ID', event.eventId || undefined],
    ['Region', event.region],
    ['Principal', event.principalArn ?? principalLabel(event)],
    ['Principal type', event.principalType],
    ['Principal account', event.principalAccountId],
    ['Caller role', event.sessionIssuerArn],
    ['Role', event.roleArn],
    ['Session name', event.sessionName],
    ['ExternalId', event.externalId ?? '(none)'],
    ['Source identity', event.sourceIdentity],
    ['Duration (s)', event.durationSeconds],
    [
      'MFA',
      event.mfaAuthenticated === undefined
        ? undefined
        : event.mfaAuthenticated
          ? `yes${event.mfaSerialNumber ? ` (${event.mfaSerialNumber})` : ''}`
          : 'no',
    ],
    ['Source IP', event.sourceIp],
    ['User agent', event.userAgent],
    ['Error code', event.errorCode],
    ['Error message', event.errorMessage],
    ['Issued access key', event.issuedAccessKeyId],
    ['Assumed-role ARN', event.assumedRoleArn],
    ['Recipient account', event.recipientAccountId],
  ];
  const lines = [status, '', '| Field | Value |', '|---|---|'];
  for (const [name, value] of rows) {
    if (value === undefined) continue;
    lines.push(`| ${name} | ${escapeMarkdown(String(value))} |`);
  }
  return lines.join('\n');
}

function toEventNode(event: AssumeRoleEvent, groupBy: GroupBy, index: number): EventNode {
  const icon = iconOf(event);
  return {
    type: 'event',
    id: `event:${event.eventId || `noid-${index}`}`,
    label: eventLabel(event, groupBy),
    description: eventDescription(event),
    tooltip: eventTooltip(event),
    icon,
    contextValue: icon === 'failure' ? 'assumeRoleEvent.failed' : 'assumeRoleEvent',
    event,
  };
}

function counts(events: AssumeRoleEvent[]): string {
  const failed = events.filter((e) => e.errorCode !== undefined).length;
  const noExternalId = countWithoutExternalId(events);
  const parts = [`${events.length} event${events.length === 1 ? '' : 's'}`];
  if (failed) parts.push(`${failed} failed`);
  if (noExternalId) parts.push(`${noExternalId} without ExternalId`);
  return parts.join(', ');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export class EventsModel {
  state: ViewState = { kind: 'idle' };
  /** Every loaded event (all regions), newest first, before the client-side filter. */
  events: AssumeRoleEvent[] = [];
  nextTokens: Record<string, string> = {};
  failures: RegionFailure[] = [];
  regions: string[] = [];
  window: TimeWindow | undefined;
  source: string | undefined;
  groupBy: GroupBy = 'day';
  filter: EventsFilter = { failedOnly: false, withoutExternalIdOnly: false };

  /** A new query starts: loading, and (unless loading more) nothing listed yet. */
  begin(regions: string[], window: TimeWindow, source: string, append = false): void {
    this.state = { kind: 'loading' };
    if (!append) {
      this.events = [];
      this.nextTokens = {};
      this.failures = [];
    }
    this.regions = regions;
    this.window = window;
    this.source = source;
  }

  /** Takes a lookup result; when every region failed, the first failure decides the state. */
  applyResult(result: LookupResult, append = false): void {
    this.events = append ? mergeEvents(this.events, result.events) : result.events;
    if (append) {
      // Regions that were continued and now end drop their token; others keep theirs.
      for (const region of Object.keys(this.nextTokens)) {
        if (result.pages[region] !== undefined && result.nextTokens[region] === undefined) delete this.nextTokens[region];
      }
      Object.assign(this.nextTokens, result.nextTokens);
    } else {
      this.nextTokens = { ...result.nextTokens };
    }
    this.failures = result.failures;
    const readRegions = Object.keys(result.pages).length;
    if (readRegions === 0 && result.failures.length > 0 && this.events.length === 0) {
      this.fail(result.failures[0]);
      return;
    }
    this.state = { kind: 'loaded' };
  }

  fail(failure: Pick<CloudTrailFailure, 'kind' | 'message'>): void {
    this.state = { kind: FAILURE_STATES[failure.kind] ?? 'error', message: failure.message };
  }

  get visibleEvents(): AssumeRoleEvent[] {
    return applyFilter(this.events, this.filter);
  }

  get canLoadMore(): boolean {
    return this.state.kind === 'loaded' && Object.keys(this.nextTokens).length > 0;
  }

  get isFiltered(): boolean {
    return this.filter.role !== undefined || this.filter.failedOnly || this.filter.withoutExternalIdOnly;
  }

  contextState(): ContextState {
    if (this.state.kind === 'loaded') return this.visibleEvents.length === 0 && this.failures.length === 0 ? 'empty' : 'loaded';
    return this.state.kind;
  }

  /** One line above the tree: what is listed, from where, and what is filtered out. */
  message(): string | undefined {
    switch (this.state.kind) {
      case 'idle':
        return undefined;
      case 'loading':
        return `Loading AssumeRole events from ${this.regions.join(', ')}…`;
      case 'no-credentials':
      case 'access-denied':
      case 'error':
        return this.state.message;
      case 'loaded': {
        const visible = this.visibleEvents;
        const windowText = this.window ? describeWindow(this.window) : '';
        const filters: string[] = [];
        if (this.filter.role) filters.push(`role ${roleName(this.filter.role)}`);
        if (this.filter.failedOnly) filters.push('failures only');
        if (this.filter.withoutExternalIdOnly) filters.push('without ExternalId only');
        let text = `${counts(visible)} in ${this.regions.join(', ')}, ${windowText}`;
        if (filters.length) text += ` (filtered: ${filters.join(', ')}; ${this.events.length} loaded)`;
        if (this.canLoadMore) text += '; more available';
        return text + '.';
      }
    }
  }

  /** The top level of the tree. */
  roots(): EventsNode[] {
    // While "load more" runs, what is already listed stays listed.
    const appending = this.state.kind === 'loading' && this.events.length > 0;
    if (this.state.kind !== 'loaded' && !appending) return [];
    const visible = this.visibleEvents;
    const nodes: EventsNode[] = this.failures.map((f) => ({
      type: 'notice' as const,
      id: `notice:${f.region}`,
      label: `${f.region}: not read`,
      tooltip: f.message,
    }));
    if (visible.length === 0 && this.failures.length === 0 && !this.canLoadMore) return [];
    nodes.push(...(this.groupBy === 'day' ? this.byDay(visible) : this.byRole(visible)));
    if (this.canLoadMore) {
      nodes.push({
        type: 'loadMore',
        id: 'loadMore',
        label: 'Load more…',
        description: `older events in ${Object.keys(this.nextTokens).join(', ')}`,
      });
    }
    return nodes;
  }

  private byDay(events: AssumeRoleEvent[]): GroupNode[] {
    const groups = new Map<string, AssumeRoleEvent[]>();
    for (const e of events) {
      const day = e.eventTime ? e.eventTime.slice(0, 10) : '';
      groups.set(day, [...(groups.get(day) ?? []), e]);
    }
    const days = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : b.localeCompare(a)));
    return days.map((day) => {
      const list = groups.get(day)!;
      const weekday = day ? WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] : '';
      return {
        type: 'group' as const,
        id: `day:${day || 'unknown'}`,
        label: day ? `${day} (${weekday})` : 'Unknown time',
        description: counts(list),
        tooltip: day ? `AssumeRole calls on ${day} (UTC): ${counts(list)}` : `Records without a readable time: ${counts(list)}`,
        children: list.map((e, i) => toEventNode(e, 'day', i)),
      };
    });
  }

  private byRole(events: AssumeRoleEvent[]): GroupNode[] {
    const groups = new Map<string, AssumeRoleEvent[]>();
    for (const e of events) {
      const key = e.roleArn ?? '';
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    // Events are newest first, so each group's first event is its latest; most recently used roles first.
    const keys = [...groups.keys()].sort((a, b) => {
      if (a === '' || b === '') return a === '' ? 1 : -1;
      const ta = groups.get(a)![0].eventTime;
      const tb = groups.get(b)![0].eventTime;
      return ta === tb ? a.localeCompare(b) : ta < tb ? 1 : -1;
    });
    return keys.map((key) => {
      const list = groups.get(key)!;
      const account = /^arn:[^:]+:iam::(\d{12}):/.exec(key)?.[1];
      return {
        type: 'group' as const,
        id: `role:${key || 'unknown'}`,
        label: roleName(key || undefined),
        description: `${account ? `${account} · ` : ''}${counts(list)}`,
        tooltip: key
          ? `${key}: ${counts(list)}`
          : `Records without a role ARN (e.g. failures CloudTrail logged without request parameters): ${counts(list)}`,
        children: list.map((e, i) => toEventNode(e, 'role', i)),
      };
    });
  }

  /** An event by id, for "open raw JSON" and "Explain". */
  find(eventId: string): AssumeRoleEvent | undefined {
    return this.events.find((e) => e.eventId === eventId);
  }

  /** Role ARNs among the loaded events, for the filter's quick pick. */
  knownRoles(): string[] {
    return [...new Set(this.events.map((e) => e.roleArn).filter((r): r is string => r !== undefined))].sort();
  }
}

/** Does this text look like a role trust policy (an Allow/Deny on sts:AssumeRole with a Principal)? */
export function looksLikeTrustPolicy(text: string): boolean {
  return (
    /"Statement"/.test(text) &&
    /"(Not)?Principal"/.test(text) &&
    /sts:(AssumeRole|\*)|"\*"/i.test(text) &&
    /"Action"|"NotAction"/.test(text)
  );
}

/**
 * Orders candidate trust policy files for an event: files that mention the role's name first (a file
 * named after the role before one that only mentions it), then by path.
 */
export function rankTrustPolicyFiles(
  files: { path: string; text: string }[],
  roleArn: string | undefined,
): { path: string; text: string }[] {
  const name = roleArn ? roleName(roleArn).toLowerCase() : undefined;
  const score = (f: { path: string; text: string }) => {
    if (!name) return 0;
    const base = f.path.slice(f.path.lastIndexOf('/') + 1).toLowerCase();
    if (base.includes(name)) return 2;
    if (f.text.toLowerCase().includes(name)) return 1;
    return 0;
  };
  return files.filter((f) => looksLikeTrustPolicy(f.text)).sort((a, b) => score(b) - score(a) || a.path.localeCompare(b.path));
}
