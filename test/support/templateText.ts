import { analyzeFile } from '../../server/src/linter/analyzeFile';
import type { Finding } from '../../server/src/engine/rule';

/** The findings of a template file, with the 1-based line and the text each one covers. */
export function templateFindings(text: string, fileName: string): Array<Finding & { line: number; text: string }> {
  return analyzeFile(text, fileName).findings.map((f) => ({
    ...f,
    line: f.range.start.line + 1,
    text: text.slice(f.offset, f.offset + f.length),
  }));
}

/** `rule@line` of every finding, for compact assertions. */
export function ruleLines(text: string, fileName: string): string[] {
  return templateFindings(text, fileName).map((f) => `${f.rule}@${f.line}`);
}

/**
 * A Terraform file of `roles` roles, each with a trust policy and an inline policy granting
 * iam:PassRole on "*" (two lenses, one allow-iam-write per role), after `header` (a comment that
 * makes the text one no earlier test analysed).
 */
export function terraformRoles(roles: number, header = ''): string {
  const parts = [header];
  for (let i = 0; i < roles; i++) {
    parts.push(`resource "aws_iam_role" "r${i}" {
  name = "role-${i}"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "p${i}" {
  role = aws_iam_role.r${i}.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "iam:PassRole"], Resource = "*" }]
  })
}
`);
  }
  return parts.join('');
}

/**
 * A CloudFormation YAML role that `service` assumes, attaching `arns` (YAML list items: an ARN, a
 * `!Sub`), with `inline` policy documents (YAML flow mappings) of its own.
 */
export function roleAttaching(arns: readonly string[], service = 'lambda.amazonaws.com', inline: readonly string[] = []): string {
  return (
    [
      'Resources:',
      '  FunctionRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ${service}}, Action: sts:AssumeRole}]}`,
      ...(arns.length > 0 ? ['      ManagedPolicyArns:', ...arns.map((arn) => `        - ${arn}`)] : []),
      ...(inline.length > 0 ? ['      Policies:'] : []),
      ...inline.flatMap((doc, i) => [`        - PolicyName: p${i}`, `          PolicyDocument: ${doc}`]),
    ].join('\n') + '\n'
  );
}

/** A SAM template of one function whose `Policies` is `policies` (a YAML flow list). */
export function samFunction(policies: string): string {
  return [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: python3.12',
    '      Handler: index.handler',
    '      CodeUri: src/',
    `      Policies: ${policies}`,
  ].join('\n');
}
