// UI scenario 4 of issue 6: completion and hover in an Action string show catalog entries.
import * as assert from 'node:assert/strict';
import { goToText, openFile, runCommand, screenshot, workbench } from './workbench';

describe('UI 4: completion and hover in an Action string', () => {
  it('Ctrl+Space after "iam:GetUs" suggests iam:GetUser with its access level', async () => {
    const wb = await workbench();
    const { page } = wb;
    await runCommand(wb, 'View: Close All Editors');
    await openFile(wb, 'policies/catalog-lookup.json');
    await goToText(wb, 'policies/catalog-lookup.json', '"iam:GetUs"', '"iam:GetUs'.length);
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'iam:GetUser' }).first();
    await suggestion.waitFor({ state: 'visible' });
    assert.match((await suggestion.textContent()) ?? '', /Read/);
    await screenshot(wb, '4-completion');
    await page.keyboard.press('Escape');
    await page.locator('.editor-widget.suggest-widget').waitFor({ state: 'hidden' });
  });

  it('the hover of iam:GetUser shows its catalog description', async () => {
    const wb = await workbench();
    const { page } = wb;
    await goToText(wb, 'policies/catalog-lookup.json', 'iam:GetUser', 5);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // Show Hover, at the cursor
    const hover = page.locator('.monaco-hover', { hasText: 'retrieve information about the specified IAM user' });
    await hover.waitFor({ state: 'visible' });
    assert.match((await hover.textContent()) ?? '', /iam:GetUser/);
    await screenshot(wb, '4-hover');
  });
});
