import { Rule } from '../engine/rule';
import { DIRECTIVE, SUPPRESSION_MISSING_REASON, documentDirectives, missingReasonMessage } from '../engine/suppressions';

/**
 * A suppression hides a finding from everyone who reads the policy later; without a reason
 * nobody can tell an accepted risk from a silenced one. The suppression still applies (it was
 * meant), but this finding, which cannot itself be suppressed, takes its place.
 */
export const suppressionMissingReason: Rule = {
  meta: {
    id: SUPPRESSION_MISSING_REASON,
    severity: 'error',
    category: 'grammar',
    description: 'A suppression (an iamlp-ignore-next-statement comment or an .iamlp.json entry) gives no reason.',
    standaloneOnly: true,
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const directive of documentDirectives(doc)) {
      if (directive.reason) continue;
      report({
        offset: directive.offset,
        length: directive.length,
        message: missingReasonMessage(`This ${DIRECTIVE} comment`),
        data: { rules: directive.rules },
      });
    }
  },
  fixes(finding, { text }) {
    // Open a reason for the user to type: `-- ${1:reason}` at the end of the comment.
    const comment = text.slice(finding.offset, finding.offset + finding.length);
    const block = comment.startsWith('/*');
    const body = block ? comment.slice(0, -2).trimEnd() : comment.trimEnd();
    const hasDashes = /--\s*$/.test(body);
    const insertAt = finding.offset + body.length;
    const newText = `${hasDashes ? ' ' : ' -- '}\${1:why this finding is accepted}${block ? ' ' : ''}`;
    return [
      {
        title: 'Add a reason to the suppression',
        kind: 'quickfix',
        edits: [{ offset: insertAt, length: block ? finding.offset + finding.length - 2 - insertAt : 0, newText }],
        isPreferred: true,
        snippet: true,
      },
    ];
  },
};
