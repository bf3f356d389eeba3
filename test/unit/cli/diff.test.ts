import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../server/src/cli/main';
import { CliIO } from '../../../server/src/cli/types';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { formatDiffMarkdown } from '../../../server/src/cli/format/diffMarkdown';
import { MAX_POLICIES_PER_PRINCIPAL } from '../../../server/src/linter/analyzeFile';
import { diffPolicies, policiesOfFile } from '../../../server/src/linter/policyDiff';
import { policy } from '../../support/policyText';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const OBJECTS = 'arn:aws:s3:::reports/*';
const READ = policy([{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECTS }]);
const READ_REWRITTEN = JSON.stringify({
  Statement: [{ Resource: [OBJECTS], Action: ['S3:GETOBJECT'], Effect: 'Allow', Sid: 'Read' }],
  Version: '2012-10-17',
});
const READ_WIDER = policy([
  { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' },
  { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' },
]);
const TRUST = (principal: string, condition?: unknown) =>
  policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: principal }, ...(condition ? { Condition: condition } : {}) }]);
const REPORTER = 'arn:aws:iam::111122223333:user/reporter';

describe('iamlp diff', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamlp-diff-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };

  it('--format json prints exactly the contract, and exits 1 on new access', async () => {
    write('base.json', READ);
    write('head.json', READ_WIDER);
    const { code, stdout, stderr } = await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const parsed = JSON.parse(stdout);
    assert.deepEqual(Object.keys(parsed), ['changes', 'summary']);
    const [change] = parsed.changes;
    assert.deepEqual(Object.keys(change), ['file', 'policy', 'status', 'kind', 'grants', 'iamWrites', 'principals', 'findings']);
    assert.deepEqual(change.grants, { added: ['iam:PassRole'], removed: [], broadened: ['s3:GetObject'] });
    assert.deepEqual(change.iamWrites, { added: ['iam:PassRole'], removed: [] });
    assert.deepEqual(change.principals, { added: [], removed: [] });
    assert.equal(change.policy, null);
    assert.equal(change.status, 'modified');
    assert.equal(change.kind, 'identity');
    assert.deepEqual(
      change.findings.added.map((f: { rule: string }) => f.rule),
      ['missing-iam-write-deny', 'allow-iam-write'],
    );
    assert.equal(parsed.summary.newAccess, true);
    assert.ok(
      parsed.summary.why.some(
        (w: { why: string; statement: string }) => w.statement === 'Read' && /where BASE allowed only arn:aws:s3:::reports\/\*/.test(w.why),
      ),
    );
  });

  it('exits 0 and reports no new access for a semantic no-op rewrite, and for a narrowing', async () => {
    write('base.json', READ);
    write('head.json', READ_REWRITTEN);
    const same = await cli(['diff', 'base.json', 'head.json'], dir);
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /no change in access/);
    const narrowed = await cli(['diff', '--format', 'json', 'head.json', 'base.json'], dir);
    assert.equal(narrowed.code, 0);
    assert.deepEqual(JSON.parse(narrowed.stdout).changes[0].findings, { added: [], resolved: [] });
  });

  it('exits 0 on a narrowing that removes access, and lists what is removed', async () => {
    write('base.json', READ_WIDER);
    write('head.json', READ);
    const { code, stdout } = await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir);
    assert.equal(code, 0);
    const [change] = JSON.parse(stdout).changes;
    assert.deepEqual(change.grants.removed, ['iam:PassRole']);
    assert.deepEqual(change.iamWrites.removed, ['iam:PassRole']);
    assert.deepEqual(
      change.findings.resolved.map((f: { rule: string }) => f.rule),
      ['missing-iam-write-deny', 'allow-iam-write'],
    );
  });

  it('--fail-on writes exits 1 only for new write access', async () => {
    write('base.json', READ);
    write('reads.json', policy([{ Effect: 'Allow', Action: 's3:Get*', Resource: OBJECTS }]));
    write('writes.json', policy([{ Effect: 'Allow', Action: 's3:PutObject', Resource: OBJECTS }]));
    assert.equal((await cli(['diff', 'base.json', 'reads.json'], dir)).code, 1);
    assert.equal((await cli(['diff', '--fail-on', 'writes', 'base.json', 'reads.json'], dir)).code, 0);
    assert.equal((await cli(['diff', '--fail-on', 'writes', 'base.json', 'writes.json'], dir)).code, 1);
  });

  it('reports a trust principal added and an ExternalId weakened, with the finding it adds', async () => {
    write('base.json', TRUST(REPORTER, { StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' } }));
    write('wider.json', TRUST('arn:aws:iam::444455556666:root', { StringEquals: { 'sts:ExternalId': 'IDSentinel-Lab-2026' } }));
    write('weak.json', TRUST(REPORTER, { StringLike: { 'sts:ExternalId': '*' } }));
    const wider = JSON.parse((await cli(['diff', '--format', 'json', 'base.json', 'wider.json'], dir)).stdout).changes[0];
    assert.equal(wider.kind, 'trust');
    assert.deepEqual(wider.principals, { added: ['arn:aws:iam::444455556666:root'], removed: [REPORTER] });
    const weak = await cli(['diff', '--format', 'json', 'base.json', 'weak.json'], dir);
    assert.equal(weak.code, 1);
    const change = JSON.parse(weak.stdout).changes[0];
    assert.deepEqual(change.grants.broadened, ['sts:AssumeRole']);
    assert.ok(change.findings.added.some((f: { rule: string }) => f.rule === 'trust-weak-external-id'));
  });

  it('applies the project configuration: suppressed findings are not added, ignored files not compared', async () => {
    write('base.json', READ);
    write('head.json', READ_WIDER);
    write('.iamlp.json', JSON.stringify({ rules: { 'missing-iam-write-deny': 'off' } }));
    const configured = JSON.parse((await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir)).stdout).changes[0];
    assert.deepEqual(
      configured.findings.added.map((f: { rule: string }) => f.rule),
      ['allow-iam-write'],
    );
    const unconfigured = JSON.parse((await cli(['diff', '--no-config', '--format', 'json', 'base.json', 'head.json'], dir)).stdout)
      .changes[0];
    assert.equal(unconfigured.findings.added.length, 2);
    write('.iamlp.json', JSON.stringify({ ignore: ['head.json'] }));
    const ignored = await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir);
    assert.equal(ignored.code, 0);
    assert.deepEqual(JSON.parse(ignored.stdout).changes, []);
  });

  it('matches findings by statement, not line: a statement moved keeps its findings', async () => {
    const admin = { Effect: 'Allow', Action: 'iam:*', Resource: '*' };
    const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECTS };
    write('base.json', policy([admin, read]));
    write('head.json', JSON.stringify({ Version: '2012-10-17', Statement: [read, admin] }, null, 4));
    const { code, stdout } = await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).changes[0].findings, { added: [], resolved: [] });
  });

  it('matches repeated findings of one statement one for one, whatever its key order', () => {
    const typos = (count: number) => Array.from({ length: count }, () => 's3:GetObjekt');
    const statement = (count: number) => ({ Resource: OBJECTS, Effect: 'Allow', Action: ['s3:GetObject', ...typos(count)] });
    const reordered = (count: number) => ({ Action: ['s3:GetObject', ...typos(count)], Effect: 'Allow', Resource: OBJECTS });
    const findings = (base: number, head: number) => {
      const [change] = diffPolicies(
        policiesOfFile(policy([statement(base)]), 'base.json').policies,
        policiesOfFile(policy([reordered(head)]), 'head.json').policies,
      );
      const rules = (list: Array<{ rule: string }>) => list.map((f) => f.rule).filter((rule) => rule === 'unknown-action');
      return { added: rules(change.findingsAdded), resolved: rules(change.findingsResolved) };
    };
    // The statement's content is the same once its keys are sorted, but not once a typo is added.
    assert.deepEqual(findings(3, 3), { added: [], resolved: [] });
    assert.equal(findings(3, 4).added.length, 4);
    assert.equal(findings(3, 4).resolved.length, 3);
    // Within the same statement (named by its Sid), only what is new is added.
    const named = (count: number) => policy([{ Sid: 'Read', ...statement(count) }]);
    const [change] = diffPolicies(policiesOfFile(named(3), 'base.json').policies, policiesOfFile(named(5), 'head.json').policies);
    assert.deepEqual(
      [change.findingsAdded, change.findingsResolved].map((list) => list.filter((f) => f.rule === 'unknown-action').length),
      [2, 0],
    );
  });

  it('handles a reference policy as BASE: candidates within it exit 0, beyond it exit 1', async () => {
    write(
      'reference.json',
      policy([
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
      ]),
    );
    write('ok.json', policy([{ Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' }]));
    write('bad.json', policy([{ Effect: 'Allow', Action: ['s3:*', 'iam:CreateUser'], Resource: '*' }]));
    assert.equal((await cli(['diff', 'reference.json', 'ok.json'], dir)).code, 0);
    const bad = await cli(['diff', '--format', 'json', 'reference.json', 'bad.json'], dir);
    assert.equal(bad.code, 1);
    assert.deepEqual(JSON.parse(bad.stdout).changes[0].grants.added, ['iam:CreateUser']);
  });

  it('pairs folders by relative path: added, removed and modified files; non-policies left out', async () => {
    write('base/a.json', READ);
    write('base/gone.json', READ);
    write('base/package.json', '{"name":"x"}');
    write('head/a.json', READ_WIDER);
    write('head/nested/new.json', TRUST(REPORTER));
    write('head/package.json', '{"name":"y"}');
    const { code, stdout } = await cli(['diff', '--format', 'json', 'base', 'head'], dir);
    assert.equal(code, 1);
    const changes = JSON.parse(stdout).changes.map((c: { file: string; status: string }) => `${c.file}:${c.status}`);
    assert.deepEqual(changes, [
      join('head', 'a.json') + ':modified',
      join('head', 'gone.json') + ':removed',
      join('head', 'nested', 'new.json') + ':added',
    ]);
  });

  it('pairs the policies of a CloudFormation template by locator, and compares deploy-time values as unknowns', async () => {
    const template = (readActions: string, bucket: string, extraRole = false) =>
      [
        'Resources:',
        '  Role:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
        '      Policies:',
        '        - PolicyName: read',
        `          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ${readActions}, Resource: ${bucket}}]}`,
        ...(extraRole
          ? [
              '  Other:',
              '    Type: AWS::IAM::Role',
              '    Properties:',
              '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}',
            ]
          : []),
      ].join('\n') + '\n';
    write('base.yaml', template('s3:GetObject', '!Ref ReportsBucket'));
    write('same.yaml', template('[s3:GetObject]', '!Ref ReportsBucket') + '# a comment\n');
    write('head.yaml', template('"s3:Get*"', '!Ref OtherBucket', true));
    const same = await cli(['diff', '--format', 'json', 'base.yaml', 'same.yaml'], dir);
    assert.equal(same.code, 0, same.stdout);
    const { code, stdout } = await cli(['diff', '--format', 'json', 'base.yaml', 'head.yaml'], dir);
    assert.equal(code, 1);
    const changes = JSON.parse(stdout).changes as Array<{
      policy: string;
      status: string;
      kind: string;
      grants: { broadened: string[] };
      principals: { added: string[] };
    }>;
    assert.deepEqual(
      changes.map((c) => [c.policy, c.status, c.kind]),
      [
        ['Resources.Role.Properties.Policies[0].PolicyDocument', 'modified', 'identity'],
        ['Resources.Other.Properties.AssumeRolePolicyDocument', 'added', 'trust'],
      ],
    );
    assert.ok(changes[0].grants.broadened.includes('s3:GetObject'), 'a bucket of another !Ref is not the same bucket');
    assert.deepEqual(changes[1].principals.added, ['ec2.amazonaws.com']);
  });

  it('reports an Action or NotAction known only at deploy time as new access, unless BASE names the same', async () => {
    const template = (...statements: string[]) =>
      [
        'Resources:',
        '  Writer:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        `      PolicyDocument: {Version: "2012-10-17", Statement: [${statements.join(', ')}]}`,
      ].join('\n') + '\n';
    const read = '{Effect: Allow, Action: s3:GetObject, Resource: "*"}';
    const extra = '{Effect: Allow, Action: !Ref ExtraActions, Resource: "*"}';
    const allBut = '{Effect: Allow, NotAction: !Ref Excluded, Resource: "*"}';
    write('base.yaml', template(read));
    write('extra.yaml', template(read, extra));
    write('allbut.yaml', template(read, extra, allBut));
    write('everything.yaml', template('{Effect: Allow, Action: "*", Resource: "*"}'));
    const added = async (base: string, head: string) => {
      const { code, stdout } = await cli(['diff', '--format', 'json', base, head], dir);
      const json = JSON.parse(stdout) as { changes: Array<{ grants: { added: string[] } }>; summary: { why: Array<{ why: string }> } };
      return { code, added: json.changes.flatMap((c) => c.grants.added), why: json.summary.why.map((w) => w.why) };
    };
    const extraAdded = await added('base.yaml', 'extra.yaml');
    assert.equal(extraAdded.code, 1, 'an Action of !Ref may be any action: no exit 0');
    assert.deepEqual(extraAdded.added, ['${ExtraActions}']);
    assert.match(extraAdded.why[0], /^"\$\{ExtraActions\}" is known only at deploy time/);
    const notActionAdded = await added('extra.yaml', 'allbut.yaml');
    assert.deepEqual(notActionAdded.added, ['NotAction ${Excluded}'], 'the same !Ref in BASE is the same value');
    assert.match(notActionAdded.why[0], /NotAction "\$\{Excluded\}" is known only at deploy time, so it may allow almost any action/);
    assert.equal((await added('allbut.yaml', 'allbut.yaml')).code, 0);
    assert.equal((await added('everything.yaml', 'allbut.yaml')).code, 0, 'BASE allowing every action allows these too');

    write(
      'base.tf',
      'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n',
    );
    write(
      'head.tf',
      'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n' +
        '  statement {\n    actions   = var.extra_actions\n    resources = ["*"]\n  }\n}\n',
    );
    const text = await cli(['diff', 'base.tf', 'head.tf'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /\n {2}\+ known only at deploy time: \$\{var\.extra_actions\}\n/);
  });

  it('a grant of every action reads in a few lines: IAM by service, the other services summed up per access level', async () => {
    write('base.json', READ);
    write('head.json', policy([{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }]));
    const text = await cli(['diff', 'base.json', 'head.json'], dir);
    assert.equal(text.code, 1);
    const lines = text.stdout.split('\n');
    assert.ok(lines.length < 30, `${lines.length} lines`);
    assert.ok(
      lines.includes(
        '  + iam Permissions management: iam:AttachGroupPolicy, iam:AttachRolePolicy, iam:AttachUserPolicy, iam:CreatePolicy and 19 more',
      ),
    );
    const catalog = sharedCatalog();
    const services = new Set(Array.from({ length: catalog.size }, (_, i) => catalog.actionAt(i).service).filter((s) => s !== 'iam'));
    const writes = lines.find((l) => l.startsWith('  + Write in '));
    assert.match(writes ?? '', /^ {2}\+ Write in [\d,]+ services \(\S+, \S+, \S+, \S+ and [\d,]+ more\): [\d,]+ actions$/);
    assert.ok(Number(/in ([\d,]+) services/.exec(writes!)![1].replace(/,/g, '')) <= services.size);
    assert.match(text.stdout, /New access in 1 file: \d{2},\d{3} actions added, 113 IAM writes, 1 broadened\.\n$/);
    // A pull-request comment: GitHub takes at most 65,536 characters.
    const markdown = await cli(['diff', '--format', 'markdown', 'base.json', 'head.json'], dir);
    assert.ok(markdown.stdout.length < 10_000, `${markdown.stdout.length} characters`);
    assert.match(markdown.stdout, /\n\| [\d,]+ services: `\S+`, `\S+`, `\S+`, `\S+` and [\d,]+ more \| Write \| [\d,]+ actions \| {2}\|\n/);
    // The JSON keeps every action.
    const json = JSON.parse((await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir)).stdout);
    assert.equal(json.changes[0].grants.added.length + json.changes[0].grants.broadened.length, catalog.size);
  });

  it('compares the AWS managed policies a template attaches as its policies: attached, detached, kept', async () => {
    const role = (...arns: string[]) =>
      [
        'Resources:',
        '  App:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}",
        '      ManagedPolicyArns:',
        ...arns.map((arn) => `        - ${arn}`),
      ].join('\n') + '\n';
    write('base.yaml', role('arn:aws:iam::aws:policy/ReadOnlyAccess'));
    write('head.yaml', role('arn:aws:iam::aws:policy/ReadOnlyAccess', '!Sub "arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess"'));
    const { code, stdout } = await cli(['diff', '--format', 'json', 'base.yaml', 'head.yaml'], dir);
    assert.equal(code, 1, 'attaching IAMFullAccess is new access');
    const json = JSON.parse(stdout) as {
      changes: Array<{ policy: string; status: string; iamWrites: { added: string[] }; findings: { added: Array<{ rule: string }> } }>;
      summary: { why: Array<{ line: number }> };
    };
    assert.deepEqual(
      json.changes.map((c) => [c.policy, c.status]),
      [['App holds AWS managed policy IAMFullAccess', 'added']],
    );
    // What the rules say of it where it is attached comes with it.
    assert.deepEqual(
      json.changes[0].findings.added.map((f) => f.rule),
      ['allow-iam-write', 'privilege-escalation'],
    );
    assert.equal(json.changes[0].iamWrites.added.length, sharedCatalog().iamWrite.count());
    assert.deepEqual([...new Set(json.summary.why.map((w) => w.line))], [8], 'the reasons point at the ARN that attaches it');
    assert.equal((await cli(['diff', 'head.yaml', 'head.yaml'], dir)).code, 0);
    const detached = await cli(['diff', 'head.yaml', 'base.yaml'], dir);
    assert.equal(detached.code, 0);
    assert.match(detached.stdout, /App holds AWS managed policy IAMFullAccess \(removed, identity\)/);

    const attach = (arn: string) =>
      `resource "aws_iam_role" "app" {\n  assume_role_policy = "{}"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.app.name\n  policy_arn = "${arn}"\n}\n`;
    write('base.tf', attach('arn:aws:iam::aws:policy/ReadOnlyAccess'));
    write('head.tf', attach('arn:aws:iam::aws:policy/AdministratorAccess'));
    const tf = await cli(['diff', 'base.tf', 'head.tf'], dir);
    assert.equal(tf.code, 1);
    assert.match(tf.stdout, /aws_iam_role\.app holds AWS managed policy AdministratorAccess \(added, identity\)/);
    assert.match(tf.stdout, /aws_iam_role\.app holds AWS managed policy ReadOnlyAccess \(removed, identity\)/);
  });

  it('compares a template policy in every combination of its conditions (Fn::If)', async () => {
    const template = (otherwise: string) =>
      [
        'Conditions:',
        '  IsProd: !Equals [!Ref Env, prod]',
        'Resources:',
        '  Role:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
        '      Policies:',
        '        - PolicyName: read',
        '          PolicyDocument:',
        '            Version: "2012-10-17"',
        '            Statement:',
        '              - Effect: Allow',
        '                Action: s3:GetObject',
        `                Resource: !If [IsProd, "arn:aws:s3:::prod/*", "${otherwise}"]`,
      ].join('\n') + '\n';
    write('base.yaml', template('arn:aws:s3:::dev/*'));
    write('same.yaml', template('arn:aws:s3:::dev/*').replace('Action: s3:GetObject', 'Action: [s3:GetObject]'));
    write('head.yaml', template('*'));
    assert.equal((await cli(['diff', 'base.yaml', 'same.yaml'], dir)).code, 0);
    const { code, stdout } = await cli(['diff', '--format', 'json', 'base.yaml', 'head.yaml'], dir);
    assert.equal(code, 1, 'the other branch of the Fn::If is deployed too');
    assert.deepEqual(JSON.parse(stdout).changes[0].grants.broadened, ['s3:GetObject']);
    // The Fn::If gone: which BASE branch the plain value replaces is unknown, so it must be within both.
    write('plain.yaml', template('x').replace(/!If \[IsProd, "(.*?)", "x"\]/, '"$1"'));
    assert.equal((await cli(['diff', 'base.yaml', 'plain.yaml'], dir)).code, 1);
    write('narrow.yaml', template('x').replace(/!If \[IsProd, ".*?", "x"\]/, '"arn:aws:s3:::dev/2026/*"'));
    assert.equal((await cli(['diff', 'base.yaml', 'narrow.yaml'], dir)).code, 1);
  });

  it('prints markdown for a pull request: summary first, IAM writes and principals before the table', async () => {
    write('base.json', READ);
    write('head.json', READ_WIDER);
    const { stdout } = await cli(['diff', '--format', 'markdown', 'base.json', 'head.json'], dir);
    const lines = stdout.split('\n');
    assert.equal(lines[0], '### IAM access changes');
    assert.match(lines[2], /^\*\*New access in 1 file: 1 action added, 1 IAM write, 1 broadened\.\*\*$/);
    const writes = lines.findIndex((l) => l.startsWith('- **IAM writes added:** `iam:PassRole`'));
    const table = lines.indexOf('| Service | Access level | Added | Broadened |');
    assert.ok(writes > 0 && table > writes);
    assert.equal(lines[table + 2], '| iam | Write | `iam:PassRole` |  |');
    assert.equal(lines[table + 3], '| s3 | Read |  | `s3:GetObject` |');
  });

  it('prints text for a terminal: IAM writes and principals first, then by service, the reasons with their lines', async () => {
    write('base.json', READ);
    write('head.json', READ_WIDER);
    const { stdout } = await cli(['diff', 'base.json', 'head.json'], dir);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'head.json (modified, identity)',
      '  + IAM writes: iam:PassRole',
      '  + iam Write: iam:PassRole',
      '  ~ s3 Read (broadened): s3:GetObject',
    ]);
    assert.ok(
      lines.includes('    line 4, statement Read: s3:GetObject: on arn:aws:s3:::*, where BASE allowed only arn:aws:s3:::reports/*'),
      stdout,
    );
    assert.equal(lines[lines.length - 1], 'New access in 1 file: 1 action added, 1 IAM write, 1 broadened.');
  });

  it('keeps the markdown short: files without new access take one line, after those with it', async () => {
    write('base/a.json', READ);
    write('base/b.json', READ_WIDER);
    write('head/a.json', READ_REWRITTEN);
    write('head/b.json', READ);
    write('head/c.json', READ_WIDER);
    const { stdout } = await cli(['diff', '--format', 'markdown', 'base', 'head'], dir);
    const headings = stdout.split('\n').filter((l) => l.startsWith('####'));
    assert.deepEqual(headings, [`#### 🔺 \`${join('head', 'c.json')}\` (added, identity policy)`]);
    assert.ok(stdout.includes(`- ✅ \`${join('head', 'a.json')}\` (modified): no new access\n`), stdout);
    assert.ok(
      stdout.includes(`- ✅ \`${join('head', 'b.json')}\` (modified): no new access; 1 action no longer allowed: \`iam:PassRole\``),
      stdout,
    );
  });

  it('stops the markdown before the comment limit of GitHub and says how many files it left out', () => {
    const [change] = diffPolicies(policiesOfFile(READ, 'a.json').policies, policiesOfFile(READ_WIDER, 'a.json').policies);
    const many = Array.from({ length: 400 }, (_, i) => ({ file: `policies/p${i}.json`, change }));
    const markdown = formatDiffMarkdown(sharedCatalog(), many);
    assert.ok(markdown.length < 65536, `${markdown.length} characters`);
    const shown = markdown.split('\n').filter((l) => l.startsWith('####')).length;
    assert.ok(shown > 10);
    assert.ok(
      markdown
        .trimEnd()
        .endsWith(`…and ${400 - shown} more files: the comment would be too long. Run \`iamlp diff\` for the whole report.`),
    );
  });

  it('prints SARIF results on the granting statement', async () => {
    write('base.json', READ);
    write('head.json', READ_WIDER);
    const { stdout } = await cli(['diff', '--format', 'sarif', 'base.json', 'head.json'], dir);
    const run = JSON.parse(stdout).runs[0];
    const access = run.results.filter((r: { ruleId: string }) => r.ruleId === 'new-access');
    assert.equal(access.length, 2);
    // A broadened read is a warning; a new IAM write an error.
    assert.deepEqual(
      access.map((r: { level: string }) => r.level),
      ['warning', 'error'],
    );
    assert.equal(access[0].locations[0].physicalLocation.artifactLocation.uri, 'head.json');
    assert.equal(access[0].locations[0].physicalLocation.region.startLine, 4);
    assert.equal(access[1].locations[0].physicalLocation.region.startLine, 10);
  });

  it('says on stderr when a side is not valid JSON', async () => {
    write('base.json', READ);
    write('head.json', READ.slice(0, -5));
    write('broken.json', '{"Version": "2012-10-17", "Statement": [}');
    const cut = await cli(['diff', '--format', 'json', 'base.json', 'head.json'], dir);
    assert.match(cut.stderr, /^iamlp diff: HEAD head\.json: not valid JSON \(\w+ on line \d+\); compared as far as it reads\n$/);
    const broken = await cli(['diff', '--format', 'json', 'base.json', 'broken.json'], dir);
    assert.match(broken.stderr, /^iamlp diff: HEAD broken\.json: not valid JSON \(\w+ on line 1\); compared as/);
  });

  it('compares a template whose role has more policies than IAM allows whole, and says so only of a broken one', async () => {
    const role = (policies: number, action: string) => {
      const resources: Record<string, unknown> = {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } },
      };
      for (let i = 0; i < policies; i++) {
        const Statement = [{ Effect: 'Allow', Action: i === 0 ? action : 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }];
        resources[`P${i}`] = {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyName: `p${i}`, Roles: [{ Ref: 'Role' }], PolicyDocument: { Version: '2012-10-17', Statement } },
        };
      }
      return JSON.stringify({ Resources: resources });
    };
    write('base.template.json', role(MAX_POLICIES_PER_PRINCIPAL + 1, 's3:GetObject'));
    write('head.template.json', role(MAX_POLICIES_PER_PRINCIPAL + 1, 's3:PutObject'));
    const overfull = await cli(['diff', '--format', 'json', 'base.template.json', 'head.template.json'], dir);
    assert.equal(overfull.stderr, '');
    assert.equal(overfull.code, 1);
    assert.match(overfull.stdout, /s3:PutObject/);
    write('cut.template.json', role(2, 's3:PutObject').slice(0, -3));
    const cut = await cli(['diff', '--format', 'json', 'base.template.json', 'cut.template.json'], dir);
    assert.match(cut.stderr, /^iamlp diff: HEAD cut\.template\.json: .*; compared as far as it reads\n$/);
  });

  it('exits 2 on usage and I/O errors', async () => {
    write('base.json', READ);
    assert.equal((await cli(['diff', 'base.json'], dir)).code, 2);
    const missing = await cli(['diff', 'base.json', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: nope\.json/);
    mkdirSync(join(dir, 'folder'));
    assert.match((await cli(['diff', 'base.json', 'folder'], dir)).stderr, /both be files or both be folders/);
    assert.equal((await cli(['diff', '--format', 'html', 'base.json', 'base.json'], dir)).code, 2);
    const notRepo = await cli(['diff', '--base', 'HEAD'], dir);
    assert.equal(notRepo.code, 2);
    assert.match(notRepo.stderr, /not a git repository/);
  });

  describe('--base GITREF', () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    beforeEach(() => {
      git('init', '-q', '-b', 'main');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'test');
      write('policies/read.json', READ);
      write('policies/old.json', READ);
      write('package.json', '{"name":"x"}');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
    });

    it('compares the working tree with a ref: modified, added (untracked), removed', async () => {
      write('policies/read.json', READ_WIDER);
      write('policies/trust.json', TRUST(REPORTER));
      unlinkSync(join(dir, 'policies', 'old.json'));
      const { code, stdout, stderr } = await cli(['diff', '--format', 'json', '--base', 'HEAD'], dir);
      assert.equal(stderr, '');
      assert.equal(code, 1);
      const changes = JSON.parse(stdout).changes.map((c: { file: string; status: string }) => `${c.file}:${c.status}`);
      assert.deepEqual(changes, ['policies/old.json:removed', 'policies/read.json:modified', 'policies/trust.json:added']);
    });

    it('pairs a file git sees renamed with its old self', async () => {
      git('mv', 'policies/read.json', 'policies/renamed.json');
      const { code, stdout } = await cli(['diff', '--format', 'json', '--base', 'HEAD'], dir);
      assert.equal(code, 0, stdout);
      const changes = JSON.parse(stdout).changes.map((c: { file: string; status: string }) => `${c.file}:${c.status}`);
      assert.deepEqual(changes, []);
      // A small edit keeps it a rename for git (similar content): its access is compared with the old file's.
      write('policies/renamed.json', READ.replace('"s3:GetObject"', '"s3:GetObjectAcl"'));
      const edited = JSON.parse((await cli(['diff', '--format', 'json', '--base', 'HEAD'], dir)).stdout).changes;
      assert.deepEqual(
        edited.map((c: { file: string; status: string; grants: { added: string[]; removed: string[] } }) => [c.file, c.status, c.grants]),
        [['policies/renamed.json', 'modified', { added: ['s3:GetObjectAcl'], removed: ['s3:GetObject'], broadened: [] }]],
      );
    });

    it('takes paths relative to the working folder, and exits 0 when nothing is newly allowed', async () => {
      write('policies/read.json', READ_REWRITTEN);
      write('other/wide.json', READ_WIDER);
      const sub = join(dir, 'policies');
      const { code, stdout } = await cli(['diff', '--base', 'main', '.'], sub);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /^read\.json \(modified, identity\)\n {2}no change in access/);
      assert.equal((await cli(['diff', '--base', 'main'], sub)).code, 1);
    });

    it('works after a shallow clone of the base, and names an unknown ref', async () => {
      const clone = join(dir, 'clone');
      execFileSync('git', ['clone', '-q', '--depth=1', `file://${dir}`, clone], { stdio: 'pipe' });
      writeFileSync(join(clone, 'policies', 'read.json'), READ_WIDER);
      const { code, stdout } = await cli(['diff', '--format', 'json', '--base', 'origin/main'], clone);
      assert.equal(code, 1);
      assert.deepEqual(JSON.parse(stdout).changes[0].grants.added, ['iam:PassRole']);
      const unknown = await cli(['diff', '--base', 'origin/nope'], clone);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown git ref "origin\/nope"/);
    });
  });
});
