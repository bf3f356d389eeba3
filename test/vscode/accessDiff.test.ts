// "IAM: Show Access Added Since HEAD" and its code lens, on a policy in a temporary git repository.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './support';

const policy = (actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);

const terraform = (action: string) => `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }]
  })
}
`;

// The client reads YAML with the parser dist/ keeps in a bundle of its own (dist/vendor-yaml.js).
const cloudFormation = (action: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ${action}
            Resource: '*'
`;

const OBJECTS = 'arn:aws:s3:::reports/*';
const ROLE = 'arn:aws:iam::111122223333:role/app';
const mixed = (resources: string[]) =>
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 'iam:GetRole'], Resource: resources }] },
    null,
    2,
  );

/** The code lens titles of `uri` once one ends with "since HEAD" (the lens computes asynchronously). */
async function sinceHeadLenses(uri: vscode.Uri): Promise<string[]> {
  let titles: string[] = [];
  for (let attempt = 0; attempt < 50 && !titles.some((t) => t.endsWith('since HEAD')); attempt++) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    titles = lenses.map((l) => l.command?.title ?? '');
    if (!titles.some((t) => t.endsWith('since HEAD'))) await new Promise((r) => setTimeout(r, 200));
  }
  return titles;
}

describe('access added since HEAD', () => {
  let dir: string;
  before(async () => {
    await activateExtension();
    dir = mkdtempSync(join(tmpdir(), 'iamlp-vscode-diff-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    writeFileSync(join(dir, 'app.json'), policy(['iam:GetRole']));
    writeFileSync(join(dir, 'mixed.json'), mixed([OBJECTS]));
    writeFileSync(join(dir, 'main.tf'), terraform('iam:GetRole'));
    writeFileSync(join(dir, 'stack.yaml'), cloudFormation('iam:GetRole'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Opens a committed file and replaces its whole text, unsaved: the lens compares it with HEAD. */
  async function openEdited(file: string, text: string): Promise<{ uri: vscode.Uri; editor: vscode.TextEditor }> {
    const uri = vscode.Uri.file(join(dir, file));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, editor.document.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    return { uri, editor };
  }

  /** The edit is left unsaved: revert it before closing, so no "save changes?" prompt blocks the run. */
  async function revertAndClose(editor: vscode.TextEditor): Promise<void> {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  const showAccessAdded = (uri: vscode.Uri) =>
    vscode.commands.executeCommand<{ newAccess: boolean; markdown: string }>('iamLeastPrivilege.showAccessAddedSinceHead', uri);

  it('shows "+N actions, +M IAM write since HEAD" above an edited policy, and the command reports it', async () => {
    const { uri, editor } = await openEdited('app.json', policy(['iam:GetRole', 'iam:PassRole', 's3:GetObject']));
    const titles = await sinceHeadLenses(uri);
    assert.ok(titles.includes('+2 actions, +1 IAM write since HEAD'), `lenses: ${titles.join(' | ')}`);
    const result = await showAccessAdded(uri);
    assert.equal(result?.newAccess, true);
    assert.match(result?.markdown ?? '', /\*\*IAM writes added:\*\* `iam:PassRole`/);
    await revertAndClose(editor);
  });

  it("counts a role's ARN added next to a bucket's as iam:GetRole added, not s3:GetObject broadened", async () => {
    const { uri, editor } = await openEdited('mixed.json', mixed([OBJECTS, ROLE]));
    const titles = await sinceHeadLenses(uri);
    assert.ok(titles.includes('+1 action since HEAD'), `lenses: ${titles.join(' | ')}`);
    const result = await showAccessAdded(uri);
    assert.match(result?.markdown ?? '', /iam:GetRole/);
    assert.doesNotMatch(result?.markdown ?? '', /s3:GetObject/);
    await revertAndClose(editor);
  });

  /** Replaces a committed template's text, asserts the lens counts the IAM writes it adds, and reverts. */
  async function assertWritesLens(file: string, text: string): Promise<void> {
    const { uri, editor } = await openEdited(file, text);
    const titles = await sinceHeadLenses(uri);
    assert.ok(
      titles.some((t) => /^\+\d+ actions, \+\d+ IAM writes since HEAD$/.test(t)),
      `lenses (${editor.document.languageId}): ${titles.join(' | ')}`,
    );
    await revertAndClose(editor);
  }

  it('shows the lens above an edited .tf, whatever language VS Code gave it (terraform, hcl or plain text)', () =>
    assertWritesLens('main.tf', terraform('iam:*')));

  it('shows the lens above an edited CloudFormation YAML template', () => assertWritesLens('stack.yaml', cloudFormation("'iam:*'")));
});
