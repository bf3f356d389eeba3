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
