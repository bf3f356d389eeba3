import type { HostFormat } from './hostPolicy';
import { looksLikeTerraformPlan } from './terraform/terraformJson';

const CFN_YAML_NAMES = /\.(ya?ml|template|cfn)$/i;
const CFN_JSON_NAMES = /\.(json|template|cfn)$/i;

/**
 * The infrastructure-as-code format of a file, from its name and a glance at its text, or
 * undefined for a standalone policy or a file that holds no policy (a GitHub workflow, a
 * Kubernetes manifest): those cost one regular expression, never a parse.
 */
export function hostFormatOf(fileName: string, text: string): HostFormat | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.tf')) return 'terraform';
  if (name.endsWith('.tf.json')) return 'terraform-json';
  const firstChar = /\S/.exec(text)?.[0];
  if (firstChar === '{' && CFN_JSON_NAMES.test(name)) {
    if (looksLikeTerraformPlan(text)) return 'terraform-plan';
    // The literal first: a search for it is several times faster than the expression's, and a policy file has none.
    if (text.includes('"Resources"') && /"Resources"\s*:\s*\{/.test(text) && /"Type"\s*:\s*"AWS::/.test(text)) return 'cloudformation-json';
    return undefined;
  }
  if (CFN_YAML_NAMES.test(name) && /^Resources\s*:/m.test(text) && /\bType\s*:\s*['"]?AWS::/.test(text)) return 'cloudformation-yaml';
  return undefined;
}

/** File names a folder scan looks at for templates, beside policy files (.json, .jsonc). */
export function mayHoldTemplate(fileName: string): boolean {
  return /\.(ya?ml|template|cfn|tf)$/i.test(fileName) || /\.tf\.json$/i.test(fileName);
}
