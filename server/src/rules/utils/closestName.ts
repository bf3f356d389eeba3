import { closestName } from '../../engine/nearMiss';

export { closestName };

/** The rule id closest to a mistyped one, if any is close enough to be what was meant. */
export function closestRuleId(id: string, ruleIds: Iterable<string>): string | undefined {
  return closestName(id, ruleIds, Math.min(3, Math.floor(id.length / 3)));
}
