import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', '..', '..', 'dist');

/** The sources esbuild put into a bundle of dist/, from its source map. */
function sourcesOf(bundle: string): string[] {
  return (JSON.parse(readFileSync(join(DIST, `${bundle}.map`), 'utf8')) as { sources: string[] }).sources;
}

describe('what the bundles of dist/ hold (scripts/build.mjs)', () => {
  it("holds none of jsonc-parser's formatter and editor, whose tables a bundle built as it started", () => {
    for (const bundle of ['cli.js', 'server.js', 'client.js', 'accessDiffWorker.js']) {
      const sources = sourcesOf(bundle);
      assert.ok(
        sources.some((s) => s.endsWith('jsonc-parser/lib/esm/impl/scanner.js')),
        `${bundle} uses jsonc-parser's scanner`,
      );
      assert.deepEqual(
        sources.filter((s) => /jsonc-parser\/lib\/esm\/impl\/(format|edit|string-intern)\.js$/.test(s)),
        [],
        bundle,
      );
    }
  });

  it('is ASCII throughout, so that V8 holds each source one byte a character', () => {
    for (const bundle of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(DIST, bundle), 'latin1');
      const at = text.search(/[\u0080-\u00ff]/);
      assert.equal(at, -1, `${bundle}: ${text.slice(Math.max(0, at - 40), at + 40)}`);
    }
  });
});
