import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readHostFile, forgetHostFile } from '../../../server/src/iac/hostFile';
import type { HostParse } from '../../../server/src/iac/hostPolicy';
import { loadTerraformParser } from '../../../server/src/iac/terraform/hclParser';
import { parseTerraform } from '../../../server/src/iac/terraform/terraform';
import { FileAnalysis, analyzeFile } from '../../../server/src/linter/analyzeFile';
import { cachedFileAnalysis } from '../../../server/src/services/analysisCache';
import { codeActionsAt } from '../../../server/src/services/codeActions';

/** What a person sees of an analysis: every finding with its place and words. */
function seen(analysis: FileAnalysis) {
  return analysis.findings.map((f) => ({
    rule: f.rule,
    offset: f.offset,
    length: f.length,
    range: f.range,
    message: f.message,
    policy: f.policy,
  }));
}

/** Analyses each version with the previous one handed over, and checks each against an analysis from nothing. */
function checkVersions(fileName: string, versions: string[]): FileAnalysis[] {
  const analyses: FileAnalysis[] = [];
  let previous: FileAnalysis | undefined;
  versions.forEach((text, i) => {
    previous = analyzeFile(text, fileName, {}, { incremental: { previous } });
    const fresh = analyzeFile(text, `fresh-${i}-${fileName}`, {});
    assert.deepEqual(seen(previous), seen(fresh), `version ${i}`);
    assert.deepEqual(
      previous.policies.map((p) => [p.locator, p.kind, p.results.length, p.results[0]?.document.root?.offset]),
      fresh.policies.map((p) => [p.locator, p.kind, p.results.length, p.results[0]?.document.root?.offset]),
      `version ${i}: policies`,
    );
    analyses.push(previous);
  });
  return analyses;
}

const role = (name: string, action: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::111122223333:root'}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: inline
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${action}
                Resource: '*'
`;

const stack = (...roles: string[]) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${roles.join('')}`;

describe('a template analysed version after version (the language server)', () => {
  before(() => loadTerraformParser());

  it('CloudFormation YAML: every version reads as an analysis from nothing, whatever moved', () => {
    const base = stack(role('A', 'iam:CreateUser'), role('B', 's3:GetObject'), role('C', 'iam:PassRole'));
    checkVersions('stack.yaml', [
      base,
      `# a comment line moves every policy\n${base}`,
      base.replace('s3:GetObject', 's3:GetObject*'),
      base.replace(role('B', 's3:GetObject'), `${role('B', 's3:GetObject')}${role('New', 'iam:AttachRolePolicy')}`),
      base.replace('Action: sts:AssumeRole', 'Action: [sts:AssumeRole'),
      base,
      base.replace('iam:CreateUser', 'iam:CreateUzer'),
    ]);
  });

  it('an unchanged policy keeps its findings without being analysed again, until a feature reads its documents', () => {
    const base = stack(role('A', 'iam:CreateUser'), role('B', 's3:GetObject'));
    const first = analyzeFile(base, 'lazy.yaml', {}, { incremental: {} });
    const second = analyzeFile(`#\n${base}`, 'lazy.yaml', {}, { incremental: { previous: first } });
    const moved = second.policies.find((p) => p.locator === 'Resources.A.Properties.Policies[0].PolicyDocument');
    assert.ok(moved);
    assert.equal(typeof Object.getOwnPropertyDescriptor(moved, 'results')?.get, 'function', 'reused, its analysis deferred');
    const before = first.policies.find((p) => p.locator === moved.locator)!;
    assert.deepEqual(
      moved.findings.map((f) => [f.rule, f.offset]),
      before.findings.map((f) => [f.rule, f.offset + 2]),
    );
    // The origins tie each moved finding to the fresh analysis its fixes read.
    for (const finding of moved.findings) assert.ok(moved.origins.get(finding), finding.rule);
  });

  it('an AWS managed policy attached: kept while it and its principal are unchanged, judged again when they change', () => {
    const withManaged = (arn: string, action: string) =>
      stack(role('A', action).replace('      Policies:', `      ManagedPolicyArns: [${arn}]\n      Policies:`), role('B', 's3:GetObject'));
    const base = withManaged('arn:aws:iam::aws:policy/AdministratorAccess', 's3:ListBucket');
    const denied = `# moved\n${base}`.replace(
      "Action: s3:ListBucket\n                Resource: '*'\n",
      "Action: s3:ListBucket\n                Resource: '*'\n              - {Effect: Deny, Action: 'iam:*', Resource: '*'}\n",
    );
    assert.notEqual(denied, `# moved\n${base}`);
    const [first, second, third] = checkVersions('managed.yaml', [
      base,
      `# moved\n${base}`,
      denied,
      withManaged('arn:aws:iam::aws:policy/IAMFullAccess', 's3:ListBucket'),
      base,
    ]);
    const [before, after] = [first.awsManaged?.[0], second.awsManaged?.[0]];
    assert.ok(before && after);
    assert.equal(after.signature, before.signature);
    assert.equal(typeof Object.getOwnPropertyDescriptor(after, 'document')?.get, 'function', 'reused, its document read when asked');
    assert.equal(after.document.root?.offset, before.offset + '# moved\n'.length);
    // The role's own Deny changes what the attachment grants in effect: judged again.
    assert.deepEqual(
      third.awsManaged?.[0].findings.filter((f) => f.rule === 'allow-iam-write').map((f) => f.severity),
      ['info'],
    );
  });

  it('a quick fix on a reused policy edits the new version at the right place', () => {
    const base = stack(role('A', 'iam:CreateUser'), role('B', 's3:GetObject'));
    const edited = `# moved\n${base}`;
    cachedFileAnalysis(base, 'fix.yaml', {});
    const reused = codeActionsAt(edited, 0, edited.length, {}, undefined, 'fix.yaml');
    const fresh = codeActionsAt(edited, 0, edited.length, {}, undefined, 'other.yaml');
    const editsOf = (actions: typeof reused) => actions.map((a) => [a.title, a.edits]);
    assert.ok(reused.length > 0);
    assert.deepEqual(editsOf(reused), editsOf(fresh));
  });

  it('Terraform: unchanged blocks are reused, moved, and data documents take the kind their current use gives', () => {
    const data = `data "aws_iam_policy_document" "doc" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:root"]\n    }\n  }\n}\n`;
    const user = (slot: string) =>
      `resource "${slot}" "r" {\n  name = "r"\n  ${slot === 'aws_iam_role' ? 'assume_role_policy' : 'policy'} = data.aws_iam_policy_document.doc.json\n}\n`;
    const policy = (name: string, action: string) =>
      `resource "aws_iam_role_policy" "${name}" {\n  role = aws_iam_role.r.id\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }]\n  })\n}\n`;
    const base = `${policy('p1', 'iam:CreateUser')}${user('aws_iam_role')}${data}${policy('p2', 'ec2:RunInstances')}`;
    const [first, , third] = checkVersions('main.tf', [
      base,
      `# moved\n\n${base}`,
      base.replace(user('aws_iam_role'), user('aws_iam_policy')),
      base.replace('ec2:RunInstances', 'iam:PassRole'),
      base.replace('policy = jsonencode({', 'policy = jsonencode({{'),
      base,
    ]);
    assert.equal(first.policies.find((p) => p.locator === 'data.aws_iam_policy_document.doc')?.kind, 'trust');
    assert.equal(third.policies.find((p) => p.locator === 'data.aws_iam_policy_document.doc')?.kind, 'identity');
  });

  it('Terraform: a reparse after an edit gives the trees a parse from nothing gives', () => {
    const text = Array.from(
      { length: 20 },
      (_, i) =>
        `resource "aws_iam_policy" "p${i}" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:Get${i}*", Resource = "*" }] })\n}\n`,
    ).join('');
    const tree = (node: { type: string; offset: number; length: number; value?: unknown; children?: unknown[] }): unknown => [
      node.type,
      node.offset,
      node.length,
      node.value,
      (node.children ?? []).map((c) => tree(c as typeof node)),
    ];
    parseTerraform(text, 'trees.tf');
    const edited = text.replace('"p3"', '"p3_renamed"');
    const again = parseTerraform(edited, 'trees.tf');
    const fresh = parseTerraform(edited, 'trees-fresh.tf');
    assert.deepEqual(
      again.policies.map((p) => [p.locator, p.variants.map(tree)]),
      fresh.policies.map((p) => [p.locator, p.variants.map(tree)]),
    );
  });

  it('CloudFormation YAML: a resource re-read on its own reads as the whole file does, whatever the edit', () => {
    const base =
      stack(role('A', 'iam:CreateUser'), role('B', '[s3:GetObject, "s3:Put*"]'), role('C', 'iam:PassRole')) + 'Outputs:\n  X: 1\n';
    const snapshot = (parse: HostParse | undefined) =>
      JSON.stringify(
        (parse?.policies ?? []).map((p) => {
          if (p.spans)
            assert.deepEqual(
              p.spans,
              p.variants.map((v) => ({ offset: v.offset, length: v.length })),
            );
          return [p.locator, p.kind, p.resource, p.edits, p.attachedTo, p.placedOn, p.variants];
        }),
        (key, value: unknown) => (key === 'parent' ? undefined : key === 'source' ? (value as string).length : value),
      ) + JSON.stringify(parse?.errors);
    const parseOf = (text: string, file: string) => {
      const read = readHostFile(text, file);
      return read.kind === 'template' ? read.parse : undefined;
    };
    fc.assert(
      fc.property(
        fc.nat(base.length),
        fc.nat(12),
        fc.constantFrom(
          '',
          'x',
          ' ',
          '\n',
          '\n  D:\n',
          '    Extra: 1\n',
          ': ',
          '- ',
          '&a ',
          '*a',
          '"',
          "'",
          '{',
          '#',
          '|\n',
          'iam:*',
          '\t',
        ),
        (at, removed, inserted) => {
          const next = base.slice(0, at) + inserted + base.slice(Math.min(base.length, at + removed));
          forgetHostFile('/work/versions.yaml');
          parseOf(base, '/work/versions.yaml');
          const carried = snapshot(parseOf(next, '/work/versions.yaml'));
          forgetHostFile('/work/fresh.yaml');
          assert.equal(carried, snapshot(parseOf(next, '/work/fresh.yaml')));
        },
      ),
      { numRuns: 300 },
    );
  });
});
