// Root hooks of the UI suite: a screenshot of every failing scenario (kept as FAILED-<title>.png),
// and the browser closed at the end.
import { closeWorkbench, screenshot, workbench } from './workbench';

afterEach(async function () {
  if (this.currentTest?.state === 'failed') {
    const wb = await workbench().catch(() => undefined);
    if (wb) {
      const file = await screenshot(wb, `FAILED-${this.currentTest.fullTitle()}`).catch(() => undefined);
      if (file) console.log(`      failure screenshot: ${file}`);
    }
  }
});

after(async () => {
  await closeWorkbench();
});
