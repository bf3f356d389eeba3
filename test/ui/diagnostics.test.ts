// UI scenario 1 of issue 6: what a person sees when a policy grants "iam:*".
import * as assert from 'node:assert/strict';
import {
  eventually,
  openFile,
  overlaps,
  problemRow,
  runCommand,
  screenshot,
  squiggles,
  textBox,
  waitForProblemCounts,
  workbench,
} from './workbench';

describe('UI 1: diagnostics of an Allow of "iam:*"', () => {
  it('the Problems panel lists allow-iam-write and missing-iam-write-deny; the error squiggle sits on the Action value', async () => {
    const wb = await workbench();
    await runCommand(wb, 'View: Close All Editors');
    const editor = await openFile(wb, 'policies/iam-star.json');
    await waitForProblemCounts(wb, { errors: 1, warnings: 1 });
    const allow = await problemRow(wb, 'allow-iam-write');
    const deny = await problemRow(wb, 'missing-iam-write-deny');
    assert.match((await allow.textContent()) ?? '', /IAM write/i);
    assert.ok(await deny.isVisible());

    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached' });
    // Measured together, and again until the layout settles (a code lens may push the lines down).
    let seen = '';
    await eventually(async () => {
      const value = await textBox(editor, '"iam:*"');
      const errors = await squiggles(editor, 'error');
      seen = `"iam:*" at ${JSON.stringify(value)}; error squiggles at ${JSON.stringify(errors)}`;
      return errors.some((s) => overlaps(s, value));
    }, 'an error squiggle over "iam:*"').catch((e: Error) => {
      throw new Error(`${e.message}: ${seen}`);
    });
    await screenshot(wb, '1-iam-star-diagnostics');
  });
});
