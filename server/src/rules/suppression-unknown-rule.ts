import { Rule } from '../engine/rule';
import { DIRECTIVE, documentDirectives } from '../engine/suppressions';
import { closestRuleId } from './utils/closestName';
import { suggestionFix } from './utils/suggestionFix';

export const SUPPRESSION_UNKNOWN_RULE = 'suppression-unknown-rule';

/**
 * A directive naming a rule that does not exist suppresses nothing for it: the author believes a
 * finding is handled while it is either still shown (and the comment looks broken) or, after the
 * rule is renamed, the comment silently outlives its purpose.
 */
export const suppressionUnknownRule: Rule = {
  meta: {
    id: SUPPRESSION_UNKNOWN_RULE,
    severity: 'warning',
    category: 'grammar',
    description: 'An iamlp-ignore-next-statement comment names a rule that does not exist, so it suppresses nothing for it.',
    standaloneOnly: true,
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, knownRuleIds, report }) {
    for (const directive of documentDirectives(doc)) {
      directive.rules.forEach((id, i) => {
        if (id === '*' || knownRuleIds.has(id)) return;
        const suggestion = closestRuleId(id, knownRuleIds);
        report({
          offset: directive.ruleOffsets[i],
          length: id.length,
          message:
            `"${id}" is not a rule, so this ${DIRECTIVE} comment suppresses nothing for it` +
            (suggestion ? `: did you mean "${suggestion}"?` : '. The rule ids are listed in docs/rules.'),
          data: suggestion ? { suggestion } : undefined,
        });
      });
    }
  },
  fixes(finding) {
    // Never safe for fix-all: the corrected id starts hiding findings, which the author must see happen.
    return suggestionFix(finding, (suggestion) => suggestion);
  },
};
