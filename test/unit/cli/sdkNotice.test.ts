import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { quietNodeVersionNotice } from '../../../server/src/cli/commands/sdkNotice';

describe("the AWS SDK's NodeVersionSupportWarning", () => {
  it("is switched off by the SDK's own switch, which a user's explicit value overrides", () => {
    const env: NodeJS.ProcessEnv = {};
    quietNodeVersionNotice(env);
    assert.equal(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, 'true');
    const chosen: NodeJS.ProcessEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' };
    quietNodeVersionNotice(chosen);
    assert.equal(chosen.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, 'false');
  });

  it('other warnings still reach stderr once the AWS commands are loaded', () => {
    const aws = join(__dirname, '..', '..', '..', 'server', 'src', 'cli', 'commands', 'aws.js');
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(aws)}); process.emitWarning('another warning'); new (require('@aws-sdk/client-sts').STSClient)({region:'us-east-1'})`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH }, cwd: join(__dirname, '..', '..', '..', '..') },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /another warning/);
    assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning/);
  });
});
