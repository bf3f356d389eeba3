import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { MAX_SUGGESTED_PER_DOCUMENT } from '../../../server/src/rules/unknown-action';
import { ALLOW_ALL_RESOURCES, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'unknown-action';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule unknown-action', () => {
  it('fires on unknown actions, patterns and service prefixes, with suggestions', () => {
    const typo = findingsOf(
      'unknown-action',
      policy([{ ...ok, Action: ['iam:ListUser', 'iamm:GetUser', 'iam:Nothing*', 'retiredsvc:Get'] }]),
    );
    assert.equal(typo.length, 4);
    assert.deepEqual(typo[0].data?.suggestions, ['iam:ListUsers']);
    assert.match(typo[0].message, /did you mean iam:ListUsers/i);
    assert.deepEqual(typo[1].data?.suggestions, ['iam:GetUser']);
    assert.match(typo[2].message, /matches no action/);
    assert.match(typo[3].message, /not in the IAM action catalog/);
  });

  it('suggests for the first unknown names of a document only: thousands of them still each get a finding, quickly', () => {
    // A typo of every S3 and IAM action (the last letter doubled), each one edit from a real name.
    const catalog = sharedCatalog();
    const typos = catalog.actions
      .filter((a) => a.service === 's3' || a.service === 'iam')
      .map((a) => `${a.fullName}${a.name.slice(-1)}`)
      .filter((name) => !catalog.action(name));
    assert.ok(typos.length > MAX_SUGGESTED_PER_DOCUMENT);
    const unknown = [...typos, ...Array.from({ length: 5000 }, (_, i) => `s3:GetObjekt${i}`)];
    const findings = findingsOf(RULE, policy([{ ...ok, Action: ['s3:GetObjekt', ...unknown, 'iam:ListUserz'] }]));
    assert.equal(findings.length, unknown.length + 2);
    const suggested = findings.filter((f) => (f.data?.suggestions as string[]).length > 0);
    assert.equal(suggested.length, MAX_SUGGESTED_PER_DOCUMENT);
    assert.deepEqual(findings[0].data?.suggestions, ['s3:GetObject']);
    // Past the cap the finding stays, without the offer.
    assert.match(
      findings[findings.length - 1].message,
      /^"iam:ListUserz" matches no action of AWS Identity and Access Management \(IAM\) \(iam\)\.$/,
    );
  });

  it('fires as a warning on the entry, naming the service it looked in', () => {
    const text = policy([{ ...ok, Action: ['s3:GetObject', 'iam:ListUser'] }]);
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding), '"iam:ListUser"');
    assert.match(finding.message, /^"iam:ListUser" matches no action of AWS Identity and Access Management \(IAM\) \(iam\)\./);
  });

  it('stays silent on catalog names in any case, wildcards that match, "*", and in NotAction', () => {
    assert.deepEqual(
      findingsOf(RULE, policy([{ ...ok, Action: ['*', 's3:*', 'S3:getobject', 'iam:Get*', 'iam:?etUser', 'ec2:Describe*'] }])),
      [],
    );
    assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: '*' }])), []);
  });
});

const ROOT = join(__dirname, '..', '..', '..', '..');

function unknownActions(actions: string[]) {
  const text = policy([{ ...ALLOW_ALL_RESOURCES, Action: actions }]);
  return findingsOf('unknown-action', text).map((f) => ({ at: textAt(text, f), severity: f.severity, message: f.message }));
}

describe('rule unknown-action: names AWS grants, retired services, and the supplement', () => {
  it('still catches typos, with the real name as the suggestion', () => {
    const found = unknownActions(['iam:ListUserz', 's3:GetObjekt', 'ec3:DescribeInstances', 'ec3:*']);
    assert.deepEqual(
      found.map((f) => [f.at, f.severity]),
      [
        ['"iam:ListUserz"', 'warning'],
        ['"s3:GetObjekt"', 'warning'],
        ['"ec3:DescribeInstances"', 'warning'],
        ['"ec3:*"', 'warning'],
      ],
    );
    assert.match(found[0].message, /Did you mean iam:ListUsers\?/);
    assert.match(found[1].message, /Did you mean s3:GetObject\?/);
    assert.match(found[2].message, /Did you mean ec2:DescribeInstances\?/);
    assert.match(found[3].message, /Unknown service prefix "ec3"/);
    // A prefix with nothing after the colon is malformed, another rule's finding.
    const text = policy([{ ...ALLOW_ALL_RESOURCES, Action: 'ec3:' }]);
    assert.equal(findingsOf('malformed-action', text).length, 1);
  });

  it('suggests for an unknown service only names that reach something in a close service', () => {
    const [asWritten, nearest, pattern, nothing, nothingAtAll] = unknownActions([
      'ec3:DescribeInstances',
      'ec3:DescribeInstancez',
      'ec3:*',
      'ec3:GetThing',
      'ec3:Zzzzqqq*',
    ]);
    assert.match(asWritten.message, /Did you mean ec2:DescribeInstances\?$/);
    assert.match(nearest.message, /Did you mean ec2:DescribeInstances\?$/);
    assert.match(pattern.message, /Did you mean ec2:\* or ecr:\* or ecs:\*\?$/);
    for (const none of [nothing, nothingAtAll]) {
      assert.match(none.message, /Unknown service prefix "ec3" in "ec3:\w+\*?", and no close service \(ec2, ecr, ecs\) has an action like/);
      assert.doesNotMatch(none.message, /Did you mean/);
    }
    const text = policy([{ ...ALLOW_ALL_RESOURCES, Action: ['ec3:GetThing', 'ec3:DescribeInstancez'] }]);
    // The quick fixes are the suggestions: none for the first, one real name for the second.
    assert.deepEqual(
      findingsOf('unknown-action', text).map((f) => f.data?.suggestions),
      [[], ['ec2:DescribeInstances']],
    );
  });

  it('accepts the undocumented names and patterns AWS grants in its own managed policies', () => {
    // None of these is in the Service Authorization Reference the catalog is made from.
    const granted = ['budgets:CreateBudget', 'BUDGETS:createbudget', 'deepracer:*', 'zocalo:Describe*', 'payments:GetAccountBalance'];
    for (const name of granted) {
      const match = sharedCatalog().match(name);
      assert.ok(match.kind === 'unknown-service' || (match.kind === 'matched' && match.count === 0), name);
    }
    assert.deepEqual(unknownActions(granted), []);
    // A pattern that matches one of those literal names reaches something AWS grants.
    assert.deepEqual(unknownActions(['builderid:List*']), []);
    const undocumented = sharedCatalog().undocumented('budgets:createbudget');
    assert.equal(undocumented?.name, 'budgets:CreateBudget');
    assert.match(undocumented!.policies, /\w+/);
  });

  it('a near miss of an undocumented name is a typo, and the undocumented name is offered', () => {
    const [typo] = unknownActions(['budgets:CreateBudgett']);
    assert.equal(typo.severity, 'warning');
    assert.match(typo.message, /Did you mean budgets:CreateBudget\?/);
  });

  it('tells a retired service or action apart from a typo, at info level', () => {
    const found = unknownActions(['iotroborunner:ListSites', 'deepracer:GetTrak', 'dms:DescribeMigrationProjects', 'iam:ListUserz']);
    assert.deepEqual(
      found.map((f) => [f.at, f.severity]),
      [
        ['"iotroborunner:ListSites"', 'info'],
        ['"deepracer:GetTrak"', 'info'],
        ['"dms:DescribeMigrationProjects"', 'info'],
        ['"iam:ListUserz"', 'warning'],
      ],
    );
    assert.match(found[0].message, /AWS has retired AWS IoT RoboRunner \(iotroborunner\)/);
    assert.match(found[0].message, /grants and denies nothing/);
    assert.doesNotMatch(found[0].message, /typo|Did you mean/);
    assert.match(found[2].message, /retired this action of AWS Database Migration Service \(dms\)/);
    assert.doesNotMatch(found[3].message, /retired/);
  });

  it('the committed supplement holds only what the pinned catalog lacks, each with its provenance', () => {
    const supplement = JSON.parse(readFileSync(join(ROOT, 'data', 'catalog-supplement.json'), 'utf8'));
    const catalog = sharedCatalog();
    assert.equal(supplement.catalog.version, catalog.source.version, 'regenerate with scripts/build-catalog-supplement.mjs');
    assert.ok(Object.keys(supplement.granted).length > 0);
    for (const [name, entry] of Object.entries<{ policies: Array<{ policy: string }> }>(supplement.granted)) {
      const match = catalog.match(name);
      assert.ok(match.kind !== 'matched' || match.count === 0, `${name} is in the catalog now`);
      assert.ok(entry.policies.length > 0 && entry.policies.every((p) => p.policy.length > 0), name);
    }
    assert.match(supplement.managedPolicies.source, /\d{4}-\d{2}-\d{2}/);
  });

  describe('scripts/build-catalog-supplement.mjs', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iamlp-supplement-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps what AWS grants that the catalog lacks, and leaves near misses of documented names out', () => {
      const folder = join(dir, 'policies');
      mkdirSync(folder);
      const statement = (Action: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
      writeFileSync(
        join(folder, 'ExamplePolicyA.json'),
        JSON.stringify(statement(['s3:GetObject', 'newservice:DoThing', 'iam:ListUserz'])),
      );
      writeFileSync(
        join(folder, 'ExamplePolicyB.json'),
        JSON.stringify({ PolicyVersion: { Document: statement(['newservice:DoThing', 'ec3:Describe*', 's3:Get*']) } }),
      );
      writeFileSync(
        join(dir, 'manifest.json'),
        JSON.stringify({ policies: { ExamplePolicyA: { versionId: 'v3', updateDate: '2026-01-02T00:00:00Z' } } }),
      );
      const out = join(dir, 'supplement.json');
      execFileSync(process.execPath, [
        join(ROOT, 'scripts', 'build-catalog-supplement.mjs'),
        folder,
        '--source',
        'example policies of 2026-01-02',
        '--manifest',
        join(dir, 'manifest.json'),
        '--out',
        out,
      ]);
      const result = JSON.parse(readFileSync(out, 'utf8'));
      assert.deepEqual(result.granted, {
        'newservice:DoThing': {
          policies: [{ policy: 'ExamplePolicyA', version: 'v3', updated: '2026-01-02' }, { policy: 'ExamplePolicyB' }],
        },
      });
      assert.deepEqual(Object.keys(result.nearMisses), ['ec3:Describe*', 'iam:ListUserz']);
      assert.equal(result.nearMisses['iam:ListUserz'].closest, 'iam:ListUsers');
      assert.deepEqual(result.managedPolicies, { source: 'example policies of 2026-01-02', policies: 2 });
    });

    it('refuses to run without provenance', () => {
      assert.throws(
        () =>
          execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-catalog-supplement.mjs'), dir, '--out', join(dir, 'x.json')], {
            stdio: 'pipe',
          }),
        /--source is required/,
      );
    });
  });
});
