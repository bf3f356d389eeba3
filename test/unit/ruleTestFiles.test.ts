// Keeps the rule tests laid out like the rules: server/src/rules/<id>.ts has its tests in
// test/unit/rules/<id>.test.ts, with a case where the rule fires and one where it stays silent (the
// invalid and valid cases of ESLint's rule tests), and that folder holds nothing else. Tests about
// several rules at once live in test/unit/engine/ruleInterplay.test.ts. Fix tests are grouped by
// rule in test/unit/fixes/<id>.test.ts beside the files about every rule's fixes (fixAll, suppress).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/rules';
import { REPO_ROOT } from '../support/scenarioPaths';

const RULE_TESTS = join(REPO_ROOT, 'test', 'unit', 'rules');
const FIX_TESTS = join(REPO_ROOT, 'test', 'unit', 'fixes');
const TEST_FILE = /^(.+)\.test\.ts$/;
const ruleIds = allRules.map((r) => r.meta.id);

/** The literal titles of the it() and describe() calls in a test file's source. */
function titles(source: string): string[] {
  return [...source.matchAll(/\b(?:it|describe)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)].map((m) => m[2]);
}

describe('rule tests are laid out like the rules', () => {
  it('every rule has test/unit/rules/<id>.test.ts', () => {
    const missing = ruleIds.filter((id) => !existsSync(join(RULE_TESTS, `${id}.test.ts`)));
    assert.deepEqual(missing, [], `rules without a test file in ${RULE_TESTS}`);
  });

  it('every file in test/unit/rules/ is the test file of an existing rule', () => {
    const strays = readdirSync(RULE_TESTS).filter((file) => {
      const id = TEST_FILE.exec(file)?.[1];
      return id === undefined || !ruleIds.includes(id);
    });
    assert.deepEqual(strays, [], 'name rule tests <rule id>.test.ts; tests of several rules go to engine/ruleInterplay.test.ts');
  });

  it('every rule test file has a case where the rule fires and one where it stays silent', () => {
    const incomplete: string[] = [];
    for (const id of ruleIds) {
      const file = join(RULE_TESTS, `${id}.test.ts`);
      if (!existsSync(file)) continue; // reported above
      const all = titles(readFileSync(file, 'utf8'));
      if (!all.some((t) => /\bfires\b/.test(t))) incomplete.push(`${id}: no test title says "fires"`);
      if (!all.some((t) => /\bsilent\b/.test(t))) incomplete.push(`${id}: no test title says "silent"`);
    }
    assert.deepEqual(incomplete, []);
  });

  it('a fix test file named like a rule id names an existing rule', () => {
    // Rule ids are kebab-case; the files about every rule's fixes (fixAll, suppress) are not.
    const strays = readdirSync(FIX_TESTS)
      .map((file) => TEST_FILE.exec(file)?.[1])
      .filter((name): name is string => name !== undefined && name.includes('-') && !ruleIds.includes(name));
    assert.deepEqual(strays, []);
  });
});
