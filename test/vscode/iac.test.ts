// Templates in a real VS Code: a CloudFormation YAML stack and a Terraform file (no HCL extension
// installed: the .tf is plain text, selected by its name) get diagnostics, a quick fix written in
// their own syntax, and action-name and condition-key completion.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, applyQuickFix, codeOf, hasCodes, openDocument, waitForDiagnostics, quickFixes } from './support';

async function completionLabels(document: vscode.TextDocument, needle: string): Promise<string[]> {
  const offset = document.getText().indexOf(needle) + needle.length;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    document.positionAt(offset),
  );
  return (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/**
 * Runs `body` on a temporary folder holding `files` (name → lines), removed afterwards; `show`
 * opens one of them in an editor.
 */
async function inTemporaryFolder(
  prefix: string,
  files: Record<string, string[]>,
  body: (show: (name: string) => Promise<vscode.TextDocument>) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), [...lines, ''].join('\n'));
    await body(async (name) => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, name)));
      await vscode.window.showTextDocument(document);
      return document;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('templates (CloudFormation YAML, Terraform)', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a CloudFormation YAML stack: diagnostics on the YAML token, the Deny fix as a YAML block, completion', async () => {
    const editor = await openDocument('iac', 'stack.yaml');
    const { document } = editor;
    const diagnostics = await waitForDiagnostics(
      document.uri,
      hasCodes('allow-iam-write', 'missing-iam-write-deny'),
      'template diagnostics',
    );
    const write = diagnostics.find((d) => codeOf(d) === 'allow-iam-write')!;
    assert.equal(document.getText(write.range), 'iam:CreateUser');
    assert.equal(write.range.start.line, 11);

    const missing = diagnostics.find((d) => codeOf(d) === 'missing-iam-write-deny')!;
    await applyQuickFix(
      document.uri,
      missing.range,
      /denying every IAM write action/,
      (ds) => !ds.some((d) => codeOf(d) === 'missing-iam-write-deny'),
      'missing-iam-write-deny to go away',
    );
    assert.match(document.getText(), /\n {10}- Sid: DenyIamWrite\n {12}Effect: Deny\n/);

    assert.ok((await completionLabels(document, 'iam:GetRo')).includes('iam:GetRole'));
  });

  it('a Terraform file: diagnostics on the HCL token, the ExternalId fix inside jsonencode, completion', async () => {
    const editor = await openDocument('iac', 'main.tf');
    const { document } = editor;
    const diagnostics = await waitForDiagnostics(
      document.uri,
      hasCodes('trust-missing-external-id', 'unknown-action'),
      'Terraform diagnostics',
    );
    const typo = diagnostics.find((d) => codeOf(d) === 'unknown-action')!;
    assert.equal(document.getText(typo.range), '"s3:GetObj"');

    const trust = diagnostics.find((d) => codeOf(d) === 'trust-missing-external-id')!;
    await applyQuickFix(
      document.uri,
      trust.range,
      /ExternalId/,
      (ds) => !ds.some((d) => codeOf(d) === 'trust-missing-external-id' || codeOf(d) === 'invalid-template'),
      'trust-missing-external-id to go away, the HCL still parsing',
    );
    assert.match(document.getText(), /"sts:ExternalId"/);

    assert.ok((await completionLabels(document, 's3:GetObj')).includes('s3:GetObject'));
  });

  it('a dynamic "statement" block: diagnostics on its content, the ExternalId condition block added inside it', async () => {
    const trustTf = [
      'data "aws_iam_policy_document" "trust" {',
      '  dynamic "statement" {',
      '    for_each = var.deployers',
      '    content {',
      '      actions = ["sts:AssumeRole"]',
      '      principals {',
      '        type        = "AWS"',
      '        identifiers = ["arn:aws:iam::444455556666:role/deployer"]',
      '      }',
      '    }',
      '  }',
      '}',
    ];
    await inTemporaryFolder('iamlp-vscode-dynamic-', { 'trust.tf': trustTf }, async (show) => {
      const document = await show('trust.tf');
      const diagnostics = await waitForDiagnostics(document.uri, hasCodes('trust-missing-external-id'), 'a dynamic statement judged');
      const trust = diagnostics.find((d) => codeOf(d) === 'trust-missing-external-id')!;
      assert.equal(trust.range.start.line, 5, 'on the principals block inside the content');
      await applyQuickFix(
        document.uri,
        trust.range,
        /ExternalId/,
        (ds) => !ds.some((d) => codeOf(d) === 'trust-missing-external-id' || codeOf(d) === 'invalid-template'),
        'trust-missing-external-id to go away, the HCL still parsing',
      );
      assert.match(document.getText(), /\n {6}}\n {6}condition {\n {8}test {5}= "StringEquals"\n {8}variable = "sts:ExternalId"\n/);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  it('judges a role with the AWS managed policies it holds: a path split with AmazonEC2FullAccess, shown on both', async () => {
    const stack = [
      'Resources:',
      '  App:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}",
      "      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonEC2FullAccess']",
      '      Policies:',
      '        - PolicyName: pass',
      "          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:PassRole, Resource: '*'}]}",
    ];
    await inTemporaryFolder('iamlp-vscode-managed-', { 'stack.yaml': stack }, async (show) => {
      const document = await show('stack.yaml');
      const diagnostics = await waitForDiagnostics(document.uri, hasCodes('privilege-escalation'), 'the split path');
      const escalations = diagnostics.filter((d) => codeOf(d) === 'privilege-escalation');
      assert.deepEqual(
        escalations.map((d) => document.getText(d.range)),
        ["!Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonEC2FullAccess'", 'iam:PassRole'],
      );
      assert.match(escalations[1].message, /ec2:RunInstances from AWS managed policy AmazonEC2FullAccess/);
      // On the attachment: named, and with nothing to edit in AWS's document.
      assert.match(escalations[0].message, /^AWS managed policy AmazonEC2FullAccess, attached to App: Completes /);
      const fixes = await quickFixes(document.uri, escalations[0].range);
      assert.deepEqual(
        fixes.filter((f) => f.diagnostics?.some((d) => d.message === escalations[0].message)).map((f) => f.title),
        [],
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  it('an AWS managed policy ARN at the wrong path: an error on the ARN, and the quick fix writes the right path', async () => {
    const stack = [
      'Resources:',
      '  FunctionRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}",
      '      ManagedPolicyArns:',
      '        - arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole',
    ];
    await inTemporaryFolder('iamlp-vscode-arn-', { 'stack.yaml': stack }, async (show) => {
      const document = await show('stack.yaml');
      const diagnostics = await waitForDiagnostics(document.uri, hasCodes('unknown-aws-managed-policy'), 'the wrong path');
      const wrong = diagnostics.find((d) => codeOf(d) === 'unknown-aws-managed-policy')!;
      assert.equal(document.getText(wrong.range), 'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole');
      assert.equal(wrong.severity, vscode.DiagnosticSeverity.Error);
      await applyQuickFix(
        document.uri,
        wrong.range,
        /^Attach service-role\/AWSLambdaBasicExecutionRole$/,
        (ds) => !ds.some((d) => codeOf(d) === 'unknown-aws-managed-policy'),
        'the finding to go away',
      );
      assert.match(document.getText(), /\n {8}- arn:aws:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\n/);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  it("completes condition keys in a YAML flow mapping and in a data document's condition block", async () => {
    const files = {
      'stack.yaml': [
        'Resources:',
        '  Reader:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        '            Action: s3:ListBucket',
        "            Resource: '*'",
        "            Condition: {StringEquals: {aws:SourceAcc: '1'}}",
      ],
      'main.tf': [
        'data "aws_iam_policy_document" "reader" {',
        '  statement {',
        '    actions   = ["s3:ListBucket"]',
        '    resources = ["*"]',
        '    condition {',
        '      test     = "StringEquals"',
        '      variable = "aws:SourceAcc"',
        '      values   = ["1"]',
        '    }',
        '  }',
        '}',
      ],
    };
    await inTemporaryFolder('iamlp-vscode-conditions-', files, async (show) => {
      for (const name of ['stack.yaml', 'main.tf']) {
        const document = await show(name);
        let labels: string[] = [];
        // The server may still be loading the HCL parser for the first .tf: ask again meanwhile.
        for (let attempt = 0; attempt < 50 && !labels.includes('aws:SourceAccount'); attempt++) {
          labels = await completionLabels(document, 'aws:SourceAcc');
          if (!labels.includes('aws:SourceAccount')) await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(labels.includes('aws:SourceAccount'), `${name}: ${labels.slice(0, 10).join(', ')}`);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
    });
  });
});
