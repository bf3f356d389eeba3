import * as assert from 'node:assert/strict';
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
});
