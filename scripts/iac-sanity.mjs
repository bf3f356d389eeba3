// A sanity run of the template adapters over a folder of real templates (CloudFormation, SAM, CDK
// output, Terraform): every file is analysed; it reports files and policies found, adapter or rule
// failures, findings whose range falls outside their file, and the findings by rule, so a person
// can read what the checker says. Not part of npm test: the folder is given on the command line.
// It also edits each template as a person would (a comment line above everything, a character typed
// in the middle) and checks that the language server's analysis of the edit, which reuses the
// previous version's (linter/policyReuse.ts), says exactly what an analysis from nothing says.
//   node scripts/iac-sanity.mjs DIR [--list]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { analyzeFile } = require(join(root, 'out/server/src/linter/analyzeFile.js'));
const { mayHoldTemplate } = require(join(root, 'out/server/src/iac/detect.js'));
const { loadTerraformParser } = require(join(root, 'out/server/src/iac/terraform/hclParser.js'));

const dir = process.argv[2];
if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: node scripts/iac-sanity.mjs DIR [--list]   (run npm run compile first)');
  process.exit(2);
}
const list = process.argv.includes('--list');

function walk(folder, out = []) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.terraform' && entry.name !== '.git') walk(path, out);
    } else if (mayHoldTemplate(entry.name) || entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

await loadTerraformParser();
const totals = { files: 0, templates: 0, policies: 0, crashes: 0, ruleErrors: 0, outOfRange: 0, bytes: 0, ms: 0, incrementalDiffers: 0 };

const seen = (analysis) => JSON.stringify(analysis.findings.map((f) => [f.rule, f.offset, f.length, f.range, f.message]));
/** The edits a person makes, each analysed after the file's previous version, against the same edit analysed from nothing. */
function checkIncremental(text, file) {
  const comment = file.endsWith('.json') ? undefined : '# edited\n';
  const middle = text.indexOf('\n', text.length >> 1);
  const versions = [comment && comment + text, middle > 0 ? `${text.slice(0, middle)} ${text.slice(middle)}` : undefined, text];
  let previous = analyzeFile(text, file, {}, { incremental: {} });
  for (const version of versions.filter(Boolean)) {
    previous = analyzeFile(version, file, {}, { incremental: { previous } });
    if (seen(previous) !== seen(analyzeFile(version, `${file}.fresh${file.slice(file.lastIndexOf('.'))}`))) {
      totals.incrementalDiffers++;
      console.log(`INCREMENTAL DIFFERS ${relative(dir, file)}`);
      return;
    }
  }
}
const byRule = new Map();
for (const file of walk(dir)) {
  const text = readFileSync(file, 'utf8');
  totals.files++;
  totals.bytes += text.length;
  let analysis;
  const started = performance.now();
  try {
    analysis = analyzeFile(text, file);
  } catch (err) {
    totals.crashes++;
    console.log(`CRASH ${relative(dir, file)}: ${err instanceof Error ? err.stack : String(err)}`);
    continue;
  }
  totals.ms += performance.now() - started;
  if (analysis.format === 'policy') continue;
  totals.templates++;
  totals.policies += analysis.policies.length;
  checkIncremental(text, file);
  for (const policy of analysis.policies) {
    for (const failure of policy.ruleErrors) {
      totals.ruleErrors++;
      console.log(`RULE ERROR ${failure.rule} in ${relative(dir, file)} ${policy.locator}: ${failure.error.split('\n')[0]}`);
    }
  }
  for (const finding of analysis.findings) {
    if (finding.offset < 0 || finding.offset + finding.length > text.length) {
      totals.outOfRange++;
      console.log(`OUT OF RANGE ${finding.rule} in ${relative(dir, file)} at ${finding.offset}+${finding.length}`);
    }
    byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
    if (list) {
      const line = finding.range.start.line + 1;
      console.log(`${relative(dir, file)}:${line}  ${finding.rule}  ${finding.policy ?? ''}  ${finding.message.slice(0, 160)}`);
    }
  }
}
console.log(
  `${totals.files} files (${(totals.bytes / 1024 / 1024).toFixed(2)} MB), ${totals.templates} templates, ${totals.policies} policies; ` +
    `${totals.crashes} crashes, ${totals.ruleErrors} rule errors, ${totals.outOfRange} ranges outside their file, ` +
    `${totals.incrementalDiffers} edits analysed incrementally unlike from nothing; ` +
    `${totals.ms.toFixed(0)} ms of analysis`,
);
console.log(
  [...byRule]
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', '),
);
process.exit(totals.crashes + totals.ruleErrors + totals.outOfRange > 0 ? 1 : 0);
