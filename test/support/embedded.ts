import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'jsonc-parser';
import { analyzeEmbedded } from '../../server/src/engine/analyze';
import { LineIndex } from '../../server/src/engine/lineIndex';
import type { Finding } from '../../server/src/engine/rule';
import type { HostParse, HostPolicy } from '../../server/src/iac/hostPolicy';
import { allRules } from '../../server/src/rules';

/** test/fixtures/iac/tf, from the compiled test's folder. */
export const TF_FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'iac', 'tf');

export function tfFixture(name: string): { path: string; text: string } {
  const path = join(TF_FIXTURES, name);
  return { path, text: readFileSync(path, 'utf8') };
}

export interface EmbeddedFinding extends Finding {
  /** 1-based line of the finding's start. */
  line: number;
  /** The host text the finding points at. */
  text: string;
  variant: number;
}

/** Every rule over every variant of one embedded policy, with lines and the text pointed at. */
export function embeddedFindings(host: string, policy: HostPolicy): EmbeddedFinding[] {
  const lines = new LineIndex(host);
  return policy.variants.flatMap((root, variant) => {
    const result = analyzeEmbedded(allRules, { text: host, lines, root, kind: policy.kind });
    if (result.ruleErrors.length) throw new Error(`rule errors: ${JSON.stringify(result.ruleErrors)}`);
    return result.findings.map((f) => ({
      ...f,
      line: f.range.start.line + 1,
      text: host.slice(f.offset, f.offset + f.length),
      variant,
    }));
  });
}

export function policyAt(parse: HostParse, locator: string): HostPolicy {
  const found = parse.policies.find((p) => p.locator === locator);
  if (!found) throw new Error(`no policy ${locator} among ${parse.policies.map((p) => p.locator).join(', ')}`);
  return found;
}

/** Depth-first nodes of a tree. */
export function* nodesOf(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children ?? []) yield* nodesOf(child);
}

/** Every node of every policy lies inside the host text, its parent's range holding it. */
export function rangesInside(host: string, parse: HostParse): string[] {
  const problems: string[] = [];
  for (const policy of parse.policies) {
    for (const root of policy.variants) {
      for (const node of nodesOf(root)) {
        if (node.offset < 0 || node.length < 0 || node.offset + node.length > host.length) {
          problems.push(`${policy.locator}: ${node.type} at ${node.offset}+${node.length}`);
        }
      }
    }
  }
  return problems;
}
