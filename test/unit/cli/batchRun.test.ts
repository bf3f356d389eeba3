import * as assert from 'node:assert/strict';
import { BATCH_BYTES, BATCH_FILES, batchRun } from '../../../server/src/cli/batchRun';

describe('cli/batchRun: a run is tuned for a long one once it turns out to be one', () => {
  it('starts once, before the file that makes the run long by its number of files', () => {
    let started = 0;
    const aboutToAnalyse = batchRun(() => started++);
    for (let i = 1; i < BATCH_FILES; i++) aboutToAnalyse(100);
    assert.equal(started, 0, `${BATCH_FILES - 1} small files are a short run`);
    aboutToAnalyse(100);
    assert.equal(started, 1);
    for (let i = 0; i < 100; i++) aboutToAnalyse(BATCH_BYTES);
    assert.equal(started, 1, 'never again');
  });

  it('starts before one large file is analysed: a large template is a long run on its own', () => {
    let started = 0;
    const aboutToAnalyse = batchRun(() => started++);
    aboutToAnalyse(BATCH_BYTES - 1);
    assert.equal(started, 0);
    aboutToAnalyse(1);
    assert.equal(started, 1, 'by the bytes read so far');
    const single = batchRun(() => started++);
    single(BATCH_BYTES * 4);
    assert.equal(started, 2);
  });

  it('does nothing when the process has nothing to tune', () => {
    const aboutToAnalyse = batchRun(undefined);
    for (let i = 0; i < BATCH_FILES * 2; i++) assert.doesNotThrow(() => aboutToAnalyse(BATCH_BYTES));
  });
});
