import * as assert from 'node:assert/strict';
import { parseAssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import { LookupResult } from '../../../server/src/aws/cloudtrailLookup';
import { parseWindow } from '../../../server/src/aws/cloudtrailWindow';
import {
  escapeMarkdown,
  EventNode,
  EventsModel,
  GroupNode,
  looksLikeTrustPolicy,
  rankTrustPolicyFiles,
  shortPrincipal,
} from '../../../client/src/events/eventsModel';
import { fixture } from '../../support/cloudtrailFixtures';

const NOW = new Date('2026-03-02T12:00:00Z');
const alice = parseAssumeRoleEvent(fixture('success-external-id.json')); // 03-02 09:15 Deploy, us-east-1
const bob = parseAssumeRoleEvent(fixture('success-no-external-id.json')); // 03-02 08:03 ReadOnly, no ExternalId
const mallory = parseAssumeRoleEvent(fixture('failure-access-denied.json')); // 03-02 10:41 Deploy, AccessDenied
const carol = parseAssumeRoleEvent(fixture('failure-null-parameters.json')); // 03-01 22:00, no role
const all = [mallory, alice, bob, carol];

function result(partial: Partial<LookupResult> = {}): LookupResult {
  return { events: all, nextTokens: {}, failures: [], pages: { 'us-east-1': 1, 'eu-west-1': 1 }, ...partial };
}

function loaded(partial: Partial<LookupResult> = {}): EventsModel {
  const model = new EventsModel();
  model.begin(['us-east-1', 'eu-west-1'], parseWindow('24h', NOW), 'profile "auditor"');
  model.applyResult(result(partial));
  return model;
}

describe('EventsModel', () => {
  it('starts idle and shows a loading state while a query runs', () => {
    const model = new EventsModel();
    assert.equal(model.contextState(), 'idle');
    assert.deepEqual(model.roots(), []);
    model.begin(['us-east-1'], parseWindow('24h', NOW), 'profile "auditor"');
    assert.equal(model.contextState(), 'loading');
    assert.equal(model.message(), 'Loading AssumeRole events from us-east-1…');
  });

  it('groups by UTC day, newest day first, with counts', () => {
    const roots = loaded().roots() as GroupNode[];
    assert.deepEqual(
      roots.map((g) => g.label),
      ['2026-03-02 (Mon)', '2026-03-01 (Sun)'],
    );
    assert.equal(roots[0].description, '3 events, 1 failed, 1 without ExternalId');
    assert.deepEqual(
      roots[0].children.map((c) => c.label),
      ['10:41:12  mallory-try', '09:15:04  alice-deploy', '08:03:40  bob-readonly'],
    );
    assert.equal(roots[1].children[0].label, '22:00:01  (no session name)');
  });

  it('labels events with time, session and principal, and picks an icon per outcome', () => {
    const [day] = loaded().roots() as GroupNode[];
    const [m, a, b] = day.children;
    assert.equal(a.description, 'user/alice (444455556666)');
    assert.equal(a.icon, 'success');
    assert.equal(a.contextValue, 'assumeRoleEvent');
    assert.equal(m.description, 'user/mallory (444455556666) · AccessDenied');
    assert.equal(m.icon, 'failure');
    assert.equal(m.contextValue, 'assumeRoleEvent.failed');
    assert.equal(b.description, 'assumed-role/Engineer/bob (444455556666) · no ExternalId');
    assert.equal(b.icon, 'noExternalId');
    assert.equal(a.id, `event:${alice.eventId}`);
  });

  it('puts every field in the tooltip, escaped', () => {
    const [day] = loaded().roots() as GroupNode[];
    const tip = day.children[1].tooltip;
    assert.match(tip, /^✅ \*\*Succeeded\*\*/);
    for (const field of [
      'Time (UTC)',
      'Event ID',
      'Region',
      'Principal',
      'Role',
      'Session name',
      'ExternalId',
      'Duration (s)',
      'MFA',
      'Source IP',
      'User agent',
      'Issued access key',
      'Assumed-role ARN',
    ]) {
      assert.ok(tip.includes(`| ${field} |`), `tooltip lacks ${field}`);
    }
    assert.ok(tip.includes('ext\\-7f3a'));
    assert.match(day.children[0].tooltip, /^❌ \*\*Failed: AccessDenied\*\*/);
    assert.match(day.children[0].tooltip, /\| Error message \| User: arn:aws:iam::444455556666:user/);
    assert.match(day.children[2].tooltip, /Succeeded without ExternalId[\s\S]*\| ExternalId \| \\\(none\\\) \|/);
    assert.equal(escapeMarkdown('[x](javascript:1) `y`'), '\\[x\\]\\(javascript:1\\) \\`y\\`');
  });

  it('groups by role, most recently used first, unrecorded roles last', () => {
    const model = loaded();
    model.groupBy = 'role';
    const roots = model.roots() as GroupNode[];
    assert.deepEqual(
      roots.map((g) => g.label),
      ['Deploy', 'ReadOnly', '(role not recorded)'],
    );
    assert.equal(roots[0].description, '111122223333 · 2 events, 1 failed');
    assert.equal(roots[0].tooltip, 'arn:aws:iam::111122223333:role/Deploy: 2 events, 1 failed');
    assert.equal(roots[0].children[0].label, '2026-03-02 10:41:12  mallory-try', 'role groups show the date too');
  });

  it('filters by role, failures and missing ExternalId, and says so', () => {
    const model = loaded();
    model.filter.failedOnly = true;
    assert.deepEqual(
      model.visibleEvents.map((e) => e.sessionName),
      ['mallory-try', undefined],
    );
    assert.equal(model.message(), '2 events, 2 failed in us-east-1, eu-west-1, last 24 hours (filtered: failures only; 4 loaded).');
    model.filter = { failedOnly: false, withoutExternalIdOnly: true, role: 'ReadOnly' };
    assert.deepEqual(
      model.visibleEvents.map((e) => e.sessionName),
      ['bob-readonly'],
    );
    assert.equal(model.isFiltered, true);
    model.filter = { failedOnly: false, withoutExternalIdOnly: false, role: 'NoSuchRole' };
    assert.equal(model.contextState(), 'empty');
    assert.deepEqual(model.roots(), []);
  });

  it('offers "load more" while a region has a NextToken and merges what it brings', () => {
    const model = loaded({ nextTokens: { 'us-east-1': 'tok' } });
    assert.equal(model.canLoadMore, true);
    const roots = model.roots();
    assert.deepEqual(roots.at(-1), { type: 'loadMore', id: 'loadMore', label: 'Load more…', description: 'older events in us-east-1' });
    assert.match(model.message() ?? '', /; more available\.$/);
    const older = { ...alice, eventId: 'older', eventTime: '2026-03-01T05:00:00Z', sessionName: 'older-session' };
    model.begin(model.regions, model.window!, 'x', true);
    assert.equal(model.events.length, 4, 'loading more keeps what is loaded');
    assert.equal(model.canLoadMore, false, 'no second "load more" while one runs');
    assert.equal(model.roots().filter((n) => n.type === 'group').length, 2, 'and the tree keeps showing it');
    model.applyResult({ events: [older, alice], nextTokens: {}, failures: [], pages: { 'us-east-1': 1 } }, true);
    assert.equal(model.events.length, 5);
    assert.equal(model.events.at(-1)?.eventId, 'older');
    assert.equal(model.canLoadMore, false);
  });

  it('becomes "empty" with no events and "no-credentials" / "access-denied" from failures', () => {
    const empty = loaded({ events: [] });
    assert.equal(empty.contextState(), 'empty');
    assert.equal(empty.message(), '0 events in us-east-1, eu-west-1, last 24 hours.');

    const denied = new EventsModel();
    denied.begin(['us-east-1'], parseWindow('24h', NOW), 'p');
    denied.applyResult({
      events: [],
      nextTokens: {},
      pages: {},
      failures: [{ region: 'us-east-1', kind: 'access-denied', message: 'Access denied in us-east-1: …' }],
    });
    assert.equal(denied.contextState(), 'access-denied');
    assert.equal(denied.message(), 'Access denied in us-east-1: …');
    assert.deepEqual(denied.roots(), []);

    const none = new EventsModel();
    none.fail({ kind: 'no-credentials', message: 'No AWS credentials found.' });
    assert.equal(none.contextState(), 'no-credentials');
    none.fail({ kind: 'throttled', message: 'x' });
    assert.equal(none.contextState(), 'error');
  });

  it('lists a region that could not be read as a notice above the events', () => {
    const model = loaded({
      failures: [{ region: 'eu-west-1', kind: 'access-denied', message: 'Access denied in eu-west-1: …' }],
      pages: { 'us-east-1': 1 },
    });
    const roots = model.roots();
    assert.deepEqual(roots[0], {
      type: 'notice',
      id: 'notice:eu-west-1',
      label: 'eu-west-1: not read',
      tooltip: 'Access denied in eu-west-1: …',
    });
    assert.equal(roots[1].type, 'group');
    assert.equal(model.contextState(), 'loaded');
  });

  it('finds events by id and lists the known roles', () => {
    const model = loaded();
    assert.equal(
      model.find(bob.eventId),
      model.events.find((e) => e.sessionName === 'bob-readonly'),
    );
    assert.deepEqual(model.knownRoles(), ['arn:aws:iam::111122223333:role/Deploy', 'arn:aws:iam::111122223333:role/ReadOnly']);
  });

  it('shortens principals and falls back to account or service', () => {
    assert.equal(shortPrincipal(parseAssumeRoleEvent(fixture('role-owner-aws-account.json'))), 'account 444455556666');
    assert.equal(shortPrincipal(parseAssumeRoleEvent(fixture('aws-service.json'))), 'lambda.amazonaws.com');
  });
});

describe('trust policy files for Explain', () => {
  const trust = (name: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', Sid: name }],
    });
  it('recognises trust policies and ranks the role’s own file first', () => {
    assert.equal(looksLikeTrustPolicy(trust('x')), true);
    assert.equal(looksLikeTrustPolicy('{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'), false);
    assert.equal(looksLikeTrustPolicy('{"name":"package"}'), false);
    const ranked = rankTrustPolicyFiles(
      [
        { path: 'a/other-trust.json', text: trust('Other') },
        { path: 'package.json', text: '{"name":"x"}' },
        { path: 'b/mentions.json', text: trust('DeployMention') },
        { path: 'roles/deploy-trust.json', text: trust('y') },
      ],
      'arn:aws:iam::111122223333:role/Deploy',
    );
    assert.deepEqual(
      ranked.map((f) => f.path),
      ['roles/deploy-trust.json', 'b/mentions.json', 'a/other-trust.json'],
    );
  });
});

describe('EventNode shape', () => {
  it('keeps the parsed event on the node for commands', () => {
    const node = (loaded().roots()[0] as GroupNode).children[0] as EventNode;
    assert.equal(node.event.eventId, mallory.eventId);
  });
});
