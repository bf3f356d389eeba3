import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { credentialEnv, credentialProcessJson, credentialsJson, envExports } from '../../../server/src/aws/credentialExports';

const CREDS = {
  accessKeyId: 'ASIAEXAMPLEKEY123456',
  secretAccessKey: "se/cr+et=with'quote",
  sessionToken: 'IQoJb3JpZ2luX2VjEtoken/+=',
  expiration: new Date('2026-03-04T06:06:07Z'),
};

describe('aws/credentialExports', () => {
  it('builds the environment of a role terminal', () => {
    assert.deepEqual(credentialEnv(CREDS, 'eu-west-1'), {
      AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      AWS_SESSION_TOKEN: CREDS.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: '2026-03-04T06:06:07.000Z',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    assert.equal(credentialEnv(CREDS).AWS_REGION, undefined);
  });

  it('prints POSIX exports that a real shell evaluates back to the same values', function () {
    const text = envExports(CREDS);
    assert.match(text, /^unset AWS_PROFILE$/m);
    assert.match(text, /^export AWS_ACCESS_KEY_ID=ASIAEXAMPLEKEY123456$/m);
    assert.match(text, /^export AWS_SESSION_TOKEN=/m);
    let out: string;
    try {
      out = execFileSync(
        'sh',
        ['-c', `${text}\nprintf '%s\\n%s\\n%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"`],
        { encoding: 'utf8', env: { PATH: process.env.PATH, AWS_PROFILE: 'x' } },
      );
    } catch {
      this.skip();
      return;
    }
    assert.deepEqual(out.split('\n'), [CREDS.accessKeyId, CREDS.secretAccessKey, CREDS.sessionToken]);
  });

  it('prints fish, PowerShell and cmd variants', () => {
    assert.match(envExports(CREDS, { shell: 'fish' }), /^set -gx AWS_ACCESS_KEY_ID ASIAEXAMPLEKEY123456$/m);
    assert.match(envExports(CREDS, { shell: 'powershell' }), /^\$Env:AWS_SECRET_ACCESS_KEY = 'se\/cr\+et=with''quote'$/m);
    assert.match(envExports(CREDS, { shell: 'cmd' }), /^set AWS_SESSION_TOKEN=IQoJ/m);
  });

  it('prints the json and credential_process shapes', () => {
    assert.deepEqual(JSON.parse(credentialsJson({ credentials: CREDS, assumedRoleArn: 'arn:aws:sts::1:assumed-role/R/s' })), {
      AccessKeyId: CREDS.accessKeyId,
      SecretAccessKey: CREDS.secretAccessKey,
      SessionToken: CREDS.sessionToken,
      Expiration: '2026-03-04T06:06:07.000Z',
      AssumedRoleArn: 'arn:aws:sts::1:assumed-role/R/s',
    });
    assert.deepEqual(JSON.parse(credentialProcessJson(CREDS)), {
      Version: 1,
      AccessKeyId: CREDS.accessKeyId,
      SecretAccessKey: CREDS.secretAccessKey,
      SessionToken: CREDS.sessionToken,
      Expiration: '2026-03-04T06:06:07.000Z',
    });
  });
});
