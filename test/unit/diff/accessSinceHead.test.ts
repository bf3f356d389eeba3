import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessSinceHead } from '../../../client/src/diff/accessSinceHead';
import { committedText } from '../../../client/src/diff/committedText';
import { DIFF_FILE_PATTERNS, DIFF_LANGUAGES, compareWithCommitted, isDiffCandidate } from '../../../client/src/diff/diffDocuments';
import { policy } from '../../support/policyText';

const READ = policy([{ Sid: 'Read', Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }]);
const WIDER = policy([{ Sid: 'Read', Effect: 'Allow', Action: ['iam:Get*', 'iam:PassRole', 's3:GetObject'], Resource: '*' }]);

describe('access added since HEAD (the editor command and code lens)', () => {
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamlp-since-head-'));
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'read.json'), READ);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the committed text with git, tells a new file and a folder outside git apart', async () => {
    assert.deepEqual(await committedText(join(dir, 'policies', 'read.json')), { kind: 'committed', text: READ });
    writeFileSync(join(dir, 'policies', 'new.json'), READ);
    assert.deepEqual(await committedText(join(dir, 'policies', 'new.json')), { kind: 'new' });
    const outside = mkdtempSync(join(tmpdir(), 'iamlp-no-git-'));
    try {
      const none = await committedText(join(outside, 'p.json'));
      assert.equal(none.kind, 'unavailable');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('gives the lens "+N actions, +M IAM write since HEAD" and a report when the edit adds access', async () => {
    const file = join(dir, 'policies', 'read.json');
    const result = accessSinceHead(file, await committedText(file), WIDER);
    assert.equal(result.newAccess, true);
    assert.equal(result.lens, '+2 actions, +1 IAM write since HEAD');
    assert.match(result.markdown, /^# Access added since HEAD: read\.json\n/);
    assert.match(result.markdown, /\*\*IAM writes added:\*\* `iam:PassRole`/);
    assert.match(result.markdown, /\| s3 \| Read \| `s3:GetObject` \|/);
  });

  it('counts an entry compared by name (an action the catalog does not know) in the lens', async () => {
    const file = join(dir, 'policies', 'read.json');
    const unknown = policy([{ Sid: 'Read', Effect: 'Allow', Action: ['iam:Get*', 's3:GetObjekt'], Resource: '*' }]);
    const result = accessSinceHead(file, await committedText(file), unknown);
    assert.equal(result.newAccess, true);
    assert.equal(result.lens, '+1 action since HEAD');
    assert.match(result.markdown, /\*\*Actions the catalog does not know:\*\* `s3:GetObjekt`/);
  });

  it('gives no lens for an edit that adds nothing, and says so in the report', async () => {
    const file = join(dir, 'policies', 'read.json');
    const narrower = policy([{ Sid: 'Read', Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }]);
    const result = accessSinceHead(file, await committedText(file), narrower);
    assert.equal(result.lens, undefined);
    assert.match(result.markdown, /no new access/);
    assert.equal(
      accessSinceHead(file, await committedText(file), READ).markdown,
      '# Access added since HEAD: read.json\n\nNo change since HEAD.\n',
    );
  });

  it('compares a template policy by policy', () => {
    const template = (action: string) =>
      [
        'Resources:',
        '  Role:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
        '      Policies:',
        '        - PolicyName: read',
        `          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ${action}, Resource: "*"}]}`,
      ].join('\n') + '\n';
    const result = accessSinceHead(join(dir, 'stack.yaml'), { kind: 'committed', text: template('iam:GetRole') }, template('"iam:*"'));
    assert.match(result.lens ?? '', /^\+\d+ actions, \+\d+ IAM writes since HEAD$/);
    assert.match(result.markdown, /Resources\.Role\.Properties\.Policies\[0\]\.PolicyDocument/);
    assert.doesNotMatch(result.markdown, /AssumeRolePolicyDocument/);
    // An AWS managed policy attached since HEAD is access added too.
    const attached = template('iam:GetRole').replace(
      '      Policies:',
      '      ManagedPolicyArns: [arn:aws:iam::aws:policy/IAMFullAccess]\n      Policies:',
    );
    const lens = accessSinceHead(join(dir, 'stack.yaml'), { kind: 'committed', text: template('iam:GetRole') }, attached);
    assert.match(lens.lens ?? '', /^\+\d+ actions, \+\d+ IAM writes since HEAD$/);
    assert.match(lens.markdown, /Role holds AWS managed policy IAMFullAccess/);
  });

  const terraform = (action: string) => `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }]
  })
}
`;

  it('compares a committed .tf policy by policy, loading the HCL parser first', async function () {
    this.timeout(20000);
    const file = join(dir, 'main.tf');
    writeFileSync(file, terraform('iam:GetRole'));
    git('add', '.');
    git('commit', '-q', '-m', 'terraform');
    const result = await compareWithCommitted(file, committedText(file), terraform('iam:*'));
    assert.match(result.lens ?? '', /^\+\d+ actions, \+\d+ IAM writes since HEAD$/);
    assert.match(result.markdown, /aws_iam_role_policy\.app\.policy/);
    assert.doesNotMatch(result.markdown, /data\.aws_iam_policy_document\.assume/, 'the unchanged trust policy adds nothing');
    const same = await compareWithCommitted(file, committedText(file), terraform('iam:GetRole'));
    assert.equal(same.lens, undefined);
  });

  it('compares a .tf.json data document added since HEAD', async () => {
    const file = join(dir, 'main.tf.json');
    const document = (actions: string[]) =>
      JSON.stringify({ data: { aws_iam_policy_document: { app: { statement: { actions, resources: ['*'] } } } } }, null, 2);
    writeFileSync(file, document(['s3:GetObject']));
    git('add', '.');
    git('commit', '-q', '-m', 'terraform json');
    const result = await compareWithCommitted(file, committedText(file), document(['s3:GetObject', 's3:PutObject']));
    assert.equal(result.lens, '+1 action since HEAD');
    assert.match(result.markdown, /data\.aws_iam_policy_document\.app/);
  });

  it('gives the lens to policy files, CloudFormation YAML and templates by file name, whatever their language', () => {
    for (const [language, path, expected] of [
      ['json', '/w/policies/read.json', true],
      ['yaml', '/w/stack.yaml', true],
      ['terraform', '/w/main.tf', true],
      ['hcl', '/w/main.tf', true],
      ['plaintext', '/w/main.tf', true],
      ['plaintext', '/w/MAIN.TF', true],
      ['json', '/w/main.tf.json', true],
      ['plaintext', '/w/stack.template', true],
      ['plaintext', '/w/notes.txt', false],
      ['terraform', '/w/terraform.tfvars', false],
      ['typescript', '/w/app.ts', false],
    ] as const) {
      assert.equal(isDiffCandidate(language, path), expected, `${language} ${path}`);
    }
    assert.deepEqual([...DIFF_LANGUAGES], ['json', 'jsonc', 'yaml']);
    assert.ok(DIFF_FILE_PATTERNS.includes('**/*.tf') && DIFF_FILE_PATTERNS.includes('**/*.tf.json'));
  });

  it('counts everything a new file allows as added; a non-policy gets no lens', async () => {
    const file = join(dir, 'policies', 'new.json');
    const result = accessSinceHead(file, { kind: 'new' }, WIDER);
    assert.ok(result.lens?.startsWith('+'));
    assert.match(result.markdown, /is not in HEAD yet/);
    assert.equal(accessSinceHead(join(dir, 'package.json'), { kind: 'new' }, '{"name":"x"}').lens, undefined);
    assert.match(
      accessSinceHead(file, { kind: 'unavailable', reason: 'no git' }, WIDER).markdown,
      /Nothing to compare new\.json with: no git/,
    );
  });
});
