import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEventsConnection } from '../../../client/src/events/eventsSource';
import { ROLE_SESSION } from '../../support/roleSession';

describe('resolveEventsConnection', () => {
  const home = mkdtempSync(join(tmpdir(), 'iamlp-events-src-'));
  writeFileSync(join(home, 'config'), '[profile auditor]\nregion = eu-central-1\n');
  writeFileSync(join(home, 'credentials'), '[auditor]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n');
  const env = { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
  const session = ROLE_SESSION;
  after(() => rmSync(home, { recursive: true, force: true }));

  it('uses the active session’s credentials and region when a session is active', async () => {
    const c = resolveEventsConnection({ profile: 'auditor' }, session, env);
    assert.deepEqual(await c.credentials(), {
      accessKeyId: 'ASIASESSION',
      secretAccessKey: 'sk',
      sessionToken: 'tok',
      expiration: session.credentials.expiration,
    });
    assert.deepEqual(c.regions, ['eu-west-1', 'us-east-1']);
    assert.equal(c.description, 'role session arn:aws:sts::111122223333:assumed-role/Auditor/alice');
  });

  it('falls back to the configured profile and its region', async () => {
    const c = resolveEventsConnection({ profile: 'auditor' }, undefined, env);
    assert.equal((await c.credentials()).accessKeyId, 'AKIDPROFILE');
    assert.deepEqual(c.regions, ['eu-central-1', 'us-east-1']);
    assert.equal(c.description, 'profile "auditor"');
  });

  it('honours the regions setting and the endpoint setting over AWS_ENDPOINT_URL_CLOUDTRAIL', () => {
    const withEnv = { ...env, AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://127.0.0.1:4599' };
    assert.equal(resolveEventsConnection({ profile: 'auditor' }, undefined, withEnv).endpoint, 'http://127.0.0.1:4599');
    const c = resolveEventsConnection(
      { profile: 'auditor', cloudTrailEndpoint: 'http://localhost:4566/', regions: ['ap-south-1', ' ', 'ap-south-1'] },
      session,
      withEnv,
    );
    assert.equal(c.endpoint, 'http://localhost:4566');
    assert.deepEqual(c.regions, ['ap-south-1']);
  });

  it('rejects an endpoint setting that is not a URL', () => {
    assert.throws(() => resolveEventsConnection({ cloudTrailEndpoint: 'localhost:4566' }, session, env), /must start with http/);
  });
});
