/**
 * The time window of a LookupEvents query. CloudTrail keeps 90 days of management events, so a window
 * reaches back at most 90 days; the default is the last 24 hours.
 */

export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Further back than this is a typo, not a window: refused rather than silently clamped to 90 days. */
const ABSURD_WINDOW_MS = 100 * 365 * 24 * 60 * 60 * 1000;

const UNIT_MS: Record<string, number> = {
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
};

/** Thrown for a `--since` / window value that cannot be read; its message is one sentence. */
export class WindowError extends Error {}

/**
 * Reads `24h`, `7d`, `90d`, `30m`, `2w` or an ISO date/time, relative to `now`. Windows longer than
 * 90 days are clamped to 90 days (CloudTrail has nothing older); a start in the future, or over a
 * century back (a typo), is an error.
 */
export function parseWindow(value: string | undefined, now: Date = new Date()): TimeWindow {
  const end = new Date(now.getTime());
  if (value === undefined || value.trim() === '') return { start: new Date(end.getTime() - DEFAULT_WINDOW_MS), end };
  const text = value.trim();
  const relative = /^(\d+)\s*([mhdw])$/i.exec(text);
  let start: Date;
  if (relative) {
    const amount = Number(relative[1]);
    if (amount <= 0) throw new WindowError(`the window "${value}" must be longer than zero`);
    const ms = amount * UNIT_MS[relative[2].toLowerCase()];
    if (!Number.isFinite(ms) || ms > ABSURD_WINDOW_MS) {
      throw new WindowError(`the window "${value}" reaches back over a century; CloudTrail keeps 90 days (e.g. 90d)`);
    }
    start = new Date(end.getTime() - ms);
  } else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    start = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(' ', 'T'));
    if (Number.isNaN(start.getTime()) || end.getTime() - start.getTime() > ABSURD_WINDOW_MS) {
      throw new WindowError(`"${value}" is not a plausible date: CloudTrail keeps 90 days`);
    }
    if (start.getTime() >= end.getTime()) throw new WindowError(`"${value}" is in the future`);
  } else {
    throw new WindowError(`"${value}" is neither a duration (24h, 7d, 90d) nor an ISO date`);
  }
  const earliest = end.getTime() - MAX_WINDOW_MS;
  if (start.getTime() < earliest) start = new Date(earliest);
  return { start, end };
}

/** "last 24 hours", "last 7 days", or "since 2026-01-02 10:00 UTC", for view descriptions. */
export function describeWindow(window: TimeWindow): string {
  const ms = window.end.getTime() - window.start.getTime();
  const hours = Math.round(ms / UNIT_MS.h);
  if (hours <= 48 && Math.abs(ms - hours * UNIT_MS.h) < 60 * 1000) return hours === 1 ? 'last hour' : `last ${hours} hours`;
  const days = Math.round(ms / UNIT_MS.d);
  if (Math.abs(ms - days * UNIT_MS.d) < 60 * 1000) return days === 1 ? 'last day' : `last ${days} days`;
  return `since ${window.start.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
