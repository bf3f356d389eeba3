import { readCloudFormation } from './cloudformation/template';
import { forgetCloudFormationYaml, readCloudFormationYaml } from './cloudformation/yamlVersions';
import { hostFormatOf } from './detect';
import type { HostFormat, HostParse } from './hostPolicy';
import {
  forgetTerraformFile,
  loadTerraformParser,
  mayHoldPolicies,
  parseTerraform,
  parseTerraformInSteps,
  terraformParserLoaded,
} from './terraform/terraform';
import type { Steps } from '../util/steps';
import { HCL_PARSER_NAME } from './terraform/hclParser';
import { parseTerraformJson, parseTerraformPlan } from './terraform/terraformJson';

export type HostFileRead =
  { kind: 'policy-file' } | { kind: 'template'; parse: HostParse } | { kind: 'reader-not-loaded'; format: HostFormat };

function readTemplate(text: string, fileName: string, format: HostFormat): HostParse | undefined {
  switch (format) {
    case 'cloudformation-json':
      return readCloudFormation(text, 'json');
    case 'cloudformation-yaml':
      return readCloudFormationYaml(text, fileName);
    case 'terraform-json':
      return parseTerraformJson(text, fileName);
    case 'terraform-plan':
      return parseTerraformPlan(text, fileName);
    case 'terraform':
      // Most Terraform holds no policy: such a file is not parsed at all, loaded parser or not.
      if (!mayHoldPolicies(text)) return { format, policies: [], errors: [], referencedFiles: [] };
      return terraformParserLoaded() ? parseTerraform(text, fileName) : undefined;
  }
}

/**
 * What a file holds: a standalone policy (or nothing of ours), or a template with its policies.
 * The HCL grammar is WebAssembly, loaded asynchronously on the first Terraform file
 * (iac/terraform/hclParser.ts loadTerraformParser): before that a .tf that may hold policies is
 * `reader-not-loaded`. Never throws: a template its parser cannot read is a HostParse with errors.
 */
export function readHostFile(text: string, fileName: string): HostFileRead {
  const format = hostFormatOf(fileName, text);
  if (!format) return { kind: 'policy-file' };
  try {
    const parse = readTemplate(text, fileName, format);
    return parse ? { kind: 'template', parse } : { kind: 'reader-not-loaded', format };
  } catch (err) {
    return readerFailed(format, err);
  }
}

function readerFailed(format: HostFormat, err: unknown): HostFileRead {
  const reason = err instanceof Error ? err.message : String(err);
  // The parsers' own refusals name themselves; anything else is this reader's failure.
  const message = reason.startsWith(HCL_PARSER_NAME) ? reason : `${format} reader failed: ${reason}`;
  return { kind: 'template', parse: { format, policies: [], errors: [{ message, offset: 0, length: 0 }], referencedFiles: [] } };
}

/**
 * readHostFile a step at a time, for the language server: a large `.tf` read for the first time
 * pauses during its parse and its walk (terraform.ts parseTerraformInSteps), about every `sliceMs`;
 * every other file is read in one step, as readHostFile reads it.
 */
export function* readHostFileInSteps(text: string, fileName: string, sliceMs: number): Steps<HostFileRead> {
  const format = hostFormatOf(fileName, text);
  if (format !== 'terraform' || !terraformParserLoaded()) return readHostFile(text, fileName);
  try {
    return { kind: 'template', parse: yield* parseTerraformInSteps(text, fileName, sliceMs) };
  } catch (err) {
    return readerFailed(format, err);
  }
}

/** Frees what is kept of a file for reading its next version faster (it was closed in the editor, say). */
export function forgetHostFile(fileName: string): void {
  forgetCloudFormationYaml(fileName);
  forgetTerraformFile(fileName);
}

/**
 * Resolves once the reader of `fileName` is loaded: the HCL parser (WebAssembly) loads on the first
 * .tf, and a hover or completion on a file opened a moment before found no policy in it, with
 * nothing to make the editor ask again. A failed load resolves too: the analysis reports it.
 */
export async function readerReady(fileName: string, text: string): Promise<void> {
  if (hostFormatOf(fileName, text) !== 'terraform' || terraformParserLoaded()) return;
  await loadTerraformParser().catch(() => undefined);
}
