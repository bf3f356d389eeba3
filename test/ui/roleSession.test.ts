// UI scenario 5 of issue 6: "IAM: Assume Auditor Role" from the command palette against the tests'
// loopback STS server (test/support/stsServer.ts, seeded with the identity baseline): the status bar
// shows the role session and its countdown, and the countdown runs.
import * as assert from 'node:assert/strict';
import { BASELINE } from '../support/stsServer';
import { loopback } from './loopback';
import { runCommand, screenshot, workbench } from './workbench';

describe('UI 5: Assume Auditor Role', () => {
  it('assumes the role with its ExternalId; the status bar shows the session and a running countdown', async () => {
    const { sts } = loopback();
    const wb = await workbench();
    const { page } = wb;
    await runCommand(wb, 'View: Close All Editors');
    const status = page.locator('.statusbar-item', { hasText: 'IAM: no role' });
    await status.waitFor({ state: 'visible' });

    await runCommand(wb, 'IAM: Assume Auditor Role');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'ExternalId' }).waitFor({ state: 'visible' });
    await input.fill(BASELINE.externalId);
    await input.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Use once' }).waitFor({ state: 'visible' });
    await input.fill('Use once');
    await input.press('Enter');

    const session = page.locator('.statusbar-item', { hasText: 'Role-IDSentinel-Auditor/' });
    await session.waitFor({ state: 'visible', timeout: 30_000 });
    const first = ((await session.textContent()) ?? '').trim();
    assert.match(first, /Role-IDSentinel-Auditor\/\S+ (\d+h \d{2}m|\d+:\d{2})$/, `status bar: ${first}`);
    // The countdown runs: the status bar text changes on its own.
    await page.waitForFunction(
      (before) =>
        Array.from(
          (globalThis as unknown as { document: { querySelectorAll(selector: string): unknown } }).document.querySelectorAll(
            '.statusbar-item',
          ) as ArrayLike<{ textContent: string | null }>,
        ).some((e) => (e.textContent ?? '').includes('Role-IDSentinel-Auditor/') && (e.textContent ?? '').trim() !== before),
      first,
      { timeout: 70_000 },
    );
    assert.ok(
      sts.requests.some((r) => r.action === 'AssumeRole'),
      'AssumeRole reached the loopback STS',
    );
    assert.equal(sts.issued().length, 1, 'one role session was issued');
    await screenshot(wb, '5-role-session-status-bar');
  });
});
