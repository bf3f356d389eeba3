import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionSet } from '../../../server/src/catalog/actionSet';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { diskPolicyReader, principalScopes } from '../../../server/src/config/principalScopes';
import { loadProjectConfig } from '../../../server/src/config/projectConfig';
import {
  BASELINE_NAMES,
  POLICY_FILES,
  TEMPLATE_FILE,
  TERRAFORM_FILE,
  YAML_TEMPLATE_FILE,
  placeholderArn,
} from '../../../server/src/scenario/baseline';
import { POLICIES_DIR, POLICY_FIXTURES } from '../../support/scenarioPaths';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const catalog = sharedCatalog();
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const read = (name: string) => readFileSync(join(POLICIES_DIR, name), 'utf8');
const policyOf = (name: string) => JSON.parse(read(name)) as Policy;

/** Every catalog action the patterns reach. */
function reach(patterns: string[]): ActionSet {
  const set = catalog.emptySet();
  for (const p of patterns) {
    const m = catalog.match(p);
    assert.equal(m.kind, 'matched', `${p} matches the catalog`);
    if (m.kind === 'matched') {
      assert.ok(m.count > 0, `${p} reaches at least one action`);
      set.addAll(m.set);
    }
  }
  return set;
}

const allowed = (p: Policy) => reach(p.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)));
const unconditionalDenies = (p: Policy) =>
  reach(p.Statement.filter((s) => s.Effect === 'Deny' && !s.Condition && list(s.Resource).includes('*')).flatMap((s) => list(s.Action)));
const iamReads = () => catalog.levelSet('iam', ['Read', 'List']);
const DELEGATION_2025 = [
  'iam:AcceptDelegationRequest',
  'iam:AssociateDelegationRequest',
  'iam:CreateDelegationRequest',
  'iam:RejectDelegationRequest',
  'iam:SendDelegationToken',
];

describe('scenario policies/', () => {
  it('holds the four policy files, the baseline as CloudFormation JSON and YAML and as Terraform, and the project file, nothing else', () => {
    assert.deepEqual(
      readdirSync(POLICIES_DIR).sort(),
      [...Object.values(POLICY_FILES), TEMPLATE_FILE, YAML_TEMPLATE_FILE, TERRAFORM_FILE, '.iamlp.json'].sort(),
    );
  });

  it('.iamlp.json declares the reporter and the auditor by their policies, and both stay clean judged as principals', () => {
    const config = loadProjectConfig(join(POLICIES_DIR, '.iamlp.json'));
    assert.deepEqual(config.problems, []);
    assert.deepEqual(
      config.principals.map((p) => [p.name, p.files]),
      [
        [BASELINE_NAMES.userName, [POLICY_FILES.readOnly]],
        [BASELINE_NAMES.roleName, [POLICY_FILES.auditorPermissions]],
      ],
    );
    for (const file of [POLICY_FILES.readOnly, POLICY_FILES.auditorPermissions]) {
      const principals = principalScopes(config, join(POLICIES_DIR, file), diskPolicyReader());
      assert.equal(principals.length, 1, file);
      assert.deepEqual(analyzePolicy(read(file), { principals }).findings, [], file);
    }
  });

  const kinds: Record<string, string> = {
    [POLICY_FILES.readOnly]: 'identity',
    [POLICY_FILES.auditorPermissions]: 'identity',
    [POLICY_FILES.trust]: 'trust',
    [POLICY_FILES.bucketPolicy]: 'resource',
  };
  for (const [file, kind] of Object.entries(kinds)) {
    it(`${file} is a clean ${kind} policy under the product's own rules`, () => {
      const result = analyzePolicy(read(file), { language: 'json' });
      assert.equal(result.kind, kind);
      assert.deepEqual(result.ruleErrors, []);
      assert.deepEqual(
        result.findings.map((f) => `${f.rule}: ${f.message}`),
        [],
      );
    });
  }

  it('the ReadOnly policy allows exactly the IAM Read and List actions of the catalog', () => {
    const p = policyOf(POLICY_FILES.readOnly);
    const iamAllowed = allowed(p).retainAll(catalog.iamAll);
    assert.deepEqual(catalog.names(iamAllowed), catalog.names(iamReads()));
    assert.ok(!allowed(p).intersects(catalog.iamWrite), 'no Allow reaches an IAM write');
    assert.equal(iamAllowed.count(), 77);
  });

  it('the ReadOnly policy denies every IAM write unconditionally, and no IAM read', () => {
    const p = policyOf(POLICY_FILES.readOnly);
    const denied = unconditionalDenies(p);
    assert.deepEqual(catalog.names(denied), catalog.names(catalog.iamWrite));
    assert.equal(denied.count(), 113);
    assert.ok(!denied.intersects(iamReads()));
    for (const action of DELEGATION_2025) assert.ok(catalog.names(denied).includes(action), `${action} is denied`);
  });

  it('the ReadOnly policy lets the reporter assume the auditor role, and nothing else outside IAM', () => {
    const p = policyOf(POLICY_FILES.readOnly);
    const outside = allowed(p).removeAll(catalog.iamAll);
    assert.deepEqual(catalog.names(outside), ['sts:AssumeRole']);
    const assume = p.Statement.find((s) => list(s.Action).includes('sts:AssumeRole'));
    assert.deepEqual(list(assume?.Resource), [placeholderArn('role', BASELINE_NAMES.roleName)]);
  });

  it('the auditor permissions allow only Read and List actions, incl. LookupEvents and SimulatePrincipalPolicy', () => {
    const p = policyOf(POLICY_FILES.auditorPermissions);
    const names = catalog.names(allowed(p));
    for (const name of names)
      assert.ok(['Read', 'List'].includes(catalog.action(name)!.level), `${name} is ${catalog.action(name)!.level}`);
    assert.ok(names.includes('cloudtrail:LookupEvents'));
    assert.ok(names.includes('iam:SimulatePrincipalPolicy'));
    assert.deepEqual(catalog.names(unconditionalDenies(p)), catalog.names(catalog.iamWrite));
  });

  it('the trust policy names only the reporter user and requires the ExternalId with StringEquals', () => {
    const p = policyOf(POLICY_FILES.trust);
    assert.equal(p.Statement.length, 1);
    const [s] = p.Statement;
    assert.deepEqual(s.Principal, { AWS: placeholderArn('user', BASELINE_NAMES.userName) });
    assert.deepEqual(list(s.Action), ['sts:AssumeRole']);
    assert.deepEqual(s.Condition, { StringEquals: { 'sts:ExternalId': BASELINE_NAMES.labExternalId } });
  });

  it('the bucket policy lets the CloudTrail service check the ACL and write under AWSLogs/<account>/', () => {
    const p = policyOf(POLICY_FILES.bucketPolicy);
    const allows = p.Statement.filter((s) => s.Effect === 'Allow');
    assert.ok(allows.every((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudtrail.amazonaws.com' })));
    assert.deepEqual(allows.flatMap((s) => list(s.Action)).sort(), ['s3:GetBucketAcl', 's3:PutObject']);
    const write = allows.find((s) => list(s.Action).includes('s3:PutObject'))!;
    assert.deepEqual(list(write.Resource), ['arn:aws:s3:::idsentinel-cloudtrail-logs/AWSLogs/111122223333/*']);
    assert.equal(write.Condition?.StringEquals?.['s3:x-amz-acl'], 'bucket-owner-full-control');
  });
});

/** Each broken twin and the rule that must catch it. */
const TWINS: Record<string, string> = {
  'IDSentinel-ReadOnly-Policy.iam-star.json': 'allow-iam-write',
  'IDSentinel-ReadOnly-Policy.pass-role.json': 'allow-iam-write',
  'IDSentinel-ReadOnly-Policy.conditional-deny.json': 'missing-iam-write-deny',
  'IDSentinel-ReadOnly-Policy.no-delegation-deny.json': 'missing-iam-write-deny',
  'Role-IDSentinel-Auditor.trust.no-external-id.json': 'trust-missing-external-id',
  'Role-IDSentinel-Auditor.trust.wildcard-external-id.json': 'trust-weak-external-id',
  'Role-IDSentinel-Auditor.trust.account-root.json': 'trust-broad-principal',
  'Role-IDSentinel-Auditor.trust.everyone.json': 'trust-broad-principal',
  'Role-IDSentinel-Auditor.permissions.service-star.json': 'allow-iam-write',
  'Role-IDSentinel-Auditor.permissions.no-deny.json': 'missing-iam-write-deny',
  'idsentinel-cloudtrail-logs.bucket-policy.no-principal.json': 'missing-principal',
  'idsentinel-cloudtrail-logs.bucket-policy.unknown-action.json': 'unknown-action',
};

describe('scenario broken twins (test/fixtures/policies)', () => {
  it('every fixture is listed here with the rule that catches it', () => {
    assert.deepEqual(readdirSync(POLICY_FIXTURES).sort(), Object.keys(TWINS).sort());
  });

  it('every policy file has at least one broken twin', () => {
    for (const file of Object.values(POLICY_FILES)) {
      const stem = file.replace(/\.json$/, '');
      assert.ok(
        Object.keys(TWINS).some((t) => t.startsWith(`${stem}.`)),
        `${file} has a twin`,
      );
    }
  });

  for (const [file, rule] of Object.entries(TWINS)) {
    it(`${file} is caught by ${rule}`, () => {
      const result = analyzePolicy(readFileSync(join(POLICY_FIXTURES, file), 'utf8'), { language: 'json' });
      assert.deepEqual(result.ruleErrors, []);
      assert.ok(
        result.findings.some((f) => f.rule === rule),
        `findings: ${result.findings.map((f) => f.rule).join(', ') || '(none)'}`,
      );
    });
  }

  it('the missing delegation Deny names the 2025 delegation actions', () => {
    const result = analyzePolicy(readFileSync(join(POLICY_FIXTURES, 'IDSentinel-ReadOnly-Policy.no-delegation-deny.json'), 'utf8'));
    const finding = result.findings.find((f) => f.rule === 'missing-iam-write-deny');
    assert.match(finding?.message ?? '', /iam:AcceptDelegationRequest/);
    assert.match(finding?.message ?? '', /iam:SendDelegationToken/);
  });
});
