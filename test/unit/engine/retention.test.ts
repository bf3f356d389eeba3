import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { complete } from '../../../server/src/services/completion';
import { analyze, policy } from '../../support/policyText';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** How many texts each test analyses, and how large each one is. */
const TEXTS = 24;
const PADDING = 256 * 1024;

/**
 * The heap still in use after `analyseOne` ran TEXTS times, each time on a fresh text of about
 * PADDING characters that the test does not keep: what the process's caches hold on to. A string
 * read out of a document (a Resource, a typed pattern) is a slice of the document's text, and a
 * cache keyed by it keeps the whole text alive: a language server editing a large policy then kept
 * every version it analysed.
 */
function retainedBy(analyseOne: (i: number) => void): number {
  analyseOne(TEXTS);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < TEXTS; i++) analyseOne(i);
  collectGarbage();
  return process.memoryUsage().heapUsed - before;
}

describe('caches keep no document text alive', () => {
  const allTexts = TEXTS * PADDING;

  it('analysing policies whose resources the escalation paths compare keeps none of their texts', function () {
    this.timeout(30_000);
    const retained = retainedBy((i) => {
      const text = policy([
        {
          Effect: 'Allow',
          Action: ['iam:PassRole', 'ec2:RunInstances'],
          Resource: [`arn:aws:iam::111122223333:role/role-${i}`, `arn:aws:ec2:us-east-1:111122223333:instance/i-${i}`],
        },
      ]);
      const result = analyze(text + ' '.repeat(PADDING));
      assert.ok(
        result.findings.some((f) => f.rule === 'privilege-escalation'),
        'the paths read the resources',
      );
    });
    assert.ok(retained < allTexts / 4, `${(retained / 1e6).toFixed(1)} MB of ${(allTexts / 1e6).toFixed(1)} MB of texts still held`);
  });

  it("the catalog's answers for unknown and malformed services keep none of the texts that named them", function () {
    this.timeout(30_000);
    const retained = retainedBy((i) => {
      const [action, rule] =
        i % 2 === 0 ? [`nosuchservice${i}:GetThing`, 'unknown-action'] : [`no_such_service_${i}:GetThing`, 'malformed-action'];
      const text = policy([{ Effect: 'Allow', Action: action, Resource: '*' }]);
      const result = analyze(text + ' '.repeat(PADDING));
      assert.ok(
        result.findings.some((f) => f.rule === rule),
        `${action} was looked up`,
      );
    });
    assert.ok(retained < allTexts / 4, `${(retained / 1e6).toFixed(1)} MB of ${(allTexts / 1e6).toFixed(1)} MB of texts still held`);
  });

  it('completing wildcard patterns keeps none of the texts they were typed in', function () {
    this.timeout(30_000);
    const retained = retainedBy((i) => {
      const typed = `s3:get${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${i}*`;
      const text = `{"Statement":[{"Effect":"Allow","Action":"${typed}","Resource":"*"}]}${' '.repeat(PADDING)}`;
      complete(text, text.indexOf(typed) + typed.length);
    });
    assert.ok(retained < allTexts / 4, `${(retained / 1e6).toFixed(1)} MB of ${(allTexts / 1e6).toFixed(1)} MB of texts still held`);
  });
});
