import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/scenarioPaths';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    views?: Record<string, Array<{ id: string }>>;
    walkthroughs?: Array<{ id: string; steps: Step[] }>;
    configuration?: unknown;
  };
};
/** Commands other features register (issue 4's assume command may be contributed separately). */
const OTHER_FEATURES = new Set(['iamLeastPrivilege.assumeAuditorRole']);

describe('scenario walkthrough (contributes.walkthroughs)', () => {
  const walkthrough = pkg.contributes.walkthroughs?.find((w) => w.id === 'iamLeastPrivilege.seedScenario');

  it("follows the seed's seven steps in order", () => {
    assert.ok(walkthrough, 'the walkthrough is contributed');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['openPolicies', 'readDiagnostics', 'fixBrokenTwin', 'deployBaseline', 'assumeRole', 'verifyLeastPrivilege', 'assumeRoleEvidence'],
    );
  });

  it('every step has existing markdown media and a completion event', () => {
    for (const step of walkthrough!.steps) {
      assert.ok(step.media.markdown && existsSync(join(REPO_ROOT, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
      assert.ok((step.completionEvents ?? []).length > 0, step.id);
    }
  });

  it('every command a step links to exists', () => {
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(pkg.contributes.views ?? {}).flatMap((v) => v.map((x) => x.id)));
    for (const step of walkthrough!.steps) {
      const links = [...step.description.matchAll(/\(command:([\w.-]+)\)/g)].map((m) => m[1]);
      assert.equal(links.length, 1, `${step.id} has one button`);
      for (const id of [...links, ...(step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice(10))]) {
        const known =
          contributed.has(id) ||
          OTHER_FEATURES.has(id) ||
          id.startsWith('workbench.') ||
          (id.endsWith('.focus') && views.has(id.slice(0, -6)));
        assert.ok(known, `${step.id}: ${id}`);
      }
    }
  });

  it('contributes "IAM: Verify Least Privilege" and the iamEndpoint setting', () => {
    const verify = pkg.contributes.commands.find((c) => c.command === 'iamLeastPrivilege.verifyLeastPrivilege');
    assert.deepEqual([verify?.title, verify?.category], ['Verify Least Privilege', 'IAM']);
    assert.match(JSON.stringify(pkg.contributes.configuration), /"iamLeastPrivilege\.aws\.iamEndpoint"/);
  });
});
