// Headless Debian Chromium driven by playwright-core: with these flags it rendered the code-server
// (VS Code 1.100) workbench here, 6-14 s after page.goto. --no-sandbox because Chromium's sandbox
// does not start as root (containers, CI); --disable-gpu as there is no GPU; the others keep Chromium
// from reaching out (QUIC, background networking, component updates, sync) on a machine without
// network. The profile folder is launchPersistentContext's first argument, not a --user-data-dir flag.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.IAMLP_CHROMIUM || '/usr/bin/chromium';

/** Returns { context, page, close() }; the profile lives in a temp folder removed by close(). */
export async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'iamlp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
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
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}
