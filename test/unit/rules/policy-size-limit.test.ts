import * as assert from 'node:assert/strict';
import { ALLOW_ALL_RESOURCES, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'policy-size-limit';
/** Non-white-space characters of a policy. */
const size = (text: string) => text.replace(/[ \t\r\n]/g, '').length;

/** An identity policy of about `target` characters without white space: one statement per action. */
function identityOf(target: number): string {
  const statements: unknown[] = [];
  let text = policy(statements);
  for (let i = 0; size(text) < target; i++) {
    statements.push({ ...ALLOW_ALL_RESOURCES, Action: `s3:GetObject`, Sid: `Read${i}` });
    text = policy(statements);
  }
  return text;
}

function trustWith(principals: number): string {
  const AWS = Array.from({ length: principals }, (_, i) => `arn:aws:iam::111122223333:role/ci-deployer-${i}`);
  return policy([
    {
      Effect: 'Allow',
      Principal: { AWS },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': '3f8a1c2e9b7d4e6fa0c5b2d1e4f7a9c8' } },
    },
  ]);
}

describe('rule policy-size-limit', () => {
  it('fires on an identity policy over 6,144 characters without white space, with the measured size, on Statement', () => {
    const text = identityOf(6200);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding), '"Statement"');
    assert.match(finding.message, new RegExp(`has ${size(text).toLocaleString('en-US')} characters without white space`));
    assert.match(finding.message, /6,144 IAM allows a managed policy/);
    assert.match(finding.message, /only as a role's inline policies \(10,240/);
  });

  it('stays silent on white space: it does not count: the same policy pretty-printed or minified is judged alike', () => {
    const text = identityOf(6000);
    assert.ok(text.length > 6144 && size(text) <= 6144, 'the test needs a policy over the quota only with its white space');
    assert.deepEqual(findingsOf(RULE, text), []);
    assert.deepEqual(findingsOf(RULE, JSON.stringify(JSON.parse(text))), []);
  });

  it('counts the spaces inside strings exactly, pretty-printed or minified, and reads a minified 1 MB policy once', () => {
    const statements = Array.from({ length: 12000 }, (_, i) => ({
      Sid: `Read${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: i % 3 === 0 ? `arn:aws:s3:::bucket with  spaces ${i}/*` : `arn:aws:s3:::bucket-${i}/*`,
    }));
    const minified = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const pretty = policy(statements);
    // IAM counts no white space, inside strings or out.
    const expected = size(minified);
    assert.ok(minified.length - expected >= 16000, 'the test needs spaces inside strings');
    for (const text of [minified, pretty]) {
      const [finding] = findingsOf(RULE, text);
      assert.match(finding.message, new RegExp(`has ${expected.toLocaleString('en-US')} characters without white space`));
    }
  });

  it('fires over a role inline quota too, it says it fits nowhere', () => {
    const [finding] = findingsOf(RULE, identityOf(10300));
    assert.match(finding.message, /fit nowhere/);
  });

  it('fires on a trust policy over 2,048, and stays silent under it', () => {
    const large = trustWith(50);
    assert.ok(size(large) > 2048);
    const [finding] = findingsOf(RULE, large);
    assert.match(finding.message, /over the 2,048 IAM allows a role trust policy by default/);
    assert.match(finding.message, /4,096/);
    const small = trustWith(10);
    assert.deepEqual(findingsOf(RULE, small), []);
  });

  it('stays silent on resource policies: their quotas are each service own', () => {
    const statements = Array.from({ length: 120 }, (_, i) => ({
      Sid: `Bucket${i}`,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::example-bucket/${i}/*`,
    }));
    const text = policy(statements);
    assert.ok(size(text) > 6144);
    assert.deepEqual(findingsOf(RULE, text), []);
  });
});
