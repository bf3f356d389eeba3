import { AccessLevel, Catalog } from '../catalog/catalog';
import { compactPatterns } from '../catalog/compact';

/**
 * The compact patterns (`iam:Get*`) of a service's actions at the given access levels: exactly those
 * actions, as compact.ts verifies against the catalog.
 */
export function levelPatterns(catalog: Catalog, prefix: string, levels: readonly AccessLevel[]): string[] {
  const set = catalog.levelSet(prefix, levels);
  return compactPatterns(catalog, set, set);
}

/** Escapes text for a snippet's literal part. */
export function snippetEscape(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

export interface SnippetDefinition {
  label: string;
  /** For which document kinds the snippet is most useful; it is offered everywhere. */
  kind: 'identity' | 'trust';
  detail: string;
  /** Snippet body with tab indentation; `${n:...}` placeholders. */
  body: string;
}

function list(values: string[], indent: string): string {
  return `[\n${values.map((v) => `${indent}\t"${snippetEscape(v)}"`).join(',\n')}\n${indent}]`;
}

const memo = new WeakMap<Catalog, SnippetDefinition[]>();

/** Statement snippets for the least-privilege patterns users write most (statement-array items). */
export function statementSnippets(catalog: Catalog): SnippetDefinition[] {
  const cached = memo.get(catalog);
  if (cached) return cached;
  const iamRead = levelPatterns(catalog, 'iam', ['Read', 'List']);
  const iamWrite = levelPatterns(catalog, 'iam', ['Write', 'Permissions management', 'Tagging']);
  const snippets: SnippetDefinition[] = [
    {
      label: 'IAM read-only + Deny IAM writes',
      kind: 'identity',
      detail: `Allow ${iamRead.join(', ')}; explicitly Deny every IAM write (${catalog.iamWrite.count()} actions)`,
      body:
        `{\n\t"Sid": "\${1:IamReadOnly}",\n\t"Effect": "Allow",\n\t"Action": ${list(iamRead, '\t')},\n\t"Resource": "*"\n},\n` +
        `{\n\t"Sid": "DenyIamWrite",\n\t"Effect": "Deny",\n\t"Action": ${list(iamWrite, '\t')},\n\t"Resource": "*"\n}`,
    },
    {
      label: 'Deny IAM writes',
      kind: 'identity',
      detail: `An unconditional Deny of every IAM write action (${catalog.iamWrite.count()} actions), so no other policy can grant one`,
      body: `{\n\t"Sid": "DenyIamWrite",\n\t"Effect": "Deny",\n\t"Action": ${list(iamWrite, '\t')},\n\t"Resource": "*"\n}`,
    },
    {
      label: 'S3 read-only on one bucket',
      kind: 'identity',
      detail: 'List one bucket and read its objects',
      body:
        `{\n\t"Sid": "\${1:ReadBucket}",\n\t"Effect": "Allow",\n\t"Action": [\n\t\t"s3:GetObject",\n\t\t"s3:ListBucket"\n\t],\n` +
        `\t"Resource": [\n\t\t"arn:aws:s3:::\${2:bucket-name}",\n\t\t"arn:aws:s3:::\${2:bucket-name}/*"\n\t]\n}`,
    },
    {
      label: 'Trust: a role of another account, with sts:ExternalId',
      kind: 'trust',
      detail: 'Let one named role of another account assume this role, only with the external ID it was given (confused deputy protection)',
      body:
        `{\n\t"Sid": "\${1:AllowAccountAssumeRole}",\n\t"Effect": "Allow",\n\t"Principal": {\n\t\t"AWS": "arn:aws:iam::\${2:111122223333}:role/\${3:partner-role}"\n\t},\n` +
        `\t"Action": "sts:AssumeRole",\n\t"Condition": {\n\t\t"StringEquals": {\n\t\t\t"sts:ExternalId": "\${4:external-id}"\n\t\t}\n\t}\n}`,
    },
    {
      label: 'Trust: AWS service, scoped to your account',
      kind: 'trust',
      detail: 'Let an AWS service assume the role only on behalf of your account (aws:SourceAccount)',
      body:
        `{\n\t"Sid": "\${1:AllowServiceAssumeRole}",\n\t"Effect": "Allow",\n\t"Principal": {\n\t\t"Service": "\${2:lambda}.amazonaws.com"\n\t},\n` +
        `\t"Action": "sts:AssumeRole",\n\t"Condition": {\n\t\t"StringEquals": {\n\t\t\t"aws:SourceAccount": "\${3:111122223333}"\n\t\t}\n\t}\n}`,
    },
    {
      label: 'Trust: GitHub Actions OIDC, one repository',
      kind: 'trust',
      detail: 'Let workflows of one GitHub repository assume the role through OIDC',
      body:
        `{\n\t"Sid": "\${1:AllowGitHubActions}",\n\t"Effect": "Allow",\n\t"Principal": {\n\t\t"Federated": "arn:aws:iam::\${2:111122223333}:oidc-provider/token.actions.githubusercontent.com"\n\t},\n` +
        `\t"Action": "sts:AssumeRoleWithWebIdentity",\n\t"Condition": {\n\t\t"StringEquals": {\n\t\t\t"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"\n\t\t},\n` +
        `\t\t"StringLike": {\n\t\t\t"token.actions.githubusercontent.com:sub": "repo:\${3:owner/repo}:\${4:ref:refs/heads/main}"\n\t\t}\n\t}\n}`,
    },
  ];
  memo.set(catalog, snippets);
  return snippets;
}

/** Whole-document snippets for an empty file. */
export function documentSnippets(catalog: Catalog): SnippetDefinition[] {
  const [readOnly] = statementSnippets(catalog);
  const trust = statementSnippets(catalog).find((s) => s.label.startsWith('Trust: a role of another account'))!;
  const indent = (body: string) =>
    body
      .split('\n')
      .map((l) => `\t\t${l}`)
      .join('\n');
  return [
    {
      label: 'IAM policy: IAM read-only with Deny of IAM writes',
      kind: 'identity',
      detail: 'An identity policy document',
      body: `{\n\t"Version": "2012-10-17",\n\t"Statement": [\n${indent(readOnly.body)}\n\t]\n}`,
    },
    {
      label: 'IAM policy: role trust policy with sts:ExternalId',
      kind: 'trust',
      detail: 'A role trust policy document',
      body: `{\n\t"Version": "2012-10-17",\n\t"Statement": [\n${indent(trust.body)}\n\t]\n}`,
    },
  ];
}
