import * as assert from 'node:assert/strict';
import { ORG_ID_PLACEHOLDER } from '../../../server/src/rules/resource-public-principal';
import { analyze, findingsOf, policy } from '../../support/policyText';
import { applyFix, fixesOf, roundTrip } from './support';

const RULE = 'resource-public-principal';
const OBJECTS = 'arn:aws:s3:::example-reports/*';

/** One Allow statement of a bucket policy, public unless `extra` changes it. */
const bucket = (extra: Record<string, unknown> = {}) =>
  policy([{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS, ...extra }]);
const withCondition = (condition: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  bucket({ Condition: condition, ...extra });
const found = (text: string) => findingsOf(RULE, text);

describe('fix: resource-public-principal', () => {
  const TITLE = /Restrict to your AWS Organization \(aws:PrincipalOrgID\)/;
  const condition = (text: string, index = 0): unknown =>
    (JSON.parse(text) as { Statement: Array<{ Condition?: unknown }> }).Statement[index].Condition;
  /** The text after the user typed `orgId` over the snippet's placeholder. */
  const typed = (text: string, orgId: string) => {
    const [entry] = fixesOf(text, RULE);
    const fix = entry.fixes.find((f) => TITLE.test(f.title));
    assert.ok(fix);
    return applyFix(text, {
      ...fix,
      edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(`\${1:${ORG_ID_PLACEHOLDER}}`, orgId) })),
    });
  };

  it('adds Condition StringEquals aws:PrincipalOrgID as a snippet; the placeholder keeps the finding', () => {
    const text = bucket();
    const { after, fix } = roundTrip(text, RULE, { keepsRule: true });
    assert.ok(fix.snippet && fix.isPreferred && !fix.safe);
    assert.ok(fix.edits[0].newText.includes(`"\${1:${ORG_ID_PLACEHOLDER}}"`));
    assert.equal(
      fix.edits[0].newText,
      // Snippet syntax: a literal } is escaped.
      `,\n      "Condition": {\n        "StringEquals": {\n          "aws:PrincipalOrgID": "\${1:${ORG_ID_PLACEHOLDER}}"\n        \\}\n      \\}`,
    );
    assert.deepEqual(condition(after), { StringEquals: { 'aws:PrincipalOrgID': ORG_ID_PLACEHOLDER } });
    const [still] = found(after);
    assert.match(still.message, /placeholder a quick fix inserted/);
    // Offered once: a second one would write a duplicate key.
    assert.deepEqual(fixesOf(after, RULE)[0].fixes, []);
  });

  it('is gone once a real organization id is typed over the placeholder', () => {
    const after = typed(bucket({ Action: ['s3:GetObject', 's3:PutObject'] }), 'o-a1b2c3d4e5');
    assert.deepEqual(condition(after), { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
    assert.deepEqual(found(after), []);
    assert.deepEqual(
      analyze(after).findings.map((f) => f.rule),
      [],
    );
  });

  it('merges into an existing Condition', () => {
    const { after } = roundTrip(withCondition({ Bool: { 'aws:SecureTransport': 'true' } }), RULE, { keepsRule: true });
    assert.deepEqual(condition(after), {
      Bool: { 'aws:SecureTransport': 'true' },
      StringEquals: { 'aws:PrincipalOrgID': ORG_ID_PLACEHOLDER },
    });
  });

  it('merges into an existing StringEquals block, in tabs', () => {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Resource: OBJECTS,
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          },
        ],
      },
      null,
      '\t',
    );
    const { after } = roundTrip(text, RULE, { keepsRule: true });
    assert.deepEqual(condition(after), {
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:PrincipalOrgID': ORG_ID_PLACEHOLDER },
    });
  });

  it('keeps a one-line policy on one line, and fixes the statement it was asked for', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: OBJECTS },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: 's3:GetObject', Resource: OBJECTS },
      ],
    });
    const { after } = roundTrip(text, RULE, { keepsRule: true });
    assert.ok(!after.includes('\n'));
    assert.equal(condition(after, 0), undefined);
    assert.deepEqual(condition(after, 1), { StringEquals: { 'aws:PrincipalOrgID': ORG_ID_PLACEHOLDER } });
  });

  it('is not offered for NotPrincipal, for a Principal that also names a service, or when the key is already tested', () => {
    const notPrincipal = policy([
      { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: OBJECTS },
    ]);
    assert.deepEqual(fixesOf(notPrincipal, RULE)[0].fixes, []);
    assert.deepEqual(fixesOf(bucket({ Principal: { AWS: '*', Service: 'cloudfront.amazonaws.com' } }), RULE)[0].fixes, []);
    assert.deepEqual(fixesOf(withCondition({ StringEquals: { 'aws:principalorgid': '*' } }), RULE)[0].fixes, []);
  });
});
