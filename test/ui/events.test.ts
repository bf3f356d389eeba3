// UI scenario 6 of issue 6: the AssumeRole Events view against the tests' loopback CloudTrail
// server (test/support/cloudTrailServer.ts): events listed, the failed one marked, a click opens
// its raw JSON. The server and the settings pointing at it: loopback.ts.
import * as assert from 'node:assert/strict';
import { loopback } from './loopback';
import { runCommand, screenshot, workbench } from './workbench';

describe('UI 6: AssumeRole Events view', () => {
  it('lists the AssumeRole events, marks the failed one, and opens an event as JSON', async () => {
    const { cloudTrail } = loopback();
    const wb = await workbench();
    const { page } = wb;
    await runCommand(wb, 'View: Close All Editors');
    await page.locator('.activitybar .action-item a[aria-label^="IAM Least Privilege"]').click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'AssumeRole Events' }) });
    await pane.waitFor({ state: 'visible' });
    await runCommand(wb, 'IAM: Refresh AssumeRole Events');

    const rows = pane.locator('.monaco-list-row');
    const ok = rows.filter({ hasText: 'alice-deploy' }).first();
    const failed = rows.filter({ hasText: 'mallory' }).first();
    await ok.waitFor({ state: 'visible', timeout: 30_000 });
    await failed.waitFor({ state: 'visible' });
    await rows.filter({ hasText: 'ci-pipeline' }).first().waitFor({ state: 'visible' }); // eu-west-1 too
    assert.equal(await failed.locator('.codicon-error').count(), 1, 'the failed AssumeRole has the error icon');
    assert.equal(await ok.locator('.codicon-error').count(), 0, 'a successful one has none');
    assert.ok(
      cloudTrail.requests.some((r) => r.region === 'eu-west-1'),
      'the view asked both regions',
    );
    // The view's message says the load is over ("4 events, 1 failed, ... in us-east-1, eu-west-1").
    await pane.getByText(/^Loading AssumeRole events/).waitFor({ state: 'hidden' });
    await screenshot(wb, '6-events-listed');

    await failed.click();
    const tab = page.locator('.tabs-container .tab.active[aria-label*="00000000-0000-4000-8000-000000000002"]');
    await tab.waitFor({ state: 'visible' });
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.filter({ hasText: 'AccessDenied' }).waitFor({ state: 'visible' });
    await screenshot(wb, '6-event-json');
  });
});
