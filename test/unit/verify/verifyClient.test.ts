import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { policySourceArn, principalArnProblem } from '../../../server/src/aws/iamSimulate';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { TEMPLATE_FILE } from '../../../server/src/scenario/baseline';
import type { ActiveRoleSession } from '../../../client/src/session/activeSession';
import { baselineTemplateFile, brokenTwinFile, scenarioPolicyFiles } from '../../../client/src/verify/scenarioContent';
import { principalChoices, readVerifySettings, reportPath, verifyConnection } from '../../../client/src/verify/verifySetup';
import { POLICIES_DIR } from '../../support/scenarioPaths';

const ROLE = 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor';
const session: ActiveRoleSession = {
  credentials: {
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date(Date.now() + 3600_000),
  },
  roleArn: ROLE,
  assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/Role-IDSentinel-Auditor/alice',
  sessionName: 'alice',
  region: 'eu-west-1',
};
const noFiles = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

describe('verify: principal ARNs', () => {
  it('a role session becomes its role; users, groups and roles pass through', () => {
    assert.equal(policySourceArn(session.assumedRoleArn), ROLE);
    assert.equal(policySourceArn('arn:aws-us-gov:sts::111122223333:assumed-role/R/s'), 'arn:aws-us-gov:iam::111122223333:role/R');
    assert.equal(policySourceArn(' arn:aws:iam::111122223333:user/u '), 'arn:aws:iam::111122223333:user/u');
    assert.equal(principalArnProblem('arn:aws:iam::111122223333:group/g'), undefined);
    assert.match(principalArnProblem('arn:aws:iam::111122223333:root')!, /not the ARN of an IAM user, group or role/);
    assert.ok(principalArnProblem('Role-IDSentinel-Auditor'));
  });
});

describe('verify: VS Code setup without vscode', () => {
  it('reads and trims the settings', () => {
    const values: Record<string, unknown> = {
      'aws.profile': ' lab ',
      'aws.iamEndpoint': 'http://127.0.0.1:1/',
      'aws.region': '',
      'auditorRole.roleArn': 7,
    };
    assert.deepEqual(
      readVerifySettings((k) => values[k]),
      { profile: 'lab', region: undefined, iamEndpoint: 'http://127.0.0.1:1/', timeoutSeconds: undefined, roleArn: undefined },
    );
  });

  it('uses the active session: its credentials and region; the iamEndpoint setting, else AWS_ENDPOINT_URL_IAM', () => {
    const viaSetting = verifyConnection(
      session,
      { iamEndpoint: 'http://127.0.0.1:4566' },
      { ...noFiles, AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9' },
    );
    assert.deepEqual(viaSetting.credentials, {
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: session.credentials.expiration,
    });
    assert.equal(viaSetting.endpoint, 'http://127.0.0.1:4566');
    assert.equal(viaSetting.region, 'eu-west-1');
    assert.match(viaSetting.caller, /role session arn:aws:sts::111122223333:assumed-role/);
    assert.equal(verifyConnection(session, {}, { ...noFiles, AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9/' }).endpoint, 'http://127.0.0.1:9');
    assert.equal(verifyConnection(session, {}, noFiles).endpoint, undefined);
  });

  it('without a session, uses the profile / environment chain', async () => {
    const c = verifyConnection(
      undefined,
      {},
      { ...noFiles, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's', AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:7' },
    );
    assert.equal(c.caller, 'environment variables');
    assert.equal(c.endpoint, 'http://127.0.0.1:7');
    assert.equal(typeof c.credentials, 'function');
    const creds = await (c.credentials as () => Promise<{ accessKeyId: string }>)();
    assert.equal(creds.accessKeyId, 'AKIAEXAMPLE');
  });

  it('offers the session role, the user that assumed it, the baseline reporter, the setting and the last ARN, once each', () => {
    const withSource = { ...session, sourceArn: 'arn:aws:iam::111122223333:user/alice' };
    const choices = principalChoices(withSource, { roleArn: ROLE }, 'arn:aws:sts::111122223333:assumed-role/Other/s');
    assert.deepEqual(
      choices.map((c) => c.arn),
      [
        ROLE,
        'arn:aws:iam::111122223333:user/alice',
        'arn:aws:iam::111122223333:user/svc-idsentinel-reporter',
        'arn:aws:iam::111122223333:role/Other',
      ],
    );
    assert.equal(choices[0].label, 'role/Role-IDSentinel-Auditor');
    assert.deepEqual(principalChoices(undefined, { roleArn: 'not-an-arn' }), []);
  });

  it('names the report document after the principal', () => {
    assert.equal(reportPath(session.assumedRoleArn), '/Verify Least Privilege - Role-IDSentinel-Auditor.md');
  });
});

describe('verify: bundled scenario content for the walkthrough', () => {
  it('the bundled policies are the files of policies/', () => {
    for (const file of scenarioPolicyFiles()) assert.equal(file.text, readFileSync(join(POLICIES_DIR, file.name), 'utf8'), file.name);
    assert.equal(scenarioPolicyFiles().length, 4);
  });

  it('the broken twin is caught by trust-missing-external-id', () => {
    const twin = brokenTwinFile();
    const result = analyzePolicy(twin.text);
    assert.equal(result.kind, 'trust');
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['trust-missing-external-id'],
    );
  });

  it('the bundled template is the committed one', () => {
    assert.equal(baselineTemplateFile().text, readFileSync(join(POLICIES_DIR, TEMPLATE_FILE), 'utf8'));
  });
});
