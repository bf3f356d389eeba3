// The AssumeRole Events view in the real extension host: its commands run through
// vscode.commands.executeCommand, its tree is read through the extension's API (client/src/api.ts,
// backed by the view's own data provider), against the loopback CloudTrail server of the tests
// (test/support/cloudTrailServer.ts), started here: this file runs in the extension host, a Node
// process on this machine, so the extension reaches 127.0.0.1 like the test does.
//
// Credentials: static keys in the extension host's environment (the view resolves the AWS context from
// process.env at each load); the server checks the key id. Settings: workspace settings of the run's
// copy of test/vscode/workspace, removed afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AssumeRoleEventsItem, IamLeastPrivilegeApi } from '../../client/src/api';
import { assumeRoleRecord, CloudTrailRecord, RunningCloudTrailServer, startCloudTrailServer } from '../support/cloudTrailServer';
import { activateExtension } from './support';

const ACCESS_KEY_ID = 'AKIAIAMLPINPROCESS01';
const SECRET_ACCESS_KEY = 'in-process-suite-not-a-secret';
const DEPLOY = 'arn:aws:iam::111122223333:role/Deploy';
const READ_ONLY = 'arn:aws:iam::111122223333:role/ReadOnly';

/** UTC calendar days before today, as YYYY-MM-DD: fixed times on them are in the past whatever the hour. */
function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}
const DAY1 = daysAgo(1);
const DAY2 = daysAgo(2);

const ID = {
  alice: '00000000-0000-4000-8000-00000000a001',
  ci: '00000000-0000-4000-8000-00000000a002',
  mallory: '00000000-0000-4000-8000-00000000a003',
  bob: '00000000-0000-4000-8000-00000000a004',
  audit: '00000000-0000-4000-8000-00000000a005',
};

/** Two regions interleaved in time, so "newest first" is a merge, not one region's order. */
function events(): Record<string, CloudTrailRecord[]> {
  const mallory = {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSER00002',
    arn: 'arn:aws:iam::444455556666:user/mallory',
    accountId: '444455556666',
    userName: 'mallory',
  };
  return {
    'us-east-1': [
      assumeRoleRecord({ eventID: ID.alice, eventTime: `${DAY1}T18:00:00Z` }),
      assumeRoleRecord({
        eventID: ID.mallory,
        eventTime: `${DAY1}T12:00:00Z`,
        errorCode: 'AccessDenied',
        errorMessage: `User: ${mallory.arn} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
        userIdentity: mallory,
        requestParameters: { roleArn: DEPLOY, roleSessionName: 'mallory-try', externalId: 'guess' },
        responseElements: null,
      }),
      assumeRoleRecord({
        eventID: ID.bob,
        eventTime: `${DAY2}T20:00:00Z`,
        requestParameters: { roleArn: READ_ONLY, roleSessionName: 'bob-readonly' }, // no ExternalId
      }),
    ],
    'eu-west-1': [
      assumeRoleRecord({
        eventID: ID.ci,
        eventTime: `${DAY1}T15:00:00Z`,
        awsRegion: 'eu-west-1',
        requestParameters: { roleArn: DEPLOY, roleSessionName: 'ci-pipeline', externalId: 'ext-7f3a' },
      }),
      assumeRoleRecord({
        eventID: ID.audit,
        eventTime: `${DAY2}T08:00:00Z`,
        awsRegion: 'eu-west-1',
        requestParameters: { roleArn: READ_ONLY, roleSessionName: 'audit-readonly', externalId: 'ext-9b1c' },
      }),
    ],
  };
}

/**
 * Sets a setting and waits (on onDidChangeConfiguration, no sleeps) until the extension host reads
 * it back: in the workspace, but the machine-scoped endpoints in the user's settings (a workspace
 * cannot set them).
 */
async function setSetting(key: string, value: unknown): Promise<void> {
  const section = 'iamLeastPrivilege';
  const global = /Endpoint$/.test(key);
  const read = () => {
    const inspected = vscode.workspace.getConfiguration(section).inspect(key);
    return global ? inspected?.globalValue : inspected?.workspaceValue;
  };
  const applied = () => JSON.stringify(read()) === JSON.stringify(value);
  const changed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`setting ${section}.${key} did not become ${JSON.stringify(value)} (is ${JSON.stringify(read())})`));
    }, 10_000);
    const subscription = vscode.workspace.onDidChangeConfiguration(() => {
      if (!applied()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
  await vscode.workspace
    .getConfiguration(section)
    .update(key, value, global ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace);
  if (!applied()) await changed;
}

const SETTINGS = ['aws.cloudTrailEndpoint', 'aws.region', 'aws.profile', 'events.regions', 'events.window'];
const ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
];

/** The view's API with events loaded from the loopback server (each test can run alone, e.g. with IAMLP_VSCODE_GREP). */
async function loaded(api: IamLeastPrivilegeApi) {
  const events = api.assumeRoleEvents;
  if (events.state().state !== 'loaded') await vscode.commands.executeCommand('iamLeastPrivilege.events.refresh');
  return events;
}

function eventIds(items: AssumeRoleEventsItem[]): string[] {
  return items.map((i) => i.eventId ?? `(${i.kind} ${i.id})`);
}

describe('AssumeRole Events view (commands and tree data)', function () {
  let api: IamLeastPrivilegeApi;
  let server: RunningCloudTrailServer;
  let denyingServer: RunningCloudTrailServer;
  const savedEnv: Record<string, string | undefined> = {};

  before(async () => {
    const extension = await activateExtension();
    api = extension.exports as IamLeastPrivilegeApi;
    assert.equal(api?.version, 1, 'activate() returns the API of client/src/api.ts');
    server = await startCloudTrailServer({ events: events(), knownAccessKeys: [ACCESS_KEY_ID] });
    denyingServer = await startCloudTrailServer({ events: events(), denyRegions: ['*'], knownAccessKeys: [ACCESS_KEY_ID] });
    for (const name of ENV) {
      savedEnv[name] = process.env[name];
      delete process.env[name];
    }
    process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY;
    await setSetting('aws.region', 'us-east-1');
    await setSetting('events.regions', ['us-east-1', 'eu-west-1']);
    await setSetting('events.window', '7d');
    await setSetting('aws.cloudTrailEndpoint', server.url);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('iamLeastPrivilege.events.groupByDay');
    for (const key of SETTINGS) await setSetting(key, undefined);
    for (const name of ENV) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    await Promise.all([server?.close(), denyingServer?.close()]);
  });

  it('lists the events of both regions newest first, grouped by UTC day, marking the failed call and the one without ExternalId', async () => {
    await vscode.commands.executeCommand('iamLeastPrivilege.events.groupByDay');
    await vscode.commands.executeCommand('iamLeastPrivilege.events.refresh');
    const events = api.assumeRoleEvents;
    const state = events.state();
    assert.equal(state.state, 'loaded', `state after refresh: ${JSON.stringify(state)}`);
    assert.match(state.message ?? '', /^5 events, 1 failed, 1 without ExternalId in us-east-1, eu-west-1/);
    assert.deepEqual([...new Set(server.requests.filter((r) => r.status === 200).map((r) => r.region))].sort(), ['eu-west-1', 'us-east-1']);
    assert.ok(
      server.requests.every((r) => r.accessKeyId === ACCESS_KEY_ID),
      'signed with the static key of the environment',
    );

    const roots = events.roots();
    assert.deepEqual(
      roots.map((r) => [r.kind, r.id, r.icon, r.collapsible]),
      [
        ['group', `day:${DAY1}`, 'calendar', true],
        ['group', `day:${DAY2}`, 'calendar', true],
      ],
    );
    assert.match(roots[0].label, new RegExp(`^${DAY1} \\(\\w{3}\\)$`));
    assert.equal(roots[0].description, '3 events, 1 failed');
    assert.equal(roots[1].description, '2 events, 1 without ExternalId');

    const day1 = events.children(roots[0]);
    const day2 = events.children(roots[1]);
    assert.deepEqual(eventIds(day1), [ID.alice, ID.ci, ID.mallory], 'newest first across regions');
    assert.deepEqual(eventIds(day2), [ID.bob, ID.audit]);
    assert.deepEqual(
      day1.map((e) => e.label),
      ['18:00:00  alice-deploy', '15:00:00  ci-pipeline', '12:00:00  mallory-try'],
    );

    const [alice, , mallory] = day1;
    assert.equal(mallory.icon, 'error', 'the failed call has the error icon');
    assert.equal(mallory.contextValue, 'assumeRoleEvent.failed', '…and the context value that offers Explain');
    assert.match(mallory.description ?? '', /AccessDenied$/);
    assert.equal(alice.icon, 'pass');
    assert.equal(alice.contextValue, 'assumeRoleEvent');

    const [bob, audit] = day2;
    assert.equal(bob.icon, 'warning', 'a call without ExternalId is flagged');
    assert.match(bob.description ?? '', /no ExternalId$/);
    assert.equal(bob.contextValue, 'assumeRoleEvent');
    assert.equal(audit.icon, 'pass');

    for (const item of [...day1, ...day2]) {
      assert.equal(item.command, 'iamLeastPrivilege.events.openEvent', `a click on ${item.label} opens the raw event`);
      assert.equal(item.collapsible, false);
      assert.deepEqual(events.children(item), []);
    }
  });

  it('groups by role when toggled, most recently assumed role first, and back by day', async () => {
    const events = await loaded(api);
    await vscode.commands.executeCommand('iamLeastPrivilege.events.groupByRole');
    assert.equal(events.state().groupBy, 'role');
    const roots = events.roots();
    assert.deepEqual(
      roots.map((r) => [r.id, r.label, r.icon, r.description]),
      [
        [`role:${DEPLOY}`, 'Deploy', 'shield', '111122223333 · 3 events, 1 failed'],
        [`role:${READ_ONLY}`, 'ReadOnly', 'shield', '111122223333 · 2 events, 1 without ExternalId'],
      ],
    );
    assert.deepEqual(eventIds(events.children(roots[0])), [ID.alice, ID.ci, ID.mallory]);
    assert.deepEqual(eventIds(events.children(roots[1])), [ID.bob, ID.audit]);
    // Grouped by role, a row spans days, so its label carries the date.
    assert.equal(events.children(roots[0])[0].label, `${DAY1} 18:00:00  alice-deploy`);

    await vscode.commands.executeCommand('iamLeastPrivilege.events.groupByDay');
    assert.equal(events.state().groupBy, 'day');
    assert.deepEqual(
      events.roots().map((r) => r.id),
      [`day:${DAY1}`, `day:${DAY2}`],
    );
  });

  it('opens an event as a read-only JSON document holding the raw CloudTrail record', async () => {
    const events = await loaded(api);
    const mallory = events.children(events.roots()[0]).find((e) => e.eventId === ID.mallory);
    assert.ok(mallory?.command && mallory.eventId, 'the failed event is listed');
    await vscode.commands.executeCommand(mallory.command, mallory.eventId);

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is active');
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'iamlp-event', 'a virtual document of the extension (no file behind it)');
    assert.equal(doc.uri.path, `/us-east-1/${ID.mallory}.json`);
    assert.equal(doc.languageId, 'json');
    const record = JSON.parse(doc.getText()) as Record<string, unknown>;
    assert.equal(record.eventID, ID.mallory);
    assert.equal(record.errorCode, 'AccessDenied');
    assert.equal((record.requestParameters as Record<string, unknown>).roleArn, DEPLOY);

    // Read-only: typing into the editor (the `type` command, what a keystroke runs) changes nothing,
    // and no file system backs the scheme, so there is nothing to save. (Extension API edits are not
    // what read-only is about: VS Code applies them to virtual documents too.)
    // Control first: the same keystroke does type into a writable editor here (focus is in the editor).
    const control = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: '' }));
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(control.document.getText(), 'typed', 'control: `type` reaches a writable editor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const before = doc.getText();
    await vscode.window.showTextDocument(doc, { preview: true });
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(doc.getText(), before, 'typing into the raw event changes nothing');
    assert.equal(doc.isDirty, false);
    assert.equal(vscode.workspace.fs.isWritableFileSystem('iamlp-event'), undefined, 'no file system provider: it cannot be saved');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows the access-denied state when the credentials may not call cloudtrail:LookupEvents, and recovers', async () => {
    const events = api.assumeRoleEvents;
    await setSetting('aws.cloudTrailEndpoint', denyingServer.url);
    await events.refresh();
    const denied = events.state();
    assert.equal(denied.state, 'accessDenied', JSON.stringify(denied));
    assert.match(denied.message ?? '', /cloudtrail:LookupEvents/);
    assert.deepEqual(events.roots(), [], 'nothing is listed; the welcome text of the state explains');
    assert.ok(
      denyingServer.requests.some((r) => r.status === 400),
      'the denying server was asked',
    );

    await setSetting('aws.cloudTrailEndpoint', server.url);
    await vscode.commands.executeCommand('iamLeastPrivilege.events.refresh');
    assert.equal(events.state().state, 'loaded');
    assert.equal(events.roots().length, 2);
  });

  it('shows the no-credentials state without keys, without calling CloudTrail', async () => {
    const events = api.assumeRoleEvents;
    const asked = server.requests.length;
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    // No profile either: point the SDK's shared files at nothing.
    const files = {
      config: process.env.AWS_CONFIG_FILE,
      credentials: process.env.AWS_SHARED_CREDENTIALS_FILE,
      imds: process.env.AWS_EC2_METADATA_DISABLED,
    };
    process.env.AWS_CONFIG_FILE = '/nonexistent/iamlp-in-process/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/iamlp-in-process/credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      await events.refresh();
      const state = events.state();
      assert.equal(state.state, 'noCredentials', JSON.stringify(state));
      assert.deepEqual(events.roots(), []);
      assert.equal(server.requests.length, asked, 'no LookupEvents call without credentials');
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      for (const [name, value] of [
        ['AWS_CONFIG_FILE', files.config],
        ['AWS_SHARED_CREDENTIALS_FILE', files.credentials],
        ['AWS_EC2_METADATA_DISABLED', files.imds],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
