import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { AccessDiffRunner } from '../../../client/src/diff/accessDiffRunner';
import { committedPolicies, keptCommittedFiles } from '../../../client/src/diff/accessDiffWorker';
import { accessSinceHead } from '../../../client/src/diff/accessSinceHead';
import { CommittedText } from '../../../client/src/diff/committedText';
import { policy } from '../../support/policyText';

const BASE = policy([{ Sid: 'Read', Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }]);
const withActions = (...actions: string[]) => policy([{ Sid: 'Read', Effect: 'Allow', Action: ['iam:Get*', ...actions], Resource: '*' }]);
const committed: CommittedText = { kind: 'committed', text: BASE };
const FILE = join('/work', 'policies', 'read.json');

/** A CloudFormation template of `roles` roles, each with an inline policy allowing `actions`. */
function stack(roles: number, actions: string): string {
  let text = 'Resources:\n';
  for (let i = 0; i < roles; i++)
    text += `  Role${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p${i}\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action: [${actions}]\n                Resource: '*'\n`;
  return text;
}

describe('the access code lens compares on a worker thread (accessDiffRunner)', function () {
  this.timeout(30_000);
  let runner: AccessDiffRunner;
  beforeEach(() => {
    runner = new AccessDiffRunner();
  });
  afterEach(() => runner.dispose());

  it('answers as accessSinceHead does, for a policy file and for a template', async () => {
    const text = withActions('iam:PassRole', 's3:GetObject');
    assert.deepEqual(await runner.compare(FILE, Promise.resolve(committed), text), accessSinceHead(FILE, committed, text));
    const template = join('/work', 'stack.yaml');
    const before: CommittedText = { kind: 'committed', text: stack(3, 's3:GetObject') };
    const after = stack(3, 's3:GetObject, iam:CreateUser');
    const answer = await runner.compare(template, Promise.resolve(before), after);
    assert.deepEqual(answer, accessSinceHead(template, before, after));
    assert.match(answer.lens ?? '', /IAM write/);
  });

  it("leaves the caller's thread free while it compares", async () => {
    const order: string[] = [];
    const answered = runner.compare(join('/work', 'big.yaml'), Promise.resolve({ kind: 'new' }), stack(400, 's3:GetObject')).then(() => {
      order.push('answer');
    });
    // On this thread, the comparison would run before any timer: the worker answers after one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    order.push('timer');
    await answered;
    assert.deepEqual(order, ['timer', 'answer']);
  });

  it("compares only a file's newest text behind the one running, and gives it to everyone who waits", async () => {
    const first = runner.compare(FILE, Promise.resolve(committed), withActions('s3:GetObject'));
    const second = runner.compare(FILE, Promise.resolve(committed), withActions('s3:GetObject', 's3:PutObject'));
    const third = runner.compare(FILE, Promise.resolve(committed), withActions('s3:GetObject', 's3:PutObject', 's3:DeleteObject'));
    assert.equal((await first).lens, '+1 action since HEAD');
    assert.equal((await second).lens, '+3 actions since HEAD', 'the second text was replaced by the third before it ran');
    assert.equal((await third).lens, '+3 actions since HEAD');
  });

  it('fails what a stopped worker owed, then starts another for the next comparison', async () => {
    const owed = runner.compare(FILE, Promise.resolve(committed), withActions('s3:GetObject'));
    await new Promise((resolve) => setImmediate(resolve));
    runner.dispose();
    await assert.rejects(owed, /stopped/);
    assert.equal((await runner.compare(FILE, Promise.resolve(committed), withActions('s3:GetObject'))).lens, '+1 action since HEAD');
  });

  it("compares on its own thread, with the worker's module, where no worker can be made", async () => {
    const noWorkers = new AccessDiffRunner(undefined, () => {
      throw new Error('worker threads are not available here');
    });
    try {
      const text = withActions('iam:PassRole');
      assert.deepEqual(await noWorkers.compare(FILE, Promise.resolve(committed), text), accessSinceHead(FILE, committed, text));
      assert.equal((await noWorkers.compare(FILE, Promise.resolve(committed), BASE)).lens, undefined);
    } finally {
      noWorkers.dispose();
    }
  });

  it('fails the comparison, not the extension, when the worker cannot run', async () => {
    const broken = new AccessDiffRunner(join(__dirname, 'no-such-worker.js'));
    try {
      await assert.rejects(broken.compare(FILE, Promise.resolve(committed), BASE), /no-such-worker|Cannot find module/);
    } finally {
      broken.dispose();
    }
  });

  it('keeps the committed sides of recent files up to 2 MB of text, and always the file compared', () => {
    const big = (n: number) => `{${' '.repeat(n)}}`;
    const first = committedPolicies('/w/a.json', BASE);
    assert.equal(committedPolicies('/w/a.json', BASE), first, 'the same committed text is read once');
    committedPolicies('/w/b.json', BASE);
    committedPolicies('/w/large-1.json', big(1_200_000));
    assert.deepEqual(keptCommittedFiles().slice(-3), ['/w/a.json', '/w/b.json', '/w/large-1.json']);
    committedPolicies('/w/large-2.json', big(1_200_000));
    assert.deepEqual(keptCommittedFiles(), ['/w/large-2.json'], 'the older files go first, down to what fits');
    committedPolicies('/w/huge.json', big(3_000_000));
    assert.deepEqual(keptCommittedFiles(), ['/w/huge.json']);
    assert.notEqual(committedPolicies('/w/a.json', BASE), first, 'a file let go is read again');
  });
});
