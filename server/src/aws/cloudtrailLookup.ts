import type { LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleEvent, lacksExternalId, parseAssumeRoleEvent } from './assumeRoleEvent';
import { CloudTrailFailure, describeCloudTrailError } from './cloudtrailErrors';
import { limiterFor, RateLimiter, RetryOptions, withThrottlingRetry } from './cloudtrailRateLimit';
import { TimeWindow } from './cloudtrailWindow';
import { awsSdk } from './sdk';

/** LookupEvents returns at most 50 events per page. */
export const PAGE_SIZE = 50;

/** The slice of `CloudTrailClient` the lookup uses; tests may pass a fake, production passes the real client. */
export interface LookupEventsSender {
  send(command: LookupEventsCommand, options?: { abortSignal?: AbortSignal }): Promise<LookupEventsCommandOutput>;
}

export interface EventFilter {
  /** A role ARN, or a role name matched against the last path segment of the ARN. */
  role?: string;
  failedOnly?: boolean;
  withoutExternalIdOnly?: boolean;
}

export interface LookupOptions {
  regions: string[];
  window: TimeWindow;
  clientFor(region: string): LookupEventsSender;
  /** Defaults to the process-wide 2/s limiter of each region. */
  limiterFor?(region: string): RateLimiter;
  retry?: RetryOptions;
  /** Pages to read per region in this call; undefined reads every page. */
  maxPagesPerRegion?: number;
  /** Continue from these NextTokens (a "load more"); regions absent here are not queried. */
  resumeTokens?: Record<string, string>;
  signal?: AbortSignal;
  /** The endpoint override the clients use, named in failure sentences (else AWS's own of each region). */
  endpoint?: string;
  onPage?(region: string, eventsSoFar: number): void;
}

export interface RegionFailure extends CloudTrailFailure {
  region: string;
}

export interface LookupResult {
  /** Merged over regions, deduplicated by event id, newest first. */
  events: AssumeRoleEvent[];
  /** Regions with more pages, and the token to continue each. */
  nextTokens: Record<string, string>;
  failures: RegionFailure[];
  /** Pages fetched per region in this call. */
  pages: Record<string, number>;
}

/**
 * Lists `AssumeRole` events of every region in parallel (each region paced by its own limiter and
 * retried on throttling), following NextToken. A failing region does not lose the others: its
 * failure is reported next to the events that did arrive.
 */
export async function lookupAssumeRoleEvents(options: LookupOptions): Promise<LookupResult> {
  const regions = options.resumeTokens
    ? uniqueRegions(options.regions).filter((r) => options.resumeTokens![r] !== undefined)
    : uniqueRegions(options.regions);
  const result: LookupResult = { events: [], nextTokens: {}, failures: [], pages: {} };
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      try {
        return { region, ...(await lookupRegion(region, options)) };
      } catch (error) {
        if (options.signal?.aborted) throw error;
        return { region, error };
      }
    }),
  );
  const all: AssumeRoleEvent[] = [];
  for (const outcome of perRegion) {
    if ('error' in outcome) {
      result.failures.push({ ...describeCloudTrailError(outcome.error, outcome.region, options.endpoint), region: outcome.region });
      continue;
    }
    all.push(...outcome.events);
    result.pages[outcome.region] = outcome.pages;
    if (outcome.nextToken) result.nextTokens[outcome.region] = outcome.nextToken;
  }
  result.events = mergeEvents(all);
  return result;
}

async function lookupRegion(
  region: string,
  options: LookupOptions,
): Promise<{ events: AssumeRoleEvent[]; nextToken?: string; pages: number }> {
  const client = options.clientFor(region);
  const limiter = options.limiterFor ? options.limiterFor(region) : limiterFor(region);
  const events: AssumeRoleEvent[] = [];
  let token = options.resumeTokens?.[region];
  let pages = 0;
  do {
    if (options.maxPagesPerRegion !== undefined && pages >= options.maxPagesPerRegion) break;
    const input = {
      LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'AssumeRole' }],
      StartTime: options.window.start,
      EndTime: options.window.end,
      MaxResults: PAGE_SIZE,
      NextToken: token,
    };
    const page = await withThrottlingRetry(async () => {
      await limiter.acquire();
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      return client.send(new (awsSdk().LookupEventsCommand)(input), { abortSignal: options.signal });
    }, options.retry);
    pages++;
    for (const e of page.Events ?? []) {
      events.push(
        parseAssumeRoleEvent(e.CloudTrailEvent ?? {}, {
          eventId: e.EventId,
          eventTime: e.EventTime,
          region,
          username: e.Username,
          accessKeyId: e.AccessKeyId,
        }),
      );
    }
    options.onPage?.(region, events.length);
    token = page.NextToken || undefined;
  } while (token);
  return { events, nextToken: token, pages };
}

/** Region names as given, trimmed, without blanks or repeats: a region is read once. */
export function uniqueRegions(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** Newest first; equal times by event id so the order is stable across refreshes. */
export function compareNewestFirst(a: AssumeRoleEvent, b: AssumeRoleEvent): number {
  if (a.eventTime !== b.eventTime) return a.eventTime < b.eventTime ? 1 : -1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** Deduplicates by event id (the first copy wins) and sorts newest first. Records without an id are all kept. */
export function mergeEvents(...lists: AssumeRoleEvent[][]): AssumeRoleEvent[] {
  const seen = new Set<string>();
  const merged: AssumeRoleEvent[] = [];
  for (const list of lists) {
    for (const event of list) {
      if (event.eventId) {
        if (seen.has(event.eventId)) continue;
        seen.add(event.eventId);
      }
      merged.push(event);
    }
  }
  return merged.sort(compareNewestFirst);
}

/** True when the event's role matches `role` (an ARN, or a name compared with the ARN's last segment). */
export function matchesRole(event: AssumeRoleEvent, role: string): boolean {
  const wanted = role.trim();
  if (!wanted) return true;
  const arn = event.roleArn;
  if (!arn) return false;
  if (wanted.startsWith('arn:')) return arn === wanted;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return name === wanted;
}

export function applyFilter(events: AssumeRoleEvent[], filter: EventFilter): AssumeRoleEvent[] {
  return events.filter(
    (e) =>
      (!filter.role || matchesRole(e, filter.role)) &&
      (!filter.failedOnly || e.errorCode !== undefined) &&
      (!filter.withoutExternalIdOnly || lacksExternalId(e)),
  );
}

/** The regions to query by default: the active region, and us-east-1 where global STS calls are logged. */
export function defaultRegions(activeRegion: string | undefined): string[] {
  return uniqueRegions([activeRegion ?? 'us-east-1', 'us-east-1']);
}
