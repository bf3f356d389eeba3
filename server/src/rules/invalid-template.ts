import { Rule } from '../engine/rule';

/**
 * An infrastructure-as-code file (CloudFormation, SAM, Terraform) its parser cannot read. A CI gate
 * that passed such a file as clean would pass whatever policies it holds: the problem is reported
 * where the parser stopped, naming the parser, and the policies that could still be read are
 * checked as usual. Also a principal given more policies than IAM lets one have, whose policies
 * are then checked one by one (linter/analyzeFile.ts, MAX_POLICIES_PER_PRINCIPAL).
 */
export const invalidTemplate: Rule = {
  meta: {
    id: 'invalid-template',
    severity: 'error',
    category: 'grammar',
    description:
      'An infrastructure-as-code template (CloudFormation, SAM, Terraform) cannot be parsed, or attaches more policies to one principal than IAM accepts, so its policies cannot all be checked.',
    appliesTo: [],
    template: true,
  },
  check({ templateProblems, report }) {
    for (const problem of templateProblems ?? []) {
      report({
        offset: problem.offset,
        length: problem.length,
        message: `${problem.message}. ${problem.consequence ?? 'The policies of this template may not all be checked until it parses.'}`,
      });
    }
  },
};
