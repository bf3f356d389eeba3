// UI scenario 4 of issue 6: completion and hover in an Action string show catalog entries.
import * as assert from 'node:assert/strict';
import { openFile, runCommand, screenshot, textBox, workbench } from './workbench';

describe('UI 4: completion and hover in an Action string', () => {
  it('Ctrl+Space after "iam:GetUs" suggests iam:GetUser with its access level', async () => {
    const wb = await workbench();
    const { page } = wb;
    await runCommand(wb, 'View: Close All Editors');
    const editor = await openFile(wb, 'policies/catalog-lookup.json');
    const partial = await textBox(editor, 'iam:GetUs"');
    // Click just before the closing quote, i.e. after "iam:GetUs".
    await page.mouse.click(partial.x + (partial.width * 9) / 10, partial.y + partial.height / 2);
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'iam:GetUser' }).first();
    await suggestion.waitFor({ state: 'visible' });
    assert.match((await suggestion.textContent()) ?? '', /Read/);
    await screenshot(wb, '4-completion');
    await page.keyboard.press('Escape');
    await page.locator('.editor-widget.suggest-widget').waitFor({ state: 'hidden' });
  });

  it('hovering iam:GetUser shows its catalog description', async () => {
    const wb = await workbench();
    const { page } = wb;
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    const action = await textBox(editor, 'iam:GetUser"');
    await page.mouse.move(action.x + action.width / 3, action.y + action.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'retrieve information about the specified IAM user' });
    await hover.waitFor({ state: 'visible' });
    assert.match((await hover.textContent()) ?? '', /iam:GetUser/);
    await screenshot(wb, '4-hover');
  });
});
