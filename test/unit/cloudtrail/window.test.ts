import * as assert from 'node:assert/strict';
import { describeWindow, MAX_WINDOW_MS, parseWindow, WindowError } from '../../../server/src/aws/cloudtrailWindow';

const NOW = new Date('2026-03-10T12:00:00Z');

describe('parseWindow', () => {
  it('defaults to the last 24 hours', () => {
    const w = parseWindow(undefined, NOW);
    assert.equal(w.end.toISOString(), NOW.toISOString());
    assert.equal(w.start.toISOString(), '2026-03-09T12:00:00.000Z');
  });
  it('reads minutes, hours, days and weeks', () => {
    assert.equal(parseWindow('30m', NOW).start.toISOString(), '2026-03-10T11:30:00.000Z');
    assert.equal(parseWindow('6h', NOW).start.toISOString(), '2026-03-10T06:00:00.000Z');
    assert.equal(parseWindow('7d', NOW).start.toISOString(), '2026-03-03T12:00:00.000Z');
    assert.equal(parseWindow('2w', NOW).start.toISOString(), '2026-02-24T12:00:00.000Z');
  });
  it('reads ISO dates and date-times', () => {
    assert.equal(parseWindow('2026-03-01', NOW).start.toISOString(), '2026-03-01T00:00:00.000Z');
    assert.equal(parseWindow('2026-03-09T08:30:00Z', NOW).start.toISOString(), '2026-03-09T08:30:00.000Z');
  });
  it('clamps to CloudTrail’s 90 days', () => {
    const w = parseWindow('365d', NOW);
    assert.equal(w.end.getTime() - w.start.getTime(), MAX_WINDOW_MS);
    assert.equal(parseWindow('2020-01-01', NOW).start.getTime(), NOW.getTime() - MAX_WINDOW_MS);
  });
  it('rejects nonsense, zero and future starts with a sentence', () => {
    assert.throws(() => parseWindow('yesterday', NOW), WindowError);
    assert.throws(() => parseWindow('0h', NOW), /longer than zero/);
    assert.throws(() => parseWindow('2027-01-01', NOW), /in the future/);
  });
  it('rejects absurd windows instead of sending an invalid date', () => {
    // 1e21 days overflows to an invalid Date; a century back is a typo, not a window.
    assert.throws(() => parseWindow('1000000000000000000000d', NOW), /over a century/);
    assert.throws(() => parseWindow('99999w', NOW), /over a century/);
    assert.throws(() => parseWindow('0001-01-01', NOW), /not a plausible date/);
    assert.equal(parseWindow('36500d', NOW).end.getTime() - parseWindow('36500d', NOW).start.getTime(), MAX_WINDOW_MS);
  });
});

describe('describeWindow', () => {
  it('says hours, days or a start time', () => {
    assert.equal(describeWindow(parseWindow('24h', NOW)), 'last 24 hours');
    assert.equal(describeWindow(parseWindow('7d', NOW)), 'last 7 days');
    assert.equal(describeWindow(parseWindow('2026-03-09T08:30:00Z', NOW)), 'since 2026-03-09 08:30 UTC');
  });
});
