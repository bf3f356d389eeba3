import * as assert from 'node:assert/strict';
import { readEventsSettings } from '../../../client/src/events/eventsSource';
import { callLimitsOf, readAwsSettings } from '../../../client/src/settings';

describe('client settings', () => {
  it('reads every AWS setting trimmed; empty or mistyped values are not set', () => {
    const values: Record<string, unknown> = {
      'aws.profile': ' auditor ',
      'aws.region': '   ',
      'aws.stsEndpoint': 'http://127.0.0.1:1',
      'aws.cloudTrailEndpoint': 42,
    };
    assert.deepEqual(
      readAwsSettings((k) => values[k]),
      {
        profile: 'auditor',
        region: undefined,
        stsEndpoint: 'http://127.0.0.1:1',
        cloudTrailEndpoint: undefined,
        iamEndpoint: undefined,
        timeoutSeconds: undefined,
      },
    );
  });

  it('the timeout setting: positive seconds up to an hour, else the AWS layer default', () => {
    const timeout = (value: unknown) => readAwsSettings((k) => (k === 'aws.timeoutSeconds' ? value : undefined)).timeoutSeconds;
    assert.equal(timeout(12), 12);
    assert.equal(timeout(0.5), 0.5);
    for (const bad of [0, -1, 3601, Number.NaN, '', 'x', null]) assert.equal(timeout(bad), undefined, String(bad));
    const signal = new AbortController().signal;
    assert.deepEqual(callLimitsOf({ timeoutSeconds: 12 }, signal), { timeoutMs: 12_000, signal });
    assert.deepEqual(callLimitsOf({}), {});
  });

  it('the events view: its regions and window, with the 24h default', () => {
    const values: Record<string, unknown> = { 'aws.cloudTrailEndpoint': ' http://localhost:4566 ', 'events.regions': ['eu-west-1', 7] };
    assert.deepEqual(
      readEventsSettings((k) => values[k]),
      {
        profile: undefined,
        region: undefined,
        cloudTrailEndpoint: 'http://localhost:4566',
        timeoutSeconds: undefined,
        regions: ['eu-west-1'],
        window: '24h',
      },
    );
    assert.deepEqual(readEventsSettings(() => undefined).regions, []);
  });
});
