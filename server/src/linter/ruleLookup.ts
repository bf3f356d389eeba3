import { Rule } from '../engine/rule';
import { allRules } from '../rules';
import { closestRuleId } from '../rules/utils/closestName';

const rulesById = new Map(allRules.map((rule) => [rule.meta.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return rulesById.get(id);
}

/** The real rule id a mistyped one most likely means (settings, .iamlp.json). */
export function closestKnownRuleId(id: string): string | undefined {
  return closestRuleId(id, rulesById.keys());
}
