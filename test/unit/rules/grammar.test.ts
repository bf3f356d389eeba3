import * as assert from 'node:assert/strict';
import { analyze, findingsOf, policy, textAt } from '../../support/policyText';

const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
const rulesOf = (text: string) => analyze(text).findings.map((f) => f.rule);

describe('grammar rules', () => {
  it('a clean policy has no findings', () => {
    assert.deepEqual(analyze(policy([ok])).findings, []);
  });

  it('missing-version, invalid-version, legacy-version', () => {
    assert.deepEqual(rulesOf(JSON.stringify({ Statement: [ok] })), ['missing-version']);
    const invalid = JSON.stringify({ Version: '2026-11-28', Statement: [ok] });
    assert.deepEqual(rulesOf(invalid), ['invalid-version']);
    assert.equal(textAt(invalid, findingsOf('invalid-version', invalid)[0]), '"2026-11-28"');
    assert.deepEqual(rulesOf(JSON.stringify({ Version: 20121017, Statement: [ok] })), ['invalid-version']);
    const legacy = findingsOf(
      'legacy-version',
      JSON.stringify({ Version: '2008-10-17', Statement: [{ ...ok, Resource: 'arn:aws:s3:::b/${aws:username}/*' }] }),
    );
    assert.match(legacy[0].message, /literal text/);
  });

  it('missing-statement, but not while the document is still being typed', () => {
    assert.deepEqual(rulesOf('{"Version": "2012-10-17"}'), ['missing-statement']);
    assert.deepEqual(rulesOf('{"Version": "2012-10-17", "Statement": []}'), ['missing-statement']);
    assert.ok(!rulesOf('{"Version": "2012-10-17", ').includes('missing-statement'));
  });

  it('invalid-effect: missing, misspelt or wrongly cased', () => {
    const { Effect: _e, ...noEffect } = ok;
    assert.deepEqual(rulesOf(policy([noEffect])), ['invalid-effect']);
    const cased = findingsOf('invalid-effect', policy([{ ...ok, Effect: 'allow' }]));
    assert.match(cased[0].message, /exactly "Allow"/);
    assert.deepEqual(cased[0].data, { suggestion: 'Allow' });
    assert.match(findingsOf('invalid-effect', policy([{ ...ok, Effect: 'Permit' }]))[0].message, /neither/);
  });

  it('missing-action and conflicting-elements', () => {
    assert.deepEqual(rulesOf(policy([{ Effect: 'Allow', Resource: '*' }])), ['missing-action']);
    const both = policy([{ ...ok, NotAction: 's3:PutObject' }]);
    const [conflict] = findingsOf('conflicting-elements', both);
    assert.equal(textAt(both, conflict), '"NotAction"');
    assert.equal(findingsOf('conflicting-elements', policy([{ ...ok, NotResource: '*' }])).length, 1);
  });

  it('missing-resource in identity policies; resource-in-trust-policy and missing-principal in trust policies', () => {
    assert.deepEqual(rulesOf(policy([{ Effect: 'Allow', Action: 's3:GetObject' }])), ['missing-resource']);
    const trust = policy([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' },
      { Effect: 'Allow', Action: 'sts:TagSession' },
    ]);
    assert.deepEqual(rulesOf(trust).sort(), ['missing-principal', 'resource-in-trust-policy']);
  });

  it('duplicate-sid and invalid-sid', () => {
    const dup = policy([
      { ...ok, Sid: 'Read' },
      { ...ok, Sid: 'Read' },
    ]);
    assert.equal(findingsOf('duplicate-sid', dup).length, 1);
    const bad = findingsOf('invalid-sid', policy([{ ...ok, Sid: 'read objects!' }]));
    assert.deepEqual(bad[0].data, { suggestion: 'readobjects' });
    assert.deepEqual(findingsOf('invalid-sid', policy([{ ...ok, Sid: '' }])), []);
    // Bucket policies accept other characters in Sids.
    const bucket = policy([{ ...ok, Sid: 'Allow CloudTrail', Principal: { Service: 'cloudtrail.amazonaws.com' } }]);
    assert.deepEqual(findingsOf('invalid-sid', bucket), []);
  });

  it('unknown-element with did-you-mean, and duplicate-element', () => {
    const text = policy([{ ...ok, effect: 'Allow', dAction: 's3:PutObject' }]);
    const found = findingsOf('unknown-element', text);
    assert.deepEqual(
      found.map((f) => f.data?.suggestion),
      ['Effect', 'Action'],
    );
    const principal = findingsOf('unknown-element', policy([{ ...ok, Principal: { aws: '111122223333' } }]));
    assert.equal(principal[0].data?.suggestion, 'AWS');
    const dup = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}';
    assert.equal(findingsOf('duplicate-element', dup).length, 1);
  });

  it('invalid-element-type', () => {
    const found = findingsOf('invalid-element-type', policy([{ ...ok, Action: 42, Resource: ['*', true], Condition: 'no' }]));
    assert.equal(found.length, 3);
    assert.equal(findingsOf('invalid-element-type', JSON.stringify({ Version: '2012-10-17', Statement: 'x' })).length, 1);
  });

  it('malformed-arn on resources and AWS principals', () => {
    const text = policy([
      {
        ...ok,
        Resource: ['arn:aws:s3:::bucket/*', 'bucket/*', 'arn:aws:s3', 'arn:aws:iam::12345:role/x', 'arn:aws:s3:::b/${aws:username}/*'],
      },
    ]);
    assert.deepEqual(
      findingsOf('malformed-arn', text).map((f) => textAt(text, f)),
      ['"bucket/*"', '"arn:aws:s3"', '"arn:aws:iam::12345:role/x"'],
    );
    const principals = policy([
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:s3:::bucket', 'svc-user', '111122223333'] }, Action: 'sts:AssumeRole' },
    ]);
    assert.equal(findingsOf('malformed-arn', principals).length, 2);
  });

  it('invalid-condition-operator with did-you-mean', () => {
    const found = findingsOf(
      'invalid-condition-operator',
      policy([{ ...ok, Condition: { StringEqual: { 'aws:SourceIp': 'x' }, NullIfExists: { 'aws:TokenIssueTime': 'true' } } }]),
    );
    assert.equal(found.length, 2);
    assert.equal(found[0].data?.suggestion, 'StringEquals');
    assert.deepEqual(
      findingsOf(
        'invalid-condition-operator',
        policy([{ ...ok, Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'a*' } } }]),
      ),
      [],
    );
  });

  it('malformed-action and unknown-action with suggestions', () => {
    assert.match(findingsOf('malformed-action', policy([{ ...ok, Action: 's3GetObject' }]))[0].message, /service:action/);
    const typo = findingsOf(
      'unknown-action',
      policy([{ ...ok, Action: ['iam:ListUser', 'iamm:GetUser', 'iam:Nothing*', 'retiredsvc:Get'] }]),
    );
    assert.equal(typo.length, 4);
    assert.deepEqual(typo[0].data?.suggestions, ['iam:ListUsers']);
    assert.match(typo[0].message, /did you mean iam:ListUsers/i);
    assert.deepEqual(typo[1].data?.suggestions, ['iam:GetUser']);
    assert.match(typo[2].message, /matches no action/);
    assert.match(typo[3].message, /not in the IAM action catalog/);
  });

  it('invalid-json: a truncated policy still gets every other finding', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},\n    {"Effect": "Allow", "Action": "s3:Get';
    const rules = rulesOf(text);
    assert.ok(rules.includes('invalid-json'));
    assert.ok(rules.includes('allow-iam-write'));
    assert.ok(rules.includes('missing-iam-write-deny'));
    // The cut-off statement is not blamed for elements it has not reached yet.
    assert.ok(!rules.includes('missing-resource'));
    const json = analyze(text).findings.find((f) => f.rule === 'invalid-json')!;
    assert.equal(json.severity, 'error');
  });

  it('file-too-large: a huge document gets one finding, not an analysis', () => {
    const huge = ' '.repeat(5 * 1024 * 1024 + 10);
    const result = analyze(huge);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['file-too-large'],
    );
    assert.deepEqual(analyze(huge, { rules: { 'file-too-large': 'off' } }).findings, []);
  });

  it('settings change severities and turn rules off', () => {
    const text = policy([{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }]);
    const findings = analyze(text, { rules: { 'allow-iam-write': 'warning', 'missing-iam-write-deny': 'off' } }).findings;
    assert.deepEqual(
      findings.map((f) => `${f.rule}:${f.severity}`),
      ['allow-iam-write:warning'],
    );
  });
});

describe('malformed-arn accepts what AWS itself publishes', () => {
  it('an empty resource part, as in AmazonDevOpsGuruOrganizationsAccess', () => {
    assert.deepEqual(
      findingsOf(
        'malformed-arn',
        policy([{ Effect: 'Allow', Action: 'organizations:DescribeAccount', Resource: 'arn:aws:organizations::*:' }]),
      ),
      [],
    );
  });
});
