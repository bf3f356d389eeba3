// Root hooks of the UI suite: the loopback AWS servers and the settings pointing at them before the
// workbench opens; a screenshot of every failing scenario (kept as FAILED-<title>.png); at the end
// the browser closed and the servers stopped.
import { startLoopback, stopLoopback } from './loopback';
import { closeWorkbench, screenshot, workbench } from './workbench';

before(async () => {
  await startLoopback();
});

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
  await stopLoopback();
});
