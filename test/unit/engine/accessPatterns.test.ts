import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { arnPatternContains, patternContains, patternsMayOverlap } from '../../../server/src/engine/accessPatterns';

describe('wildcard pattern containment and overlap', () => {
  it('contains what its wildcards cover, and nothing wider', () => {
    assert.ok(patternContains('arn:aws:s3:::reports/*', 'arn:aws:s3:::reports/2026/*'));
    assert.ok(patternContains('arn:aws:s3:::rep?rts/*', 'arn:aws:s3:::reports/a'));
    assert.ok(patternContains('*', 'anything'));
    assert.ok(!patternContains('arn:aws:s3:::reports/*', 'arn:aws:s3:::*'));
    assert.ok(!patternContains('arn:aws:s3:::reports/?', 'arn:aws:s3:::reports/*'));
    assert.ok(!patternContains('arn:aws:s3:::Reports/*', 'arn:aws:s3:::reports/a'));
    assert.ok(patternContains('arn:aws:s3:::Reports/*', 'arn:aws:s3:::reports/a', { caseInsensitive: true }));
  });

  it('keeps policy variables unknown and escapes literal', () => {
    assert.ok(patternContains('home/${aws:username}/*', 'home/${aws:username}/a'));
    assert.ok(!patternContains('home/${aws:username}/*', 'home/alice/a'));
    assert.ok(patternContains('home/*', 'home/${aws:username}'));
    assert.ok(!patternContains('a${*}', 'ab'));
    assert.ok(patternContains('a${*}', 'a${*}'));
  });

  it('tells overlapping patterns from disjoint ones', () => {
    assert.ok(patternsMayOverlap('arn:aws:s3:::a*', 'arn:aws:s3:::*b'));
    assert.ok(patternsMayOverlap('a?c', 'ab*'));
    assert.ok(!patternsMayOverlap('arn:aws:s3:::a*', 'arn:aws:s3:::b*'));
    assert.ok(!patternsMayOverlap('a?', 'abc'));
    assert.ok(patternsMayOverlap('home/${aws:username}', 'home/alice'));
  });

  it('matches ARNs part by part: a wildcard does not cross into the region or the account', () => {
    assert.ok(arnPatternContains('arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'));
    assert.ok(arnPatternContains('arn:aws:logs:*:*:log-group:*', 'arn:aws:logs:eu-west-1:111122223333:log-group:app:*'));
    assert.ok(!arnPatternContains('arn:aws:ec2:*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'));
    assert.ok(patternContains('arn:aws:ec2:*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'));
    assert.ok(!arnPatternContains('arn:aws:s3:::bucket/*', '*'));
    assert.ok(arnPatternContains('*', 'arn:aws:s3:::bucket'));
  });

  it('answers for patterns thousands of characters long without exhausting the call stack', function () {
    this.timeout(20000);
    // 8,000 characters exhausted the stack of the recursive search this replaced.
    const long = 'a'.repeat(8000);
    assert.ok(patternContains(`*${long}b`, `${long}ab`));
    assert.ok(!patternsMayOverlap(`*${long}b`, `${long}ac`));
    assert.ok(arnPatternContains(`arn:aws:s3:::bucket/*`, `arn:aws:s3:::bucket/${long}`));
  });

  it('overlap agrees with matching every short string, and containment never affirms what does not hold (property)', () => {
    // All strings over a, b, c up to a length: a pattern pair of at most 4 characters that shares a
    // string, or fails to contain one, shows it within 7 characters (as many as their characters other than stars).
    const strings: string[] = [''];
    for (let length = 1, level = ['']; length <= 7; length++) {
      level = level.flatMap((s) => ['a', 'b', 'c'].map((c) => s + c));
      strings.push(...level);
    }
    const matches = (pattern: string, text: string) =>
      new RegExp(`^${pattern.replace(/[*?]/g, (c) => (c === '*' ? '.*' : '.'))}$`).test(text);
    const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 4 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const matchedByA = strings.filter((t) => matches(a, t));
        const matchedByB = new Set(strings.filter((t) => matches(b, t)));
        assert.equal(
          patternsMayOverlap(a, b),
          matchedByA.some((t) => matchedByB.has(t)),
          `overlap of ${a} and ${b}`,
        );
        // Containment is sound (what it affirms holds), not complete: `*?` does contain `a*`, and a
        // diff then reports access it cannot show old, as new.
        if (patternContains(a, b))
          assert.ok(
            [...matchedByB].every((t) => matches(a, t)),
            `${a} contains ${b}`,
          );
      }),
      { numRuns: 300 },
    );
  });
});
