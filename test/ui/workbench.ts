// Helpers for the UI suite: one headless Chromium page on the code-server workbench that
// scripts/vscode/runUi.mjs started (the packaged VSIX installed, the test workspace copy opened).
// Every wait is on the workbench's own state (status bar, Problems rows, editor tabs, squiggles),
// never a fixed sleep.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';

export interface Workbench {
  page: Page;
  context: BrowserContext;
  /** The workspace folder the workbench opened (a copy of test/vscode/workspace). */
  workspace: string;
  screenshotsDir: string;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI suite with node scripts/vscode/runUi.mjs`);
  return value;
}

let current: { wb: Workbench; profile: string } | undefined;

/** Opens (once per run) the workbench on the test workspace and waits until it is ready. */
export async function workbench(): Promise<Workbench> {
  if (current) return current.wb;
  const url = env('IAMLP_UI_URL');
  const workspace = env('IAMLP_UI_WORKSPACE');
  const screenshotsDir = env('IAMLP_UI_SCREENSHOTS');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'iamlp-ui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.IAMLP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  // The explorer shows the workspace once the folder is resolved.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  current = { wb: { page, context, workspace, screenshotsDir }, profile };
  return current.wb;
}

export async function closeWorkbench(): Promise<void> {
  if (!current) return;
  const { wb, profile } = current;
  current = undefined;
  await wb.context.close().catch(() => undefined);
  fs.rmSync(profile, { recursive: true, force: true });
}

export function safeName(title: string): string {
  return title
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/** Saves a full-window screenshot as <name>.png in the run's screenshots folder; returns its path. */
export async function screenshot(wb: Workbench, name: string): Promise<string> {
  const file = path.join(wb.screenshotsDir, `${safeName(name)}.png`);
  await wb.page.screenshot({ path: file });
  return file;
}

/** Runs a command from the command palette (F1) by its title, e.g. "View: Close All Editors". */
export async function runCommand(wb: Workbench, title: string): Promise<void> {
  const { page } = wb;
  // A widget left open (a menu, a suggestion list, a failed scenario's prompt) would take F1.
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await input.press('Enter');
  // The palette is gone once the widget hides, or once it holds something else: a command that
  // asks for input (an ExternalId) reuses the widget at once, and may do so before it ever hides.
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + 30_000;
  while ((await widget.isVisible()) && (await input.inputValue().catch(() => '')) === `>${title}`) {
    if (Date.now() > deadline) throw new Error(`the command palette still shows "${title}" 30 s after Enter`);
    await page.waitForTimeout(50);
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab to be active. */
export async function openFile(wb: Workbench, relativePath: string): Promise<Locator> {
  const { page } = wb;
  const name = path.basename(relativePath);
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 700, y: 400 } })
    .catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible' });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ state: 'visible' });
  return editor;
}

/** The status bar's problem counts, e.g. { errors: 1, warnings: 1 }, read from its aria-label. */
export async function problemCounts(wb: Workbench): Promise<{ errors: number; warnings: number }> {
  const label = (await wb.page.locator('#status\\.problems a').first().getAttribute('aria-label')) ?? '';
  const errors = Number(/Errors?: (\d+)/i.exec(label)?.[1] ?? 0);
  const warnings = Number(/Warnings?: (\d+)/i.exec(label)?.[1] ?? 0);
  return { errors, warnings };
}

/** Waits until the status bar shows at least these counts. */
export async function waitForProblemCounts(wb: Workbench, min: { errors?: number; warnings?: number }, timeout = 30_000): Promise<void> {
  await wb.page.waitForFunction(
    ({ errors, warnings }) => {
      // Runs in the page: the DOM is there, but this project compiles without DOM types.
      const doc = (globalThis as any).document; // eslint-disable-line @typescript-eslint/no-explicit-any
      const label: string = doc.querySelector('#status\\.problems a')?.getAttribute('aria-label') ?? '';
      const e = Number(/Errors?: (\d+)/i.exec(label)?.[1] ?? 0);
      const w = Number(/Warnings?: (\d+)/i.exec(label)?.[1] ?? 0);
      return e >= errors && w >= warnings;
    },
    { errors: min.errors ?? 0, warnings: min.warnings ?? 0 },
    { timeout },
  );
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows. */
export async function openProblems(wb: Workbench): Promise<Locator> {
  const { page } = wb;
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
  return page.locator('.markers-panel .monaco-list-row');
}

/** Waits for a Problems row whose text contains `text` (e.g. a rule id); returns it. */
export async function problemRow(wb: Workbench, text: string, timeout = 30_000): Promise<Locator> {
  const rows = await openProblems(wb);
  const row = rows.filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout });
  return row;
}

/** The screen rectangle of the first occurrence of `text` in the active editor's rendered lines. */
export async function textBox(editor: Locator, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
  // Runs in the page (DOM available; this project compiles without DOM types, hence `any`).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const box = await editor.evaluate((root: any, needle: string) => {
    const doc = (globalThis as any).document; // eslint-disable-line @typescript-eslint/no-explicit-any
    const lines = root.querySelectorAll('.view-lines .view-line');
    for (const line of Array.from(lines)) {
      const walker = doc.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = node.textContent ?? '';
        const at = value.indexOf(needle);
        if (at < 0) continue;
        const range = doc.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
    }
    return undefined;
  }, text);
  if (!box) throw new Error(`"${text}" is not rendered in the editor`);
  return box;
}

/** The rectangles of the squiggles of a kind ('error' | 'warning' | 'info') in the editor. */
export async function squiggles(editor: Locator, kind: 'error' | 'warning' | 'info') {
  const boxes = [];
  for (const s of await editor.locator(`.squiggly-${kind}`).all()) {
    const b = await s.boundingBox();
    if (b) boxes.push(b);
  }
  return boxes;
}

export function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Puts the cursor in the active editor on the first occurrence of `needle` in the workspace file
 * (plus `offset` characters), with Go to Line/Column (Ctrl+G): no mouse, so no dependence on where
 * lines are drawn (code lenses appear above statements after the first render and shift them).
 */
export async function goToText(wb: Workbench, relativePath: string, needle: string, offset = 0): Promise<void> {
  const text = fs.readFileSync(path.join(wb.workspace, relativePath), 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${relativePath}`);
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const { page } = wb;
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page
    .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
    .first()
    .waitFor({ state: 'visible' });
}

/** Waits until `check` holds, re-measuring (layout settles after code lenses and decorations). */
export async function eventually(check: () => Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
