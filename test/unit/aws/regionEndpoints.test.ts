import * as assert from 'node:assert/strict';
import { endpointFor } from '../../../server/src/aws/endpoints';
import { AwsFailure } from '../../../server/src/aws/errors';
import { resolveRegion } from '../../../server/src/aws/region';
import { tempAwsConfig, TempAwsConfig } from '../../support/awsTempConfig';

const CONFIG = `
[default]
region = eu-west-1
[profile local]
region = ap-southeast-2
services = localstack
[profile direct]
endpoint_url = http://localhost:4566
[services localstack]
sts =
  endpoint_url = http://localhost:4566/sts
`;

describe('aws/region and aws/endpoints', () => {
  let tmp: TempAwsConfig;
  beforeEach(() => (tmp = tempAwsConfig(CONFIG, '')));
  afterEach(() => tmp.remove());

  it('resolves the region: explicit, AWS_REGION, AWS_DEFAULT_REGION, profile, fallback', () => {
    const env = { ...tmp.env, AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' };
    assert.deepEqual(resolveRegion({ region: 'eu-north-1', env }), { region: 'eu-north-1', source: 'explicit' });
    assert.deepEqual(resolveRegion({ env }), { region: 'us-west-2', source: 'AWS_REGION' });
    assert.deepEqual(resolveRegion({ env: { ...tmp.env, AWS_DEFAULT_REGION: 'us-east-2' } }), {
      region: 'us-east-2',
      source: 'AWS_DEFAULT_REGION',
    });
    assert.deepEqual(resolveRegion({ profile: 'local', env: tmp.env }), { region: 'ap-southeast-2', source: 'profile' });
    assert.deepEqual(resolveRegion({ env: { ...tmp.env, AWS_PROFILE: 'local' } }), { region: 'ap-southeast-2', source: 'profile' });
    assert.deepEqual(resolveRegion({ env: tmp.env }), { region: 'eu-west-1', source: 'profile' });
    assert.deepEqual(resolveRegion({ env: { AWS_CONFIG_FILE: '/nonexistent' } }), { region: 'us-east-1', source: 'fallback' });
  });

  it('resolves endpoints: setting, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, config file', () => {
    const env = { ...tmp.env, AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1111', AWS_ENDPOINT_URL: 'http://127.0.0.1:2222' };
    assert.deepEqual(endpointFor('sts', { sts: 'http://127.0.0.1:3333/' }, env), {
      url: 'http://127.0.0.1:3333',
      source: 'the endpoint setting',
    });
    assert.deepEqual(endpointFor('sts', {}, env), { url: 'http://127.0.0.1:1111', source: 'AWS_ENDPOINT_URL_STS' });
    assert.deepEqual(endpointFor('cloudtrail', {}, env), { url: 'http://127.0.0.1:2222', source: 'AWS_ENDPOINT_URL' });
    assert.equal(endpointFor('sts', { sts: '' }, tmp.env), undefined);
    assert.equal(endpointFor('sts', {}, tmp.env, 'local')?.url, 'http://localhost:4566/sts');
    assert.equal(endpointFor('iam', {}, tmp.env, 'local'), undefined);
    assert.equal(endpointFor('iam', {}, { ...tmp.env, AWS_PROFILE: 'direct' })?.url, 'http://localhost:4566');
    assert.equal(endpointFor('sts', {}, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), undefined);
  });

  it('rejects an endpoint that is not an http(s) URL with a sentence naming its source', () => {
    assert.throws(
      () => endpointFor('sts', { sts: 'localhost:4566' }, tmp.env),
      (err: unknown) => err instanceof AwsFailure && /http:\/\/ or https:\/\//.test(err.message) && /setting/.test(err.message),
    );
    assert.throws(() => endpointFor('sts', {}, { ...tmp.env, AWS_ENDPOINT_URL_STS: 'not a url' }), /AWS_ENDPOINT_URL_STS is not a URL/);
  });
});
