import * as assert from 'node:assert/strict';
import { resolveCredentials } from '../../../server/src/aws/credentials';
import { AwsFailure } from '../../../server/src/aws/errors';
import { tempAwsConfig, TempAwsConfig } from '../../support/awsTempConfig';

const CONFIG = `
[profile reporter]
region = eu-west-1
[profile other]
[profile needs-mfa]
role_arn = arn:aws:iam::111122223333:role/R
source_profile = reporter
mfa_serial = arn:aws:iam::111122223333:mfa/svc
`;
const CREDENTIALS = `
[default]
aws_access_key_id = AKIADEFAULT000000001
aws_secret_access_key = defaultSecret
[reporter]
aws_access_key_id = AKIAREPORTER00000001
aws_secret_access_key = reporterSecret
[other]
aws_access_key_id = AKIAOTHER00000000001
aws_secret_access_key = otherSecret
`;

describe('aws/credentials', () => {
  let tmp: TempAwsConfig;
  beforeEach(() => (tmp = tempAwsConfig(CONFIG, CREDENTIALS)));
  afterEach(() => tmp.remove());

  const envKeys = { AWS_ACCESS_KEY_ID: 'AKIAENV0000000000001', AWS_SECRET_ACCESS_KEY: 'envSecret', AWS_SESSION_TOKEN: 'envToken' };

  it('prefers an explicit profile over env keys and AWS_PROFILE', async () => {
    const source = resolveCredentials({ profile: 'reporter', env: { ...tmp.env, ...envKeys, AWS_PROFILE: 'other' } });
    assert.equal(source.kind, 'profile');
    assert.equal((await source.provider()).accessKeyId, 'AKIAREPORTER00000001');
  });

  it('then env keys (with session token) over AWS_PROFILE', async () => {
    const source = resolveCredentials({ env: { ...tmp.env, ...envKeys, AWS_PROFILE: 'other' } });
    assert.equal(source.kind, 'env');
    const creds = await source.provider();
    assert.equal(creds.accessKeyId, 'AKIAENV0000000000001');
    assert.equal(creds.sessionToken, 'envToken');
  });

  it('then AWS_PROFILE, then the default profile', async () => {
    assert.equal((await resolveCredentials({ env: { ...tmp.env, AWS_PROFILE: 'other' } }).provider()).accessKeyId, 'AKIAOTHER00000000001');
    const fallback = resolveCredentials({ env: tmp.env });
    assert.equal(fallback.profile, 'default');
    assert.equal((await fallback.provider()).accessKeyId, 'AKIADEFAULT000000001');
  });

  it('re-reads the files: a key changed on disk is picked up by the next call', async () => {
    const source = resolveCredentials({ profile: 'other', env: tmp.env });
    assert.equal((await source.provider()).accessKeyId, 'AKIAOTHER00000000001');
    tmp.write(CONFIG, CREDENTIALS.replace('AKIAOTHER00000000001', 'AKIAOTHERROTATED0001'));
    assert.equal((await resolveCredentials({ profile: 'other', env: tmp.env }).provider()).accessKeyId, 'AKIAOTHERROTATED0001');
  });

  it('fails with a sentence for an unknown profile and for half-set env keys', async () => {
    await assert.rejects(
      resolveCredentials({ profile: 'nope', env: tmp.env }).provider(),
      (err: unknown) => err instanceof AwsFailure && err.kind === 'no-credentials' && /Profile "nope" is not defined in/.test(err.message),
    );
    await assert.rejects(
      resolveCredentials({ env: { ...tmp.env, AWS_ACCESS_KEY_ID: 'AKIAONLY' } }).provider(),
      /Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
  });

  it('asks for an MFA code for a role profile with mfa_serial, and says so when nobody can answer', async () => {
    await assert.rejects(
      resolveCredentials({ profile: 'needs-mfa', env: tmp.env }).provider(),
      /requires an MFA code for arn:aws:iam::111122223333:mfa\/svc/,
    );
    const asked: string[] = [];
    await assert.rejects(
      resolveCredentials({
        profile: 'needs-mfa',
        env: tmp.env,
        mfaCodeProvider: async (serial) => {
          asked.push(serial);
          throw new Error('cancelled');
        },
      }).provider(),
      /cancelled/,
    );
    assert.deepEqual(asked, ['arn:aws:iam::111122223333:mfa/svc']);
  });
});
