import * as assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { ESCALATION_PATHS, EscalationPath } from '../../../server/src/engine/escalationPaths';
import { parsePolicy } from '../../../server/src/engine/parse';
import { PrincipalScope } from '../../../server/src/engine/principalScope';
import { Finding } from '../../../server/src/engine/rule';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'privilege-escalation';

/** The path ids the findings of a text name. */
function pathsOf(findings: readonly Finding[]): Set<string> {
  return new Set(findings.flatMap((f) => (f.data?.paths as string[] | undefined) ?? []));
}

/** One statement granting one action of every group of the path (the first of each), on "*". */
function grantOf(path: EscalationPath, skipGroup?: number): string[] {
  return path.requires.filter((_, i) => i !== skipGroup).map((group) => group[0]);
}

function scope(name: string, ...others: Array<{ source: string; statements: unknown[] }>): PrincipalScope {
  return { name, others: others.map((o) => ({ source: o.source, document: parsePolicy(policy(o.statements)) })) };
}

describe('rule privilege-escalation', () => {
  it('has at least 40 paths, each with an id of its own, actions the catalog knows and a source URL', () => {
    const catalog = sharedCatalog();
    assert.ok(ESCALATION_PATHS.length >= 40, `${ESCALATION_PATHS.length} paths`);
    assert.equal(new Set(ESCALATION_PATHS.map((p) => p.id)).size, ESCALATION_PATHS.length, 'duplicate ids');
    for (const path of ESCALATION_PATHS) {
      for (const action of path.requires.flat()) assert.equal(catalog.action(action)?.fullName, action, `${path.id}: ${action}`);
      assert.ok(path.sources.length > 0 && path.sources.every((s) => /^https:\/\//.test(s.url)), `${path.id}: sources`);
    }
  });

  it('cites each source at a link that shows what was checked: a pinned commit on GitHub, the pathfinding.cloud page of its id', () => {
    for (const path of ESCALATION_PATHS) {
      assert.equal(new Set(path.sources.map((s) => s.name)).size, path.sources.length, `${path.id}: a source twice`);
      for (const source of path.sources) {
        const where = `${path.id}: ${source.name} ${source.url}`;
        const pathfinding = /^pathfinding\.cloud ([a-z0-9]+-\d{3})$/.exec(source.name);
        if (pathfinding) assert.equal(source.url, `https://pathfinding.cloud/paths/${pathfinding[1]}`, where);
        else assert.match(source.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\//, where);
      }
    }
  });

  describe('fires on every path of the table, and removing any one of its actions silences it', () => {
    for (const path of ESCALATION_PATHS) {
      it(path.id, () => {
        const grant = { Effect: 'Allow', Action: grantOf(path), Resource: '*' };
        const findings = findingsOf(RULE, policy([grant]));
        assert.ok(pathsOf(findings).has(path.id), `${path.id} not reported for ${grant.Action.join(', ')}`);
        assert.ok(findings.every((f) => f.severity === 'error'));
        path.requires.forEach((group, i) => {
          const without = { Effect: 'Allow', Action: grantOf(path, i), Resource: '*' };
          const silenced = without.Action.length === 0 ? [] : findingsOf(RULE, policy([without]));
          assert.ok(!pathsOf(silenced).has(path.id), `${path.id} still reported without ${group.join(' or ')}`);
        });
      });
    }
  });

  it('fires on "*", on a service wildcard and on an Allow with NotAction', () => {
    for (const statement of [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
      { Effect: 'Allow', NotAction: 's3:*', Resource: '*' },
    ]) {
      const text = policy([statement]);
      const findings = findingsOf(RULE, text);
      assert.equal(findings.length, 1, JSON.stringify(statement));
      assert.ok(pathsOf(findings).has('lambda-update-function-code'));
    }
    const [star] = findingsOf(RULE, policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]));
    assert.ok((star.data?.paths as string[]).length === ESCALATION_PATHS.length, 'Action "*" completes every path');
    assert.match(star.message, new RegExp(`Completes ${ESCALATION_PATHS.length} privilege escalation paths`));
  });

  it('finds the services of a path in any case, through a wildcard service, and not in policies naming only others', () => {
    for (const actions of [
      ['IAM:PassRole', 'EC2:RunInstances'],
      ['i?m:PassRole', 'ec*:RunInstances'],
      ['iam:PassRole', 's3:GetObject', 'Ec2:runinstances'],
    ]) {
      const findings = findingsOf(RULE, policy([{ Effect: 'Allow', Action: actions, Resource: '*' }]));
      assert.ok(pathsOf(findings).has('passrole-ec2-run-instances'), actions.join(', '));
    }
    for (const actions of [['s3:*', 'dynamodb:PutItem', 'S3:GetObject'], ['logs:CreateLogGroup']]) {
      assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Allow', Action: actions, Resource: '*' }])), [], actions.join(', '));
    }
  });

  it('fires once per contributing statement, on the entry that completes the path, naming where the rest is', () => {
    const text = policy([
      { Sid: 'Compute', Effect: 'Allow', Action: ['s3:GetObject', 'ec2:RunInstances'], Resource: '*' },
      { Sid: 'Pass', Effect: 'Allow', Action: ['iam:GetRole', 'iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/app' },
    ]);
    const findings = findingsOf(RULE, text);
    assert.deepEqual(
      findings.map((f) => textAt(text, f)),
      ['"ec2:RunInstances"', '"iam:PassRole"'],
    );
    assert.deepEqual(findings[0].actions, ['ec2:RunInstances', 'iam:PassRole']);
    assert.match(findings[0].message, /iam:PassRole \+ ec2:RunInstances \(passrole-ec2-run-instances\)/);
    assert.match(findings[0].message, /iam:PassRole from statement "Pass"/);
    assert.match(findings[1].message, /ec2:RunInstances from statement "Compute"/);
  });

  it('names three places the rest comes from and counts the others as more, on a policy of thousands of statements', () => {
    const passers = Array.from({ length: 3000 }, (_, i) => ({
      Sid: `Pass${i}`,
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: `arn:aws:iam::111122223333:role/app-${i}`,
    }));
    const text = policy([
      { Sid: 'Compute', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances'], Resource: '*' },
      ...passers,
    ]);
    const findings = findingsOf(RULE, text);
    assert.equal(findings.length, passers.length + 1);
    const compute = findings.find((f) => textAt(text, f) === '"ec2:RunInstances"')!;
    assert.match(
      compute.message,
      /The rest of it: iam:PassRole from statement "Pass0", iam:PassRole from statement "Pass1", iam:PassRole from statement "Pass2" and more\./,
    );
    // A statement that grants a path action others grant too still names them, not itself.
    assert.match(findings[1].message, /The rest of it: ec2:RunInstances from statement "Compute"\./);
  });

  it('names a place the statement shares (a duplicate Sid) only for the other statements there', () => {
    const text = policy([
      { Sid: 'Dup', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app' },
      { Sid: 'Dup', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      { Sid: 'Other', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app' },
    ]);
    const rest = findingsOf(RULE, text).map((f) => / The rest of it: (.*?)\./.exec(f.message)?.[1]);
    assert.deepEqual(rest, [
      'ec2:RunInstances from statement "Dup"',
      'iam:PassRole from statement "Dup" and iam:PassRole from statement "Other"',
      'ec2:RunInstances from statement "Dup"',
    ]);
  });

  it('thousands of statements granting one half of a path each name three of the other half', () => {
    // Each statement's own half comes first in the grants: found by looking through all of them, quadratic.
    const statements = Array.from({ length: 4000 }, (_, i) =>
      i % 2 === 0
        ? { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }
        : { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app' },
    );
    const findings = findingsOf(RULE, policy(statements));
    assert.equal(findings.length, statements.length);
    const rest = (f: Finding) => / The rest of it: (.*?)\./.exec(f.message)?.[1];
    assert.equal(rest(findings[0]), 'iam:PassRole from statement 2, iam:PassRole from statement 4, iam:PassRole from statement 6 and more');
    assert.equal(
      rest(findings[3999]),
      'ec2:RunInstances from statement 1, ec2:RunInstances from statement 3, ec2:RunInstances from statement 5 and more',
    );
  });

  it('says a conditional grant is conditional', () => {
    const [finding] = findingsOf(
      RULE,
      policy([
        { Effect: 'Allow', Action: 'ssm:SendCommand', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ]),
    );
    assert.match(finding.message, /conditional/);
  });

  describe('a grant capped at policies its author named is information, not an escalation', () => {
    const BOUNDARY = 'arn:aws:iam::111122223333:policy/DelegatedBoundary';
    const delegate = (
      condition: unknown,
      actions: string | string[] = ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
    ) => ({
      Effect: 'Allow',
      Action: actions,
      Resource: 'arn:aws:iam::111122223333:role/app-*',
      Condition: condition,
    });
    const requireBoundary = { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY } };

    it('when the user or role must carry a permissions boundary (iam:PermissionsBoundary), naming the boundary', () => {
      const findings = findingsOf(RULE, policy([delegate(requireBoundary)]));
      assert.ok(findings.length > 0);
      for (const finding of findings) {
        assert.equal(finding.severity, 'info', finding.message);
        assert.match(finding.message, /only within policies named in its conditions/);
        assert.ok(finding.message.includes(`carry the permissions boundary ${BOUNDARY} (iam:PermissionsBoundary)`), finding.message);
        assert.match(finding.message, /iam:DeleteRolePermissionsBoundary.* of another boundary\./);
        assert.equal(finding.data?.capped, true);
      }
      assert.deepEqual(pathsOf(findings), new Set(['iam-attach-role-policy', 'iam-put-role-policy']));
    });

    it('when the only managed policies it may attach are named exactly (iam:PolicyARN)', () => {
      const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      const [finding, ...rest] = findingsOf(
        RULE,
        policy([delegate({ ArnEquals: { 'iam:PolicyARN': [readOnly] } }, 'iam:AttachRolePolicy')]),
      );
      assert.equal(rest.length, 0);
      assert.equal(finding.severity, 'info');
      assert.ok(
        finding.message.includes(`the policy it attaches to be ${readOnly} (iam:PolicyARN), so it gives at most what that policy allows.`),
        finding.message,
      );
      assert.doesNotMatch(finding.message, /DeleteRolePermissionsBoundary/, 'no boundary, no word about lifting one');
    });

    it('stays an error when the cap can be lifted or does not cap', () => {
      const errors = (statements: unknown[]) => findingsOf(RULE, policy(statements)).filter((f) => f.severity === 'error');
      // The boundary can be taken off, or another put on without the condition.
      for (const lift of ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary']) {
        assert.ok(errors([delegate(requireBoundary), { Effect: 'Allow', Action: lift, Resource: '*' }]).length > 0, lift);
      }
      // ... unless a Deny takes that back; a Put that must put the same boundary lifts nothing.
      const denied = [delegate(requireBoundary), { Effect: 'Allow', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' }];
      assert.deepEqual(errors([...denied, { Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' }]), []);
      assert.deepEqual(errors([delegate(requireBoundary, ['iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'])]), []);
      // A Put that must put another boundary swaps this one for it.
      const permissive = { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/Permissive' } };
      assert.ok(errors([delegate(requireBoundary), delegate(permissive, 'iam:PutRolePermissionsBoundary')]).length > 0);
      // A boundary from another policy of the same principal lifts it too.
      const lifter = scope('delegate', {
        source: 'policies/lift.json',
        statements: [{ Effect: 'Allow', Action: 'iam:Delete*PermissionsBoundary', Resource: '*' }],
      });
      assert.ok(findingsOf(RULE, policy([delegate(requireBoundary)]), { principals: [lifter] }).some((f) => f.severity === 'error'));
      // A Deny of the lifting action in another policy holds only while the principal cannot take that policy off.
      const guard = {
        source: 'policies/guard.json',
        statements: [{ Effect: 'Deny', Action: 'iam:Delete*PermissionsBoundary', Resource: '*' }],
      };
      const lifterAndGuard = (extra: unknown[]) =>
        scope(
          'delegate',
          {
            source: 'policies/lift.json',
            statements: [{ Effect: 'Allow', Action: 'iam:Delete*PermissionsBoundary', Resource: '*' }, ...extra],
          },
          guard,
        );
      assert.deepEqual(errors([delegate(requireBoundary)]), []);
      assert.ok(
        !findingsOf(RULE, policy([delegate(requireBoundary)]), { principals: [lifterAndGuard([])] }).some((f) => f.severity === 'error'),
        'the guard holds',
      );
      const detach = { Effect: 'Allow', Action: 'iam:DetachRolePolicy', Resource: '*' };
      assert.ok(
        findingsOf(RULE, policy([delegate(requireBoundary)]), { principals: [lifterAndGuard([detach])] }).some(
          (f) => f.severity === 'error',
        ),
        'the guard can be detached',
      );
      // Conditions that pass requests they do not name, or name nothing.
      for (const weak of [
        { StringEqualsIfExists: { 'iam:PermissionsBoundary': BOUNDARY } },
        { StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY } },
        { StringLike: { 'iam:PermissionsBoundary': '*' } },
        { 'ForAnyValue:StringEquals': { 'iam:PermissionsBoundary': BOUNDARY } },
        { ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/*' } },
        { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' } },
        { StringEquals: { 'aws:ResourceTag/team': 'app' } },
      ]) {
        assert.ok(errors([delegate(weak, 'iam:AttachRolePolicy')]).length > 0, JSON.stringify(weak));
      }
      // iam:PolicyARN caps what is attached, not an inline policy written by a statement of its own.
      const readOnly = { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } };
      const inline = { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: 'arn:aws:iam::111122223333:role/app-*' };
      assert.ok(pathsOf(errors([delegate(readOnly, 'iam:AttachRolePolicy'), inline])).has('iam-put-role-policy'));
      // In the attaching statement itself, PutRolePolicy is never allowed: its request has no iam:PolicyARN.
      assert.ok(!pathsOf(findingsOf(RULE, policy([delegate(readOnly)]))).has('iam-put-role-policy'));
      // One uncapped grant of the action leaves the path open.
      assert.ok(errors([delegate(requireBoundary), { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' }]).length > 0);
    });

    it('an entry completing capped and open paths reports only the open ones, as an error', () => {
      // AttachRolePolicy is capped, so are the paths it completes with the rest; UpdateAssumeRolePolicy
      // with sts:AssumeRole is a path of its own, open.
      const findings = findingsOf(
        RULE,
        policy([
          delegate(requireBoundary, 'iam:AttachRolePolicy'),
          { Effect: 'Allow', Action: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], Resource: '*' },
        ]),
      );
      const capped = ['iam-attach-role-policy', 'iam-attach-role-policy-assume', 'iam-attach-role-policy-trust'];
      const errors = findings.filter((f) => f.severity === 'error');
      assert.ok(pathsOf(errors).has('iam-update-assume-role-policy'));
      for (const id of capped) assert.ok(!pathsOf(errors).has(id), `${id} is capped`);
      const info = findings.filter((f) => f.severity === 'info');
      assert.deepEqual([...pathsOf(info)].sort(), capped);
    });
  });

  describe('stays silent', () => {
    it('when an unconditional Deny of the same policy removes an action of the path', () => {
      const text = policy([
        { Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
      ]);
      assert.deepEqual(findingsOf(RULE, text), []);
    });

    it('on a policy that only denies', () => {
      assert.deepEqual(findingsOf(RULE, policy([{ Effect: 'Deny', Action: '*', Resource: '*' }])), []);
    });

    it('on resources the path cannot abuse', () => {
      for (const statement of [
        { Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: 'arn:aws:iam::aws:policy/*' },
        { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor' },
        { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: 'arn:aws:s3:::bucket/*' },
        { Effect: 'Allow', Action: 'ssm:SendCommand', Resource: 'arn:aws:ssm:*:*:document/AWS-RunShellScript' },
        {
          Effect: 'Allow',
          Action: ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
          Resource: 'arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*',
        },
        {
          Effect: 'Allow',
          Action: ['iam:PutRolePolicy', 'sts:AssumeRole'],
          Resource: 'arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk',
        },
      ]) {
        assert.deepEqual(findingsOf(RULE, policy([statement])), [], JSON.stringify(statement));
      }
    });

    it('when iam:PassedToService lets the role go only to another service than the path’s', () => {
      const passTo = (operator: string, service: string) => ({
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { [operator]: { 'iam:PassedToService': service } },
      });
      const run = { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' };
      assert.deepEqual(findingsOf(RULE, policy([passTo('StringEquals', 'glue.amazonaws.com'), run])), []);
      assert.deepEqual(findingsOf(RULE, policy([passTo('StringLike', 'lambda.*'), run])), []);
      const toEc2 = findingsOf(RULE, policy([passTo('StringEquals', 'ec2.amazonaws.com'), run]));
      assert.equal(toEc2.length, 2, 'passed to EC2: the path is open, under a Condition');
      assert.match(toEc2[0].message, /conditional/);
      assert.equal(findingsOf(RULE, policy([passTo('StringLike', 'ec2.*'), run])).length, 2);
      assert.equal(findingsOf(RULE, policy([passTo('StringLike', 'ec?.amazonaws.com'), run])).length, 2);
      // StringLike knows * and ? only: braces and brackets are literal characters, matching no service.
      assert.deepEqual(findingsOf(RULE, policy([passTo('StringLike', '{ec2,glue}.amazonaws.com'), run])), []);
      assert.deepEqual(findingsOf(RULE, policy([passTo('StringLike', 'ec[0-9].amazonaws.com'), run])), []);
    });

    it('when a Condition can never hold again (a date in the past)', () => {
      for (const [operator, key] of [
        ['DateLessThan', 'aws:CurrentTime'],
        ['DateLessThanEquals', 'aws:TokenIssueTime'],
      ]) {
        const statement = {
          Effect: 'Allow',
          Action: 'lambda:UpdateFunctionCode',
          Resource: '*',
          Condition: { [operator]: { [key]: '2001-01-01T00:00:00Z' } },
        };
        assert.deepEqual(findingsOf(RULE, policy([statement])), [], `${operator} ${key}`);
      }
      const future = {
        Effect: 'Allow',
        Action: 'lambda:UpdateFunctionCode',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:CurrentTime': '2999-01-01T00:00:00Z' } },
      };
      assert.equal(findingsOf(RULE, policy([future])).length, 1, 'a date in the future can hold');
    });

    it('when the Allow and the Deny are in two policies of one principal', () => {
      const allow = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
      const principals = [
        scope('admin-capped', { source: 'policies/deny.json', statements: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
      ];
      assert.deepEqual(findingsOf(RULE, allow, { principals }), []);
    });

    it('on the seed policies', () => {
      // The seed grants iam:Get*/List*, cloudtrail:LookupEvents and sts:AssumeRole on one role.
      const text = policy([
        { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor' },
      ]);
      assert.deepEqual(findingsOf(RULE, text), []);
    });
  });

  it('fires on both policies when a path is split across the policies of one principal', () => {
    const pass = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]);
    const run = policy([{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }]);
    assert.deepEqual(findingsOf(RULE, pass), [], 'alone, PassRole completes nothing');
    const onPass = findingsOf(RULE, pass, {
      principals: [scope('builder', { source: 'policies/run.json', statements: JSON.parse(run).Statement })],
    });
    const onRun = findingsOf(RULE, run, {
      principals: [scope('builder', { source: 'policies/pass.json', statements: JSON.parse(pass).Statement })],
    });
    assert.equal(onPass.length, 1);
    assert.equal(onRun.length, 1);
    assert.match(onPass[0].message, /ec2:RunInstances from policies\/run\.json \(principal "builder"\)/);
    assert.match(onRun[0].message, /iam:PassRole from policies\/pass\.json \(principal "builder"\)/);
  });

  it("leaves a path the principal's other policies complete alone to them, unless this one completes it alone too", () => {
    const run = [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }];
    const passAndRun = [{ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }];
    const on = (statements: unknown[], other: unknown[]) =>
      pathsOf(findingsOf(RULE, policy(statements), { principals: [scope('builder', { source: 'other.json', statements: other })] }));
    // The other policy completes passrole-ec2-run-instances on its own: taking ec2:RunInstances from
    // this one would close nothing.
    assert.ok(!on(run, passAndRun).has('passrole-ec2-run-instances'));
    // Split between the two: both take part, both say it.
    assert.ok(on(run, [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]).has('passrole-ec2-run-instances'));
    // Each completes it alone: each says it.
    assert.ok(on(passAndRun, passAndRun).has('passrole-ec2-run-instances'));
    // The other completes it only under a Condition; with this one it needs none.
    const conditional = [{ ...passAndRun[0], Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }];
    assert.ok(on(run, [...conditional, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]).has('passrole-ec2-run-instances'));
  });

  it('counts an action only on a Resource of the resource types it acts on (Service Authorization Reference)', () => {
    // codebuild:StartBuild acts on projects: `codebuild:*` on report groups starts no build.
    const reports = policy([
      { Effect: 'Allow', Action: 'codebuild:*', Resource: 'arn:aws:codebuild:us-east-1:111122223333:report-group/app*' },
    ]);
    assert.ok(!pathsOf(findingsOf(RULE, reports)).has('codebuild-start-build'));
    const projects = policy([
      { Effect: 'Allow', Action: 'codebuild:*', Resource: 'arn:aws:codebuild:us-east-1:111122223333:project/app*' },
    ]);
    assert.ok(pathsOf(findingsOf(RULE, projects)).has('codebuild-start-build'));
    // sagemaker:* on flow definitions opens no notebook instance, whatever role it may pass.
    const flows = policy([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Allow', Action: 'sagemaker:*', Resource: 'arn:aws:sagemaker:*:*:flow-definition/*' },
    ]);
    assert.deepEqual(
      [...pathsOf(findingsOf(RULE, flows))].filter((id) => id.includes('sagemaker')),
      [],
    );
    // An action the reference gives no resource type is still counted on any ARN of its service.
    const endpoint = policy([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Allow', Action: 'glue:*', Resource: 'arn:aws:glue:*:*:database/*' },
    ]);
    assert.ok(pathsOf(findingsOf(RULE, endpoint)).has('passrole-glue-dev-endpoint'));
  });

  it('counts role actions on service-linked roles only where the Resource can name another role', () => {
    const onRoles = (...resources: string[]) =>
      pathsOf(findingsOf(RULE, policy([{ Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:PutRolePolicy'], Resource: resources }])));
    assert.deepEqual([...onRoles('arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*')], []);
    const opened = ['iam-attach-role-policy', 'iam-put-role-policy'];
    // Without the slash, `aws-service-role-admin` is a role anyone may name, and its policies can change.
    assert.deepEqual([...onRoles('arn:aws:iam::*:role/aws-service-role*')].sort(), opened);
    assert.deepEqual([...onRoles('arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*', 'arn:aws:iam::*:role/app-*')].sort(), opened);
    assert.deepEqual([...onRoles('arn:aws:iam::*:role/*')].sort(), opened);
    // iam:PassRole keeps service-linked roles: a service may take one, and what it then does is not known here.
    const passed = policy([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/aws-service-role/*' },
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
    ]);
    assert.ok(pathsOf(findingsOf(RULE, passed)).has('passrole-ec2-run-instances'));
  });

  it('names the roles a PassRole path can pass, unless it can pass any', () => {
    const run = (resource: unknown) =>
      findingsOf(
        RULE,
        policy([
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: resource },
          { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        ]),
      );
    const named = run(['arn:aws:iam::111122223333:role/app-lambda', 'arn:aws:s3:::not-a-role', 'arn:aws:iam::111122223333:role/app-batch']);
    assert.equal(named.length, 2);
    for (const finding of named)
      assert.match(
        finding.message,
        / The roles it can pass: arn:aws:iam::111122223333:role\/app-lambda, arn:aws:iam::111122223333:role\/app-batch\./,
      );
    for (const finding of run('*')) assert.doesNotMatch(finding.message, /roles it can pass:/);
  });

  it('does not count a trust policy listed among a principal’s policies', () => {
    const pass = policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]);
    const trust = {
      source: 'trust.json',
      statements: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole', 'ec2:RunInstances'] }],
    };
    assert.deepEqual(findingsOf(RULE, pass, { principals: [scope('r', trust)] }), []);
  });

  describe('a Deny in another policy of the principal', () => {
    const build = { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' };
    const guard = (actions: string[]) => ({
      source: 'policies/guard.json',
      statements: [{ Effect: 'Deny', Action: actions, Resource: '*' }],
    });

    it('blocks the path while the principal cannot take that policy off', () => {
      assert.deepEqual(findingsOf(RULE, policy([build]), { principals: [scope('dev', guard(['iam:PassRole']))] }), []);
      // A detach on one named user: someone else's, as far as the policy says.
      const named = { Effect: 'Allow', Action: 'iam:DetachUserPolicy', Resource: 'arn:aws:iam::123456789012:user/helpdesk-bob' };
      assert.deepEqual(findingsOf(RULE, policy([build, named]), { principals: [scope('dev', guard(['iam:PassRole']))] }), []);
      // A Deny that takes back the detach too protects itself.
      const detach = { Effect: 'Allow', Action: 'iam:Detach*Policy', Resource: '*' };
      const selfProtecting = guard(['iam:PassRole', 'iam:Detach*']);
      assert.deepEqual(findingsOf(RULE, policy([build, detach]), { principals: [scope('dev', selfProtecting)] }), []);
    });

    it('does not when the principal can detach or delete a policy first (pathfinding.cloud iam-025, iam-026)', () => {
      for (const action of ['iam:DetachUserPolicy', 'iam:DeleteRolePolicy']) {
        const remove = { Effect: 'Allow', Action: action, Resource: 'arn:aws:iam::123456789012:*' };
        const findings = findingsOf(RULE, policy([build, remove]), { principals: [scope('dev', guard(['iam:PassRole']))] });
        assert.ok(findings.length > 0, action);
        for (const finding of findings) {
          assert.equal(finding.severity, 'error');
          assert.ok(
            finding.message.includes(
              `The Deny of policies/guard.json does not stop it: the principal can take that policy off first (${action}).`,
            ),
            finding.message,
          );
        }
      }
    });

    it('holds against the grants of its own policy, whatever the principal can take off', () => {
      const own = policy([
        build,
        { Effect: 'Allow', Action: 'iam:DetachUserPolicy', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
      ]);
      const other = { source: 'policies/read.json', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
      assert.deepEqual(findingsOf(RULE, own), []);
      assert.deepEqual(findingsOf(RULE, own, { principals: [scope('dev', other)] }), []);
    });
  });
});
