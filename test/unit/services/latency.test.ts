import assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { catalogDetails } from '../../../server/src/catalog/details';
import { statementLenses } from '../../../server/src/services/codeLens';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';

/** A large policy: `n` statements of 20 actions each, with Conditions, about 1 kB per statement. */
export function largePolicy(n: number): string {
  const catalog = sharedCatalog();
  const statements: string[] = [];
  for (let i = 0; i < n; i++) {
    const actions = Array.from({ length: 20 }, (_, j) => catalog.actions[(i * 97 + j * 31) % catalog.size].fullName);
    statements.push(
      JSON.stringify(
        {
          Sid: `Statement${i}`,
          Effect: i % 5 === 0 ? 'Deny' : 'Allow',
          ...(i % 7 === 0 ? { NotAction: actions } : { Action: actions }),
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123', 'aws:RequestedRegion': ['eu-west-1'] } },
        },
        null,
        2,
      ),
    );
  }
  return `{\n"Version": "2012-10-17",\n"Statement": [\n${statements.join(',\n')}\n]\n}`;
}

function median(run: (i: number) => void, times = 7): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run(i);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)];
}

describe('completion, hover and code lens latency on a large policy', () => {
  it('stay interactive on a 1,000-statement policy (about 1 MB)', function () {
    this.timeout(60000);
    const catalog = sharedCatalog();
    catalogDetails(catalog);
    const text = largePolicy(1000);
    const last = text.lastIndexOf('"Action": [');
    const actionOffset = text.indexOf('"', last + '"Action": ['.length) + 1;
    const typed = `${text.slice(0, actionOffset)}iam:Get${text.slice(actionOffset)}`;
    const notAction = text.lastIndexOf('"NotAction"') + 3;
    const key = text.lastIndexOf('aws:PrincipalOrgID') + 4;

    // After an edit (a new text each run: parsed again) and on an unchanged document (parse reused).
    const edited = (t: string, i: number) => `${t}${' '.repeat(i + 1)}`;
    const timings = {
      'completion of iam:Get… (actions + patterns), after an edit': median((i) =>
        assert.ok(complete(edited(typed, i), actionOffset + 7).items.length > 100),
      ),
      'completion of condition keys, after an edit': median((i) =>
        complete(edited(text, i), text.lastIndexOf('"aws:RequestedRegion"') + 1),
      ),
      'hover on an action, after an edit': median((i) => assert.ok(hover(edited(text, i), actionOffset + 3))),
      'hover on an action, unchanged document': median(() => assert.ok(hover(text, actionOffset + 3))),
      'hover on NotAction, unchanged document': median(() => assert.ok(hover(text, notAction))),
      'hover on a condition key, unchanged document': median(() => assert.ok(hover(text, key))),
      'code lens (1,000 statements), after an edit': median((i) => assert.equal(statementLenses(edited(text, i + 100)).length, 1000), 5),
    };
    const report = Object.entries(timings).map(([what, ms]) => `${what}: ${ms.toFixed(1)} ms`);
    console.log(`      ${(text.length / 1024 / 1024).toFixed(1)} MB policy, median of warm runs:\n      ${report.join('\n      ')}`);
    // Generous bounds: CI machines are slow and shared; the point is to catch an order of magnitude.
    for (const [what, ms] of Object.entries(timings)) assert.ok(ms < 1500, `${what} took ${ms.toFixed(0)} ms`);
  });
});
