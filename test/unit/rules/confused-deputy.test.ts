import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'confused-deputy';

const snsToQueue = (condition?: Record<string, unknown>) =>
  policy([
    {
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: 'arn:aws:sqs:us-east-1:111122223333:queue',
      ...(condition ? { Condition: condition } : {}),
    },
  ]);

const trust = (service: string, condition?: Record<string, unknown>) =>
  policy([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]);

describe('rule confused-deputy', () => {
  it('fires on a resource policy that lets a service principal in without a source key, on the principal', () => {
    const text = snsToQueue();
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding), '"sns.amazonaws.com"');
    assert.match(finding.message, /anyone who uses sns\.amazonaws\.com, from any account/);
  });

  it('fires once per service principal of the statement', () => {
    const text = policy([
      { Effect: 'Allow', Principal: { Service: ['sns.amazonaws.com', 'events.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: '*' },
    ]);
    assert.equal(findingsOf(RULE, text).length, 2);
  });

  it('stays silent with any of the four source keys, under any operator and in any case', () => {
    for (const condition of [
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:topic' } },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      { StringEquals: { 'aws:SourceOrgID': 'o-abc123' } },
      { 'ForAnyValue:StringLike': { 'aws:SourceOrgPaths': 'o-abc123/r-ab12/*' } },
      { StringEquals: { 'AWS:SOURCEACCOUNT': '111122223333' } },
    ]) {
      assert.deepEqual(findingsOf(RULE, snsToQueue(condition)), [], JSON.stringify(condition));
    }
  });

  it('stays silent on a KMS key policy that pins the key to the source resource in its encryption context, and fires without it', () => {
    const logsKey = (condition?: Record<string, unknown>) =>
      policy([
        {
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          ...(condition ? { Condition: condition } : {}),
        },
      ]);
    const pinned = logsKey({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:111122223333:log-group:*' } });
    assert.deepEqual(findingsOf(RULE, pinned), []);
    // Another encryption context key says nothing of the source.
    const other = logsKey({ StringEquals: { 'kms:EncryptionContext:Department': 'audit' } });
    assert.equal(findingsOf(RULE, other).length, 1);
    const [unpinned] = findingsOf(RULE, logsKey());
    // The fix a key policy's reader needs: the key CloudWatch Logs documents, and its page.
    assert.match(
      unpinned.message,
      /can have it use this key \(confused deputy\)\. Require kms:EncryptionContext:aws:logs:arn, as its documentation/,
    );
    assert.match(unpinned.message, /encrypt-log-data-kms\.html/);
    // Not a key policy's statement (not every action a KMS one): the source keys, as anywhere else.
    const mixed = policy([
      { Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: ['kms:Decrypt', 's3:PutObject'], Resource: '*' },
    ]);
    assert.match(findingsOf(RULE, mixed)[0].message, /Require aws:SourceAccount or aws:SourceArn\.$/);
  });

  it('stays silent on AWS principals, on Deny statements and on the seed bucket policy', () => {
    const aws = policy([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sqs:SendMessage', Resource: '*' },
    ]);
    assert.deepEqual(findingsOf(RULE, aws), []);
    const deny = policy([{ Effect: 'Deny', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:*', Resource: '*' }]);
    assert.deepEqual(findingsOf(RULE, deny), []);
    const seed = readFileSync(join(__dirname, '..', '..', '..', '..', 'policies', 'idsentinel-cloudtrail-logs.bucket-policy.json'), 'utf8');
    assert.deepEqual(findingsOf(RULE, seed), []);
  });

  it('fires at info severity on a trust policy only for a service that documents the source keys there', () => {
    const [finding] = findingsOf(RULE, trust('personalize.amazonaws.com'));
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /docs\.aws\.amazon\.com\/personalize/);
    assert.deepEqual(findingsOf(RULE, trust('lambda.amazonaws.com')), [], 'Lambda documents no source key for its execution role');
    assert.deepEqual(findingsOf(RULE, trust('personalize.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '111122223333' } })), []);
  });
});
