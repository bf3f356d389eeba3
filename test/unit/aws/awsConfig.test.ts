import * as assert from 'node:assert/strict';
import { awsConfigPaths, loadAwsProfiles, parseIni, profileKind, roleProfiles } from '../../../server/src/aws/awsConfig';
import { tempAwsConfig, TempAwsConfig } from '../../support/awsTempConfig';

const CONFIG = `
# comment
[default]
region = eu-west-1

[profile reporter]
region = eu-central-1   ; trailing comment
s3 =
  max_concurrent_requests = 20

[profile auditor]
role_arn = arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor
source_profile = reporter
external_id = IDSentinel-Lab-2026
duration_seconds = 1800
role_session_name = audit-run
mfa_serial = arn:aws:iam::111122223333:mfa/svc

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
`;
const CREDENTIALS = `
[reporter]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret/with+chars=
`;

describe('aws/awsConfig', () => {
  let tmp: TempAwsConfig;
  beforeEach(() => (tmp = tempAwsConfig(CONFIG, CREDENTIALS)));
  afterEach(() => tmp.remove());

  it('parses comments, trailing comments and indented sub-sections', () => {
    const ini = parseIni(CONFIG);
    assert.equal(ini['profile reporter'].region, 'eu-central-1');
    assert.equal(ini['profile reporter']['s3.max_concurrent_requests'], '20');
    assert.equal(ini['sso-session corp'].sso_start_url, 'https://example.awsapps.com/start');
  });

  it('reads sections and keys named like Object.prototype members as its own, touching no prototype', () => {
    const ini = parseIni('[__proto__]\npolluted = yes\n[constructor]\nregion = eu-west-1\n[profile dev]\n__proto__ = x\nconstructor = y\n');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object as unknown as Record<string, unknown>).region, undefined);
    const own = (object: object, key: string) => Object.getOwnPropertyDescriptor(object, key)?.value;
    assert.deepEqual(Object.keys(ini), ['__proto__', 'constructor', 'profile dev']);
    assert.equal(own(ini, '__proto__').polluted, 'yes');
    assert.equal(own(ini, 'constructor').region, 'eu-west-1');
    assert.deepEqual([own(ini['profile dev'], '__proto__'), own(ini['profile dev'], 'constructor')], ['x', 'y']);
  });

  it('merges config and credentials files by profile name, from AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', () => {
    const profiles = loadAwsProfiles(tmp.env);
    assert.deepEqual([...profiles.keys()].sort(), ['auditor', 'default', 'reporter', 'sso-dev']);
    const reporter = profiles.get('reporter')!;
    assert.deepEqual(reporter.definedIn, ['config', 'credentials']);
    assert.equal(reporter.settings.aws_access_key_id, 'AKIAEXAMPLE');
    assert.equal(reporter.settings.aws_secret_access_key, 'secret/with+chars=');
    assert.equal(profileKind(reporter), 'static');
    assert.equal(profileKind(profiles.get('sso-dev')!), 'sso');
    assert.equal(profileKind(profiles.get('auditor')!), 'role');
  });

  it('lists role profiles with everything they declare', () => {
    assert.deepEqual(roleProfiles(loadAwsProfiles(tmp.env)), [
      {
        profile: 'auditor',
        roleArn: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor',
        sourceProfile: 'reporter',
        credentialSource: undefined,
        externalId: 'IDSentinel-Lab-2026',
        mfaSerial: 'arn:aws:iam::111122223333:mfa/svc',
        durationSeconds: 1800,
        roleSessionName: 'audit-run',
        region: undefined,
      },
    ]);
  });

  it('uses ~/.aws when the variables are not set, and tolerates missing files', () => {
    const paths = awsConfigPaths({ HOME: '/home/someone' });
    assert.equal(paths.configFile, '/home/someone/.aws/config');
    assert.equal(paths.credentialsFile, '/home/someone/.aws/credentials');
    assert.equal(loadAwsProfiles({ HOME: '/nonexistent-dir' }).size, 0);
  });
});
