import { join } from 'node:path';

/** The repository root, from the compiled out/test/support location. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const POLICIES_DIR = join(REPO_ROOT, 'policies');
export const POLICY_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'policies');
