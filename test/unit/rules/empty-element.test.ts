import * as assert from 'node:assert/strict';
import { applyFixEdits } from '../../../server/src/engine/edits';
import { Finding, Fix } from '../../../server/src/engine/rule';
import { fixContext, fixesFor } from '../../../server/src/services/codeActions';
import { assertFormattingKept, assertNoNewFindings } from '../fixes/support';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'empty-element';
const found = (text: string) => findingsOf(RULE, text);
const bucket = 'arn:aws:s3:::example-bucket/*';
const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: bucket };
const role = 'arn:aws:iam::111122223333:role/Deploy';
const trustStatement = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: { AWS: role },
  Action: 'sts:AssumeRole',
  ...extra,
});

/** The one finding of the rule, with the text it points at. */
function one(text: string): { finding: Finding; at: string } {
  const all = found(text);
  assert.equal(all.length, 1, `expected one ${RULE} finding, got: ${all.map((f) => f.message).join(' | ') || 'none'}\n${text}`);
  return { finding: all[0], at: textAt(text, all[0]) };
}

function fixesOf(text: string, finding: Finding): Fix[] {
  const result = analyze(text);
  return fixesFor(finding, fixContext(text, result), (err) => assert.fail(String(err)));
}

/** Applies the one fix of the one finding: the result is clean of this rule and adds nothing else. */
function applyOnlyFix(text: string): { after: string; fix: Fix } {
  const { finding } = one(text);
  const fixes = fixesOf(text, finding);
  assert.equal(fixes.length, 1, fixes.map((f) => f.title).join(' | '));
  const [fix] = fixes;
  const after = applyFixEdits(text, fix.edits);
  assert.deepEqual(found(after), [], after);
  assertNoNewFindings(analyze(text).findings, analyze(after).findings);
  assertFormattingKept(text, after);
  return { after, fix };
}

describe('empty-element', () => {
  describe('Action and Resource', () => {
    it('fires on an empty Action in a Deny: it denies nothing, guards nothing', () => {
      const text = policy([{ Effect: 'Deny', Action: [], Resource: '*' }]);
      const { finding, at } = one(text);
      assert.equal(at, '[]');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /"Action": \[\] lists no action, so this Deny denies nothing/);
      assert.match(finding.message, /not guarded/);
      assert.match(finding.message, /actions it is meant to deny/);
    });

    it('an empty Action in an Allow: grants nothing', () => {
      const { finding } = one(policy([{ Effect: 'Allow', Action: [], Resource: bucket }]));
      assert.match(finding.message, /so this Allow grants nothing\. List the actions it is meant to allow/);
      assert.doesNotMatch(finding.message, /Deny|guard/);
    });

    it('an empty Resource, in an Allow and in a Deny', () => {
      const allow = one(policy([{ ...read, Resource: [] }]));
      assert.match(allow.finding.message, /"Resource": \[\] lists no resource, so this Allow grants nothing/);
      const deny = one(policy([{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: [] }]));
      assert.match(deny.finding.message, /this Deny denies nothing: whatever it was written to guard is not guarded/);
      assert.equal(deny.finding.severity, 'error');
    });

    it('without a valid Effect, speaks of "this statement"', () => {
      const { finding } = one(policy([{ Effect: 'Permit', Action: [], Resource: '*' }]));
      assert.match(finding.message, /this statement applies to nothing/);
    });

    it('reports an empty Action and an empty Resource of one statement separately', () => {
      const text = policy([{ Effect: 'Deny', Action: [], Resource: [] }]);
      assert.deepEqual(
        found(text).map((f) => f.message.slice(0, 12)),
        ['"Action": []', '"Resource": '],
      );
    });

    it('has no quick fix: only the author knows what belongs there', () => {
      const text = policy([{ Effect: 'Deny', Action: [], Resource: '*' }]);
      assert.deepEqual(fixesOf(text, one(text).finding), []);
    });

    it('an empty list with only a comment in it is still empty (jsonc)', () => {
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [ /* to do */ ], "Resource": "*"}]}';
      assert.equal(one(text).at, '[ /* to do */ ]');
    });
  });

  describe('NotAction and NotResource', () => {
    it('an empty NotAction excludes nothing: the Allow applies to every action', () => {
      const text = policy([{ Effect: 'Allow', NotAction: [], Resource: '*' }]);
      const { finding, at } = one(text);
      assert.equal(at, '[]');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /"NotAction": \[\] excludes no action, so this Allow applies to every action/);
      assert.match(finding.message, /write "Action": "\*"/);
      // allow-iam-write reports the same statement for what it grants: both stand.
      assert.ok(analyze(text).findings.some((f) => f.rule === 'allow-iam-write'));
    });

    it('an empty NotResource in a Deny applies to every resource', () => {
      const { finding } = one(policy([{ Effect: 'Deny', Action: 's3:DeleteBucket', NotResource: [] }]));
      assert.match(finding.message, /"NotResource": \[\] excludes no resource, so this Deny applies to every resource/);
      assert.match(finding.message, /write "Resource": "\*"/);
    });
  });

  describe('Principal and NotPrincipal', () => {
    it('an empty Principal of a trust policy: no one can assume the role', () => {
      const text = policy([{ Effect: 'Allow', Principal: {}, Action: 'sts:AssumeRole' }]);
      assert.equal(analyze(text).kind, 'trust');
      const { finding, at } = one(text);
      assert.equal(at, '{}');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /"Principal": \{\} names no principal, so no one can assume the role through this statement/);
    });

    it('an empty Principal of a resource policy applies to no one', () => {
      const text = policy([{ ...read, Principal: {} }]);
      assert.equal(analyze(text).kind, 'resource');
      assert.match(one(text).finding.message, /so this Allow applies to no one/);
      const deny = policy([{ Effect: 'Deny', Principal: {}, Action: 's3:DeleteObject', Resource: bucket }]);
      assert.match(one(deny).finding.message, /so this Deny applies to no one/);
    });

    it('an empty NotPrincipal excludes no one: the statement applies to every principal', () => {
      const text = policy([{ Effect: 'Deny', NotPrincipal: {}, Action: 's3:DeleteObject', Resource: bucket }]);
      const { finding } = one(text);
      assert.match(finding.message, /"NotPrincipal": \{\} excludes no principal, so this Deny applies to every principal/);
      assert.match(finding.message, /"Principal": "\*"/);
    });

    it('a principal type with an empty list, alone: names no one', () => {
      const text = policy([{ Effect: 'Allow', Principal: { AWS: [] }, Action: 'sts:AssumeRole' }]);
      const { finding, at } = one(text);
      assert.equal(at, '[]');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /"AWS": \[\] names no principal and Principal names no other, so no one can assume the role/);
    });

    it('a principal type with an empty list beside others: adds no one', () => {
      const text = policy([{ Effect: 'Allow', Principal: { AWS: [], Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
      assert.match(one(text).finding.message, /"AWS": \[\] names no principal, so it adds no one to this statement/);
    });

    it('a principal type with an empty list in NotPrincipal', () => {
      const alone = policy([{ Effect: 'Deny', NotPrincipal: { AWS: [] }, Action: 's3:*', Resource: bucket }]);
      assert.match(one(alone).finding.message, /excludes no one: this Deny applies to every principal/);
      const beside = policy([
        { Effect: 'Deny', NotPrincipal: { AWS: [], Service: 'ec2.amazonaws.com' }, Action: 's3:*', Resource: bucket },
      ]);
      assert.match(one(beside).finding.message, /"AWS": \[\] names no principal, so it excludes no one\./);
    });

    it('has no quick fix', () => {
      const text = policy([{ Effect: 'Allow', Principal: {}, Action: 'sts:AssumeRole' }]);
      assert.deepEqual(fixesOf(text, one(text).finding), []);
    });
  });

  describe('condition values', () => {
    it('a condition key with no values: the statement cannot work as written', () => {
      const text = policy([trustStatement({ Condition: { StringEquals: { 'sts:ExternalId': [] } } })]);
      const { finding, at } = one(text);
      assert.equal(at, '[]');
      assert.equal(finding.severity, 'error');
      assert.match(
        finding.message,
        /"sts:ExternalId": \[\] gives StringEquals no value to compare with, so this Allow cannot work as written/,
      );
      assert.match(finding.message, /AWS's policy validation flags empty condition values/);
      assert.deepEqual(fixesOf(text, finding), []);
    });

    it('ForAnyValue: AWS documents that it never matches, so the statement never applies', () => {
      const allow = one(policy([{ ...read, Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': [] } } }]));
      assert.match(allow.finding.message, /never matches, so this Allow grants nothing/);
      const deny = one(
        policy([{ Effect: 'Deny', Action: 's3:*', Resource: bucket, Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': [] } } }]),
      );
      assert.match(deny.finding.message, /never matches, so this Deny denies nothing/);
    });

    it('ForAllValues and IfExists: match only when the key is absent, which Null says plainly', () => {
      for (const operator of ['ForAllValues:StringEquals', 'StringEqualsIfExists']) {
        const { finding } = one(policy([{ ...read, Condition: { [operator]: { 'aws:TagKeys': [] } } }]));
        assert.match(finding.message, /matches only when the request has no aws:TagKeys/, operator);
        assert.match(finding.message, /"Null": \{"aws:TagKeys": "true"\}/, operator);
      }
    });

    it('reports each empty key, and not the keys that have values', () => {
      const text = policy([
        {
          ...read,
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': 'audit', 'aws:ResourceTag/team': [] },
            Bool: { 'aws:SecureTransport': [] },
          },
        },
      ]);
      assert.deepEqual(
        found(text).map((f) => /^"([^"]+)"/.exec(f.message)?.[1]),
        ['aws:ResourceTag/team', 'aws:SecureTransport'],
      );
    });
  });

  describe('Condition and operator blocks (warnings, with a safe fix)', () => {
    it('an empty Condition: the statement is unconditional', () => {
      const text = policy([trustStatement({ Condition: {} })]);
      const { finding, at } = one(text);
      assert.equal(at, '{}');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /"Condition": \{\} tests nothing, so this Allow applies without any condition/);
    });

    it('the fix removes the empty Condition', () => {
      const text = policy([{ ...read, Condition: {} }]);
      const { after, fix } = applyOnlyFix(text);
      assert.equal(fix.title, 'Remove the empty Condition');
      assert.ok(fix.safe && fix.isPreferred);
      assert.equal(after, policy([read]));
    });

    it('the fix keeps a one-line policy on one line, wherever the Condition sits', () => {
      const last =
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}]}';
      assert.equal(
        applyOnlyFix(last).after,
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      );
      const first =
        '{"Version": "2012-10-17", "Statement": [{"Condition": { }, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
      assert.equal(
        applyOnlyFix(first).after,
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      );
    });

    it('an empty operator block that is the only one: unconditional, and the fix removes the whole Condition', () => {
      const text = policy([{ ...read, Condition: { StringEquals: {} } }]);
      const { finding } = one(text);
      assert.equal(finding.severity, 'warning');
      assert.match(
        finding.message,
        /"StringEquals": \{\} names no condition key, so it tests nothing and this Allow applies without any condition/,
      );
      const { after, fix } = applyOnlyFix(text);
      assert.equal(fix.title, 'Remove the Condition (its only block, "StringEquals", is empty)');
      assert.ok(fix.safe);
      assert.equal(after, policy([read]));
    });

    it('an empty operator block beside others: the others still apply, and the fix removes only the block', () => {
      const bool = { Bool: { 'aws:SecureTransport': 'true' } };
      const text = policy([{ ...read, Condition: { StringEquals: {}, ...bool } }]);
      assert.match(one(text).finding.message, /tests nothing \(the other tests of the Condition still apply\)/);
      const { after, fix } = applyOnlyFix(text);
      assert.equal(fix.title, 'Remove the empty "StringEquals" block');
      assert.equal(after, policy([{ ...read, Condition: bool }]));
      const afterLast = applyOnlyFix(policy([{ ...read, Condition: { ...bool, StringLike: {} } }])).after;
      assert.equal(afterLast, policy([{ ...read, Condition: bool }]));
    });

    it('the fix keeps tabs and CRLF', () => {
      const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...read, Condition: {} }] }, null, '\t').replace(/\n/g, '\r\n');
      const { after } = applyOnlyFix(text);
      assert.equal(after, JSON.stringify({ Version: '2012-10-17', Statement: [read] }, null, '\t').replace(/\n/g, '\r\n'));
    });

    it('the fix of an empty Condition in a trust policy leaves the trust findings as they were', () => {
      const text = policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: {} }]);
      assert.equal(analyze(text).kind, 'trust');
      const { after } = applyOnlyFix(text);
      assert.deepEqual(analyze(after).findings, []);
    });
  });

  describe('stays silent', () => {
    it('on a policy without empty elements', () => {
      assert.deepEqual(
        found(
          policy([
            read,
            { Effect: 'Deny', Action: ['s3:DeleteObject'], Resource: [bucket], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ]),
        ),
        [],
      );
      assert.deepEqual(
        found(policy([trustStatement({ Condition: { StringEquals: { 'sts:ExternalId': ['c7a1f0e2-5b9d-4e63-8f21-3d6a9b0c4e17'] } } })])),
        [],
      );
      assert.deepEqual(
        found(
          policy([
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: bucket,
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
            },
          ]),
        ),
        [],
      );
    });

    it('on empty strings, which malformed-action and malformed-arn report', () => {
      const text = policy([{ Effect: 'Allow', Action: [''], Resource: '' }]);
      assert.deepEqual(found(text), []);
      const rules = analyze(text).findings.map((f) => f.rule);
      assert.ok(rules.includes('malformed-action') && rules.includes('malformed-arn'), rules.join(', '));
      const principal = policy([{ Effect: 'Allow', Principal: { AWS: '' }, Action: 'sts:AssumeRole' }]);
      assert.deepEqual(found(principal), []);
      assert.ok(analyze(principal).findings.some((f) => f.rule === 'malformed-arn'));
      // An empty string is a value a condition can compare with.
      assert.deepEqual(found(policy([{ ...read, Condition: { StringEquals: { 'aws:PrincipalTag/team': '' } } }])), []);
    });

    it('on values of the wrong type, which are invalid-element-type’s', () => {
      const text = policy([{ Effect: 'Allow', Action: {}, Resource: bucket, Condition: [] }]);
      assert.deepEqual(found(text), []);
      assert.ok(analyze(text).findings.some((f) => f.rule === 'invalid-element-type'));
      assert.deepEqual(found(policy([{ ...read, Condition: { StringEquals: [] } }])), []);
      assert.deepEqual(found(policy([{ Effect: 'Allow', Principal: { AWS: {} }, Action: 'sts:AssumeRole' }])), []);
    });

    it('on an empty Statement, which is missing-statement’s', () => {
      assert.deepEqual(found('{"Version": "2012-10-17", "Statement": []}'), []);
    });

    it('on an entry a later duplicate key overrides, and offers no fix when removing one would expose its twin', () => {
      const shadowed =
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {}, "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}';
      assert.deepEqual(found(shadowed), []);
      const last =
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}, "StringEquals": {}}}]}';
      assert.deepEqual(fixesOf(last, one(last).finding), []);
      const key =
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": [], "aws:SourceVpce": "vpce-1a2b3c4d"}}}]}';
      assert.deepEqual(found(key), []);
    });
  });

  describe('half-typed documents', () => {
    it('does not report an array or object whose closing bracket is not typed yet', () => {
      for (const text of [
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [',
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [\n',
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {',
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {',
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": [',
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": [',
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {',
      ]) {
        assert.deepEqual(found(text), [], text);
      }
    });

    it('does not report a bracket pair with a syntax error inside', () => {
      assert.deepEqual(found('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [ , ], "Resource": "*"}]}'), []);
      assert.deepEqual(found('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [}], "Resource": "*"}]}'), []);
    });

    it('never flickers while a policy without empty elements is typed, character by character', () => {
      const text = policy([
        { Effect: 'Deny', Action: ['s3:DeleteObject'], Resource: [bucket] },
        {
          Effect: 'Allow',
          NotAction: ['iam:*'],
          NotResource: [bucket],
          Condition: { StringEquals: { 'aws:PrincipalTag/team': ['audit'] } },
        },
        {
          Effect: 'Allow',
          Principal: { AWS: [role] },
          Action: 's3:GetObject',
          Resource: bucket,
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ]);
      for (let end = 1; end <= text.length; end++) {
        const prefix = text.slice(0, end);
        assert.deepEqual(
          found(prefix).map((f) => textAt(prefix, f)),
          [],
          `at ${end}: …${prefix.slice(-40)}`,
        );
      }
    });

    it('does report an empty list whose brackets are both typed, in a statement not yet closed', () => {
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": [], "Resource": "*"';
      assert.equal(one(text).at, '[]');
      assert.deepEqual(fixesOf(text, one(text).finding), []);
    });
  });
});
