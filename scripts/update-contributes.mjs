// Writes the policy-editing contributions into package.json: the iamLeastPrivilege.enable, .rules
// (one enum entry per rule of server/src/rules/index.ts), .policyFiles and .excludeFiles settings,
// and jsonValidation for schemas/. Read-modify-write of only those keys, as others edit package.json
// too. Needs the compiled sources: `npx tsc -p tsconfig.json && node scripts/update-contributes.mjs`.
// test/unit/services/schemas.test.ts fails when package.json is out of date.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { policySettings, JSON_VALIDATION } = require(join(root, 'out', 'server', 'src', 'lsp', 'contributes.js'));
const { allRules } = require(join(root, 'out', 'server', 'src', 'rules', 'index.js'));

// An explicit path updates another copy of package.json (e.g. to commit only this change).
const path = process.argv[2] ?? join(root, 'package.json');
const pkg = JSON.parse(readFileSync(path, 'utf8'));
pkg.contributes ??= {};
let configuration = pkg.contributes.configuration;
if (Array.isArray(configuration)) configuration = configuration[0];
if (!configuration) configuration = pkg.contributes.configuration = { title: 'IAM Least Privilege', properties: {} };
configuration.properties ??= {};
// The policy settings first, then the others in their existing order.
const others = Object.fromEntries(Object.entries(configuration.properties).filter(([k]) => !(k in policySettings(allRules))));
configuration.properties = { ...policySettings(allRules), ...others };
pkg.contributes.jsonValidation = JSON_VALIDATION;
// package.json is kept ASCII (its titles write \u2026 for the ellipsis): escape what JSON.stringify
// would write out, so a run changes only what it generates.
const ascii = JSON.stringify(pkg, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(path, `${ascii}\n`);
console.log(
  `package.json: ${Object.keys(policySettings(allRules)).length} policy settings, ${allRules.length} rules, ${JSON_VALIDATION.length} jsonValidation entries`,
);
