import * as assert from 'node:assert/strict';
import { resolveConnection } from '../../../client/src/awsConnection';
import { ROLE_SESSION } from '../../support/roleSession';

const noFiles = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };
const session = { ...ROLE_SESSION, stsEndpoint: 'http://127.0.0.1:4599' };

describe('resolveConnection', () => {
  it('with a role session: its keys and region; STS calls go to the STS the session came from', () => {
    const sts = resolveConnection('sts', { profile: 'p', region: 'us-east-2', stsEndpoint: 'http://127.0.0.1:1' }, session, noFiles);
    assert.equal(sts.credentials, session.credentials);
    assert.equal(sts.region, 'eu-west-1');
    assert.equal(sts.endpoint, 'http://127.0.0.1:4599');
    assert.equal(sts.profile, undefined);
    assert.equal(sts.description, 'role session arn:aws:sts::111122223333:assumed-role/Auditor/alice');
    assert.equal(resolveConnection('sts', {}, { ...session, stsEndpoint: undefined }, noFiles).endpoint, undefined);
    assert.equal(resolveConnection('iam', { iamEndpoint: 'http://127.0.0.1:2/' }, session, noFiles).endpoint, 'http://127.0.0.1:2');
  });

  it('without a session: the profile / environment chain, and only the asked service’s endpoint setting', async () => {
    const env = { ...noFiles, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's' };
    const c = resolveConnection(
      'sts',
      { region: 'ap-south-1', stsEndpoint: 'http://127.0.0.1:3', iamEndpoint: 'not a url' },
      undefined,
      env,
    );
    assert.equal(c.region, 'ap-south-1');
    assert.equal(c.endpoint, 'http://127.0.0.1:3');
    assert.equal(c.description, 'environment variables');
    assert.equal(typeof c.credentials, 'function');
  });
});
