import { Rule } from '../engine/rule';
import { DIRECTIVE, documentDirectives } from '../engine/suppressions';
// A cycle (index.ts lists this rule), harmless: the list is read when a check runs, long after
// both modules have loaded.
import { allRules, ruleById } from './index';
import { closestName } from './closestName';
import { suggestionFix } from './suggestionFix';

export const SUPPRESSION_UNKNOWN_RULE = 'suppression-unknown-rule';

/** The rule id closest to a mistyped one, if any is close enough to be what was meant. */
export function closestRuleId(id: string): string | undefined {
  return closestName(
    id,
    allRules.map((rule) => rule.meta.id),
    Math.min(3, Math.floor(id.length / 3)),
  );
}

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
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    for (const directive of documentDirectives(doc)) {
      directive.rules.forEach((id, i) => {
        if (id === '*' || ruleById(id)) return;
        const suggestion = closestRuleId(id);
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
