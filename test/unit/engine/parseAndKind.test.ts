import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { classifyDocument } from '../../../server/src/engine/kind';
import { parsePolicy } from '../../../server/src/engine/parse';
import { analyze, policy } from '../../support/policyText';

const kindOf = (text: string, forcePolicy = false) =>
  classifyDocument(sharedCatalog(), parsePolicy(text, { language: 'jsonc' }), forcePolicy);

describe('parsing policies', () => {
  it('reads Statement as an object or an array, and values as strings or arrays', () => {
    const single = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}');
    assert.equal(single.statements.length, 1);
    assert.deepEqual(
      single.statements[0].action?.items.map((i) => i.value),
      ['s3:GetObject'],
    );
    const list = parsePolicy(policy([{ Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: ['*'] }]));
    assert.deepEqual(
      list.statements[0].notAction?.items.map((i) => i.value),
      ['iam:Get*', 'iam:List*'],
    );
    assert.deepEqual(
      list.statements[0].resource?.items.map((i) => i.value),
      ['*'],
    );
  });

  it('keeps a source range for every element', () => {
    const text = policy([{ Sid: 'ReadUsers', Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }]);
    const s = parsePolicy(text).statements[0];
    assert.equal(text.slice(s.sid!.node.offset, s.sid!.node.offset + s.sid!.node.length), '"ReadUsers"');
    const action = s.action!.items[0].node;
    assert.equal(text.slice(action.offset, action.offset + action.length), '"iam:GetUser"');
  });

  it('reads every Principal form', () => {
    const text = policy([
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: {
          AWS: ['arn:aws:iam::111122223333:user/a', '444455556666'],
          Service: 'ec2.amazonaws.com',
          Federated: 'arn:aws:iam::111122223333:saml-provider/idp',
          CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        },
        Action: 'sts:AssumeRole',
      },
    ]);
    const [star, named] = parsePolicy(text).statements;
    assert.ok(star.principal?.wildcard);
    assert.deepEqual(
      named.principal?.entries.map((e) => `${e.type}=${e.value}`),
      [
        'AWS=arn:aws:iam::111122223333:user/a',
        'AWS=444455556666',
        'Service=ec2.amazonaws.com',
        'Federated=arn:aws:iam::111122223333:saml-provider/idp',
        'CanonicalUser=79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      ],
    );
  });

  it('accepts comments and trailing commas in .jsonc, and reports them in .json', () => {
    const text =
      '{\n  // reviewed\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",},],\n}';
    assert.deepEqual(analyze(text, { language: 'jsonc' }).findings, []);
    const strict = analyze(text, { language: 'json' }).findings.filter((f) => f.rule === 'invalid-json');
    assert.ok(strict.some((f) => /Comments are not allowed/.test(f.message)));
    assert.ok(strict.some((f) => /Trailing comma/.test(f.message)));
  });

  it('marks statements cut off by a parse error as incomplete', () => {
    const doc = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get', { language: 'jsonc' });
    assert.equal(doc.statements.length, 1);
    assert.equal(doc.statements[0].incomplete, true);
  });
});

describe('document kinds', () => {
  it('identity: no Principal anywhere', () => {
    assert.equal(kindOf(policy([{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }])), 'identity');
  });

  it('trust: a Principal statement reaching the role-assumption actions', () => {
    for (const action of [
      'sts:AssumeRole',
      'sts:AssumeRoleWithWebIdentity',
      'sts:AssumeRoleWithSAML',
      'sts:TagSession',
      'sts:*',
      'STS:assume*',
    ]) {
      assert.equal(kindOf(policy([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: action }])), 'trust', action);
    }
    // NotAction in a Principal statement grants the trust actions it does not list.
    assert.equal(kindOf(policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, NotAction: 'sts:AssumeRole' }])), 'trust');
    assert.equal(
      kindOf(policy([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, NotAction: 'sts:*', Resource: 'arn:aws:s3:::b/*' }])),
      'resource',
    );
    // Action "*" with no Resource anywhere: a trust policy written too broadly.
    assert.equal(kindOf(policy([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: '*' }])), 'trust');
  });

  it('resource: other Principal-bearing policies such as bucket policies, even with Action "*"', () => {
    const bucket = policy([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::logs/AWSLogs/*',
      },
    ]);
    assert.equal(kindOf(bucket), 'resource');
    const star = policy([
      {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: 'arn:aws:s3:::logs/*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    assert.equal(kindOf(star), 'resource');
  });

  it('none: JSON that is not a policy gets no findings at all', () => {
    const pkg = '{"name": "x", "version": "1.0.0", "scripts": {"test": "mocha"}}';
    assert.equal(kindOf(pkg), 'none');
    assert.deepEqual(analyze(pkg).findings, []);
    assert.equal(kindOf('[1, 2, 3]'), 'none');
    assert.equal(kindOf('{"broken": '), 'none');
    assert.deepEqual(analyze('{"broken": ').findings, []);
    assert.equal(kindOf(''), 'none');
  });

  it('none: a configuration file whose Statement is a plain string, beside no other policy element', () => {
    const config = '{"name": "release", "Statement": "Ship it on Fridays", "owners": ["ops"]}';
    assert.equal(kindOf(config), 'none');
    assert.deepEqual(analyze(config).findings, []);
    // With a policy element beside it, it is a policy with a wrongly typed Statement.
    assert.equal(kindOf('{"Version": "2012-10-17", "Statement": "Allow everything"}'), 'identity');
    assert.equal(kindOf('{"Id": "x", "Statement": "Allow everything"}'), 'identity');
  });

  it('a misspelt element counts as the element it nearly is: a trust policy with "dAction" stays a trust policy', () => {
    const trust = policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, dAction: 'sts:AssumeRole' }]);
    assert.equal(kindOf(trust), 'trust');
    const rules = analyze(trust).findings.map((f) => f.rule);
    assert.ok(!rules.includes('missing-resource'), 'advice to add a Resource would break a trust policy');
    assert.deepEqual(rules, ['unknown-element']);
    const principle = policy([{ Effect: 'Allow', Principle: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }]);
    assert.equal(kindOf(principle), 'trust');
    const bucket = policy([{ Effect: 'Allow', Principal: '*', Action: '*', Resources: 'arn:aws:s3:::b/*' }]);
    assert.equal(kindOf(bucket), 'resource');
  });

  it('a document that only has a policy Version is a policy being typed', () => {
    assert.equal(kindOf('{"Version": "2012-10-17"}'), 'identity');
  });

  it('forcePolicy analyses any object as a policy (the policyFiles globs)', () => {
    assert.equal(kindOf('{}', true), 'identity');
    assert.ok(analyze('{}', { forcePolicy: true }).findings.some((f) => f.rule === 'missing-statement'));
  });
});
