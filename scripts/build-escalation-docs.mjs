// Writes the table of privilege escalation paths into docs/rules/privilege-escalation.md, between
// its markers, from server/src/engine/escalationPaths.ts (bundled on the fly, so no compile is
// needed). `--check` exits 1 instead of writing when the page is stale; test/unit/docs.test.ts fails then.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSource } from './lib/loadSource.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exported = loadSource(join(root, 'server/src/engine/escalationDocs.ts'));
const { withEscalationPaths } = exported;

const target = join(root, 'docs', 'rules', 'privilege-escalation.md');
const current = readFileSync(target, 'utf8');
const text = withEscalationPaths(current);
if (text === undefined) {
  console.error('docs/rules/privilege-escalation.md has lost its escalation-paths markers');
  process.exit(1);
}
if (current === text) console.log('docs/rules/privilege-escalation.md is up to date');
else if (process.argv.includes('--check')) {
  console.error('docs/rules/privilege-escalation.md is stale: run node scripts/build-escalation-docs.mjs');
  process.exit(1);
} else {
  writeFileSync(target, text);
  console.log('wrote docs/rules/privilege-escalation.md');
}
