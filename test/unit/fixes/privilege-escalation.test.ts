import * as assert from 'node:assert/strict';
import { applyFix, fixesOf, roundTrip } from './support';
import { findingsOf } from '../../support/policyText';

const RULE = 'privilege-escalation';

function policyText(statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
}

function statements(text: string): Array<Record<string, unknown>> {
  return (JSON.parse(text) as { Statement: Array<Record<string, unknown>> }).Statement;
}

describe('fix: privilege-escalation', () => {
  const runAndPass = { Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances', 's3:GetObject'], Resource: '*' };

  it('removes the key action from the statement (preferred), which closes the path', () => {
    const { after, fix } = roundTrip(policyText([runAndPass]), RULE, { allowed: [] });
    assert.equal(fix.title, 'Remove "iam:PassRole" from this statement');
    assert.ok(fix.isPreferred);
    assert.deepEqual(statements(after)[0].Action, ['ec2:RunInstances', 's3:GetObject']);
    assert.deepEqual(findingsOf(RULE, after), []);
  });

  it('offers the same fixes on a path capped at a permissions boundary, none of them preferred', () => {
    const capped = {
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 's3:GetObject'],
      Resource: 'arn:aws:iam::111122223333:role/app-*',
      Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/Boundary' } },
    };
    const [{ finding, fixes }] = fixesOf(policyText([capped]), RULE);
    assert.equal(finding.severity, 'info');
    assert.ok(fixes.some((f) => f.title === 'Remove "iam:AttachRolePolicy" from this statement'));
    assert.ok(fixes.length > 1 && fixes.every((f) => !f.isPreferred), JSON.stringify(fixes.map((f) => [f.title, f.isPreferred])));
  });

  it('adds a Deny of the key action, which closes the path', () => {
    const { after } = roundTrip(policyText([runAndPass]), RULE, { title: /^Add a statement denying/ });
    assert.deepEqual(statements(after)[1], { Sid: 'DenyPrivilegeEscalation', Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' });
  });

  it('narrows a "*" Resource to a placeholder ARN of the key action, as a snippet', () => {
    const text = policyText([runAndPass]);
    const [{ fixes }] = fixesOf(text, RULE);
    const narrow = fixes.find((f) => /^Narrow the Resource/.test(f.title));
    assert.ok(narrow?.snippet);
    assert.ok(narrow.edits[0].newText.includes('${1:arn:aws:iam::111122223333:role/NAME}'));
    assert.equal(statements(applyFix(text, narrow))[0].Resource, 'arn:aws:iam::111122223333:role/NAME');
  });

  it('restricts a PassRole-only statement with iam:PassedToService; the finding then says it is conditional', () => {
    const text = policyText([
      { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' },
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' },
    ]);
    const { after } = roundTrip(text, RULE, { title: /PassedToService/, keepsRule: true });
    assert.deepEqual(statements(after)[0].Condition, { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
    const [onPass] = findingsOf(RULE, after);
    assert.match(onPass.message, /conditional/);
  });

  it('offers no iam:PassedToService restriction where the Condition would also bind other actions, and no removal of a wildcard', () => {
    const [{ fixes }] = fixesOf(policyText([{ Effect: 'Allow', Action: ['iam:*', 'ec2:RunInstances'], Resource: '*' }]), RULE);
    const titles = fixes.map((f) => f.title);
    assert.ok(!titles.some((t) => /PassedToService|^Remove/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /^Add a statement denying/.test(t)));
  });
});
