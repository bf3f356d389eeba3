import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', '..', '..', 'dist');

describe('what the bundles of dist/ hold (scripts/build.mjs)', () => {
  it('is ASCII throughout, so that V8 holds each source one byte a character', () => {
    for (const bundle of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(DIST, bundle), 'latin1');
      const at = text.search(/[\u0080-\u00ff]/);
      assert.equal(at, -1, `${bundle}: ${text.slice(Math.max(0, at - 40), at + 40)}`);
    }
  });
});
