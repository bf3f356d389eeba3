import { loadTerraformParser } from '../../../server/src/iac/terraform/terraform';
import { AccessSinceHead, CommittedPolicies, accessSinceHead } from './accessSinceHead';
import { CommittedText } from './committedText';

/**
 * Which documents "Show Access Added Since HEAD" and its code lens read: policy files (json,
 * jsonc), CloudFormation YAML, and templates known by their file name whatever language VS Code
 * gave them (`.tf` is `terraform` with HashiCorp's extension, `hcl` with others, plain text without
 * any; `.tf.json`; CloudFormation's `.template`), as the language client selects them. Plain, so
 * node tests cover it without VS Code.
 */
export const DIFF_LANGUAGES: readonly string[] = ['json', 'jsonc', 'yaml'];
export const DIFF_FILE_PATTERNS: readonly string[] = ['**/*.tf', '**/*.tf.json', '**/*.template'];

const TEMPLATE_NAMES = /\.(tf|tf\.json|template)$/i;
const TERRAFORM_HCL = /\.tf$/i;

/** Whether a document of this language and path gets the lens (the selectors above, as a test). */
export function isDiffCandidate(languageId: string, path: string): boolean {
  return DIFF_LANGUAGES.includes(languageId) || TEMPLATE_NAMES.test(path);
}

/**
 * accessSinceHead once the file's reader is ready: a `.tf` needs the HCL parser (WebAssembly,
 * loaded on the first one), without which the file would read as holding no policy.
 */
export async function compareWithCommitted(
  file: string,
  committed: CommittedText | Promise<CommittedText>,
  text: string,
  committedPolicies?: CommittedPolicies,
): Promise<AccessSinceHead> {
  if (TERRAFORM_HCL.test(file)) await loadTerraformParser();
  return accessSinceHead(file, await committed, text, undefined, committedPolicies);
}
