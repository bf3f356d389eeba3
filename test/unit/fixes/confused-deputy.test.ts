import * as assert from 'node:assert/strict';
import { applyFix, fixesOf, roundTrip } from './support';
import { SOURCE_ACCOUNT_PLACEHOLDER } from '../../../server/src/rules/confused-deputy';

const RULE = 'confused-deputy';

function resourcePolicy(resource: string, extra: Record<string, unknown> = {}): string {
  const statement = {
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: resource,
    ...extra,
  };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) + '\n';
}

const condition = (text: string) => (JSON.parse(text) as { Statement: Array<{ Condition?: unknown }> }).Statement[0].Condition;

describe('fix: confused-deputy', () => {
  it('requires aws:SourceAccount, the account of the Resource ARN when it names one (preferred)', () => {
    const { after, fix } = roundTrip(resourcePolicy('arn:aws:sqs:us-east-1:444455556666:queue'), RULE);
    assert.equal(fix.title, 'Require aws:SourceAccount 444455556666 (the account of the Resource)');
    assert.ok(fix.snippet && fix.isPreferred);
    assert.deepEqual(condition(after), { StringEquals: { 'aws:SourceAccount': '444455556666' } });
  });

  it('offers a placeholder account when the Resource names none (an S3 ARN)', () => {
    const { after } = roundTrip(resourcePolicy('arn:aws:s3:::bucket/*'), RULE);
    assert.deepEqual(condition(after), { StringEquals: { 'aws:SourceAccount': SOURCE_ACCOUNT_PLACEHOLDER } });
  });

  it('offers the project\'s account (.iamlp.json "account") when the Resource names none; the Resource\'s wins', () => {
    const s3 = resourcePolicy('arn:aws:s3:::bucket/*');
    const [{ fixes }] = fixesOf(s3, RULE, { account: '111122223333' });
    const fix = fixes.find((f) => f.isPreferred)!;
    assert.equal(fix.title, "Require aws:SourceAccount 111122223333 (the project's account, .iamlp.json)");
    assert.deepEqual(condition(applyFix(s3, fix)), { StringEquals: { 'aws:SourceAccount': '111122223333' } });
    assert.ok(fixes.some((f) => /aws:SourceArn/.test(f.title) && applyFix(s3, f).includes('arn:aws:sns:us-east-1:111122223333:RESOURCE')));
    const [{ fixes: sqs }] = fixesOf(resourcePolicy('arn:aws:sqs:us-east-1:444455556666:queue'), RULE, { account: '111122223333' });
    assert.equal(sqs.find((f) => f.isPreferred)!.title, 'Require aws:SourceAccount 444455556666 (the account of the Resource)');
  });

  it('or aws:SourceArn, merged into an existing Condition', () => {
    const text = resourcePolicy('arn:aws:sqs:us-east-1:444455556666:queue', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
    const { after } = roundTrip(text, RULE, { title: /aws:SourceArn/ });
    assert.deepEqual(condition(after), {
      Bool: { 'aws:SecureTransport': 'true' },
      StringEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:444455556666:RESOURCE' },
    });
  });

  it('requires the encryption context CloudWatch Logs and CloudTrail document in a key policy, not aws:SourceAccount', () => {
    const keyPolicy = (service: string) =>
      JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: service },
              Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'],
              Resource: '*',
            },
          ],
        },
        null,
        2,
      ) + '\n';
    const logs = keyPolicy('logs.us-east-1.amazonaws.com');
    const [{ fixes }] = fixesOf(logs, RULE, { account: '111122223333' });
    assert.deepEqual(
      fixes.map((f) => f.title),
      ["Require kms:EncryptionContext:aws:logs:arn: the account's log groups (111122223333, the project's account, .iamlp.json)"],
    );
    assert.ok(fixes[0].isPreferred && fixes[0].snippet);
    assert.deepEqual(condition(applyFix(logs, fixes[0])), {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:111122223333:log-group:*' },
    });
    // CloudTrail documents aws:SourceArn in its key policy too.
    const trail = keyPolicy('cloudtrail.amazonaws.com');
    const { after, fix } = roundTrip(trail, RULE);
    assert.equal(fix.title, "Require kms:EncryptionContext:aws:cloudtrail:arn: the account's trails");
    assert.deepEqual(condition(after), {
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${SOURCE_ACCOUNT_PLACEHOLDER}:trail/*` },
    });
    const [{ fixes: trailFixes }] = fixesOf(trail, RULE);
    assert.deepEqual(
      trailFixes.map((f) => f.title.split(' (')[0]),
      ["Require kms:EncryptionContext:aws:cloudtrail:arn: the account's trails", 'Require aws:SourceArn'],
    );
  });
});
