// Writes policies/idsentinel-baseline.template.json and .template.yaml (CloudFormation) and
// idsentinel-baseline.tf (Terraform), the deployable baseline, from the
// policy files in policies/ (server/src/scenario/template.ts does the work; bundled on the fly here so
// this runs without a prior compile). `--check` exits 1 instead of writing when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSource } from './lib/loadSource.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exported = loadSource(join(root, 'server/src/scenario/template.ts'));
const {
  readBaselinePolicies,
  renderBaselineTemplate,
  renderBaselineYamlTemplate,
  renderBaselineTerraform,
  TEMPLATE_FILE,
  YAML_TEMPLATE_FILE,
  TERRAFORM_FILE,
} = exported;

const dir = join(root, 'policies');
const policies = readBaselinePolicies(dir);
let stale = false;
for (const [file, text] of [
  [TEMPLATE_FILE, renderBaselineTemplate(policies)],
  [YAML_TEMPLATE_FILE, renderBaselineYamlTemplate(policies)],
  [TERRAFORM_FILE, renderBaselineTerraform(policies)],
]) {
  const target = join(dir, file);
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // No template yet: it is written below, and --check reports it as stale.
  }
  if (current === text) console.log(`policies/${file} is up to date`);
  else if (process.argv.includes('--check')) {
    console.error(`policies/${file} is stale: run node scripts/build-baseline-template.mjs`);
    stale = true;
  } else {
    writeFileSync(target, text);
    console.log(`wrote policies/${file}`);
  }
}
if (stale) process.exit(1);
