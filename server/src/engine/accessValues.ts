import type { Node } from 'jsonc-parser';
import { deployTimeOf } from './deployTime';

/**
 * A value as compared: a template's value known only at deploy time (`!Ref Bucket`, `Fn::Join`)
 * becomes an unknown named by the template's own text, so it equals itself across versions and
 * nothing else; a `Fn::Sub` keeps its known text, its unknown parts already written `${Name}`.
 */
export function comparedValue(value: string, node: Node | undefined): string {
  const deployTime = deployTimeOf(node);
  if (!deployTime || deployTime.partial) return value;
  return `\${deploy:${deployTime.source.replace(/\{/g, '(').replace(/\}/g, ')')}}`;
}
