// UI scenarios 2 and 3 of issue 6: quick fixes from the light bulb menu (Ctrl+.).
import * as assert from 'node:assert/strict';
import { Locator, Page } from 'playwright-core';
import { goToText, openFile, problemRow, runCommand, screenshot, Workbench, workbench } from './workbench';

/** Puts the cursor on `needle` in the file, opens the quick fix menu and picks the matching action. */
async function applyQuickFix(wb: Workbench, file: string, needle: string, label: RegExp): Promise<void> {
  const page: Page = wb.page;
  await goToText(wb, file, needle, 1);
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.filter({ hasText: label }).first().waitFor({ state: 'visible' });
  // Chosen with the keyboard, as the menu's own pointer shield swallows synthetic clicks.
  const count = await rows.count();
  for (let i = 0; i <= count; i++) {
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    if (label.test((await focused.getAttribute('aria-label')) ?? '')) break;
    if (i === count) throw new Error(`no quick fix matching ${label} could be focused`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden' });
}

/** The active editor's rendered text (Monaco renders spaces as non-breaking spaces). */
async function editorText(editor: Locator): Promise<string> {
  return ((await editor.locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
}

describe('UI 2: the quick fix that inserts the IAM-write Deny', () => {
  it('clears missing-iam-write-deny and the DenyIamWrite statement is in the file', async () => {
    const wb = await workbench();
    await runCommand(wb, 'View: Close All Editors');
    const editor = await openFile(wb, 'policies/quickfix-deny.json');
    await problemRow(wb, 'missing-iam-write-deny');
    await applyQuickFix(wb, 'policies/quickfix-deny.json', '"Statement"', /denying every IAM write action/);
    await editor.locator('.view-lines', { hasText: 'DenyIamWrite' }).waitFor({ state: 'visible' });
    // The problem leaves the Problems panel (rows of this file only: the others are closed).
    await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'missing-iam-write-deny' }).waitFor({ state: 'hidden' });
    assert.match(await editorText(editor), /"Effect": "Deny"/);
    await screenshot(wb, '2-quickfix-iam-write-deny');
    await runCommand(wb, 'File: Revert File');
  });
});

describe('UI 3: a trust policy without ExternalId', () => {
  it('shows trust-missing-external-id in the Problems panel', async () => {
    const wb = await workbench();
    await runCommand(wb, 'View: Close All Editors');
    const editor = await openFile(wb, 'policies/quickfix-trust.json');
    const row = await problemRow(wb, 'trust-missing-external-id');
    assert.match((await row.textContent()) ?? '', /without an ExternalId/);
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached' });
    await screenshot(wb, '3-trust-missing-external-id');
  });

  it('its quick fix adds the sts:ExternalId Condition', async () => {
    const wb = await workbench();
    const editor = wb.page.locator('.editor-group-container.active .monaco-editor').first();
    await applyQuickFix(wb, 'policies/quickfix-trust.json', '"Principal"', /ExternalId/);
    await editor.locator('.view-lines', { hasText: 'sts:ExternalId' }).waitFor({ state: 'visible' });
    await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'trust-missing-external-id' }).waitFor({ state: 'hidden' });
    assert.match(await editorText(editor), /"Condition"/);
    // Inserted as a snippet: the placeholder is selected, ready to type over...
    await wb.page.locator('.statusbar', { hasText: /\(\d+ selected\)/ }).waitFor({ state: 'visible' });
    // ...and indented like its sibling elements, not re-indented on top of the server's layout.
    const lines = (await editor.locator('.view-line').allTextContents()).map((l) => l.replace(/\u00a0/g, ' '));
    const indent = (needle: string) => {
      const line = lines.find((l) => l.includes(needle));
      assert.ok(line, `no line with ${needle}`);
      return line.length - line.trimStart().length;
    };
    assert.equal(indent('"Condition"'), indent('"Action"'));
    await screenshot(wb, '3-quickfix-external-id');
    await runCommand(wb, 'File: Revert File');
  });
});
