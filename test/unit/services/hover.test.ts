import assert from 'node:assert/strict';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { catalogDetails } from '../../../server/src/catalog/details';
import { GLOBAL_CONDITION_KEY_DESCRIPTIONS } from '../../../server/src/catalog/globalConditionKeys';
import { HoverResult, hover } from '../../../server/src/services/hover';
import { cursor } from '../../support/cursor';

const catalog = sharedCatalog();

function at(marked: string): (HoverResult & { text: string }) | undefined {
  const { text, offset } = cursor(marked);
  const result = hover(text, offset);
  return result && { ...result, text };
}

function markdown(marked: string): string {
  const result = at(marked);
  assert.ok(result, `no hover at ${marked}`);
  return result.markdown;
}

const statement = (body: string, effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", ${body}, "Resource": "*"}]}`;

describe('hover', () => {
  it('on an undocumented name AWS grants: which managed policies grant it, and from which source', () => {
    const md = markdown(statement('"Action": ["budgets:Create|Budget"]'));
    assert.match(md, /not in the Service Authorization Reference/);
    assert.match(md, /AWS grants `budgets:CreateBudget` in its own managed policies: \w+/);
    assert.match(md, /_Source: .+\d{4}-\d{2}-\d{2}/);
  });

  it('on an action: level, description, resource types, condition keys, reference link', () => {
    const result = at(statement('"Action": ["iam:GetUser", "iam:Pass|Role"]'));
    assert.ok(result);
    assert.equal(result.text.slice(result.start, result.end), '"iam:PassRole"');
    const md = result.markdown;
    assert.match(md, /^\*\*iam:PassRole\*\* — Write/);
    assert.match(md, /Grants permission to pass a role to a service/);
    assert.match(md, /\*\*Resource types:\*\* `role` \(required\)/);
    assert.match(md, /`iam:PassedToService`/);
    assert.match(
      md,
      /\(https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_awsidentityandaccessmanagementiam\.html\)/,
    );
  });

  it('on an action of escalation paths: names the paths it belongs to', () => {
    const md = markdown(statement('"Action": "lambda:UpdateFunction|Code"'));
    assert.match(
      md,
      /\*\*Privilege escalation:\*\* part of \d+ escalation paths \(rule privilege-escalation\): .*`lambda-update-function-code` \(lambda:UpdateFunctionCode\)/,
    );
    assert.doesNotMatch(markdown(statement('"Action": "s3:GetOb|ject"')), /Privilege escalation/);
    assert.match(
      markdown(statement('"Action": "ssm:Send|*"')),
      /\*\*Privilege escalation:\*\* matches actions of 1 escalation path \(rule privilege-escalation\): `ssm-send-command`/,
    );
  });

  it('reads action names case-insensitively, and links each service to its own page', () => {
    assert.match(markdown(statement('"Action": "S3:getobj|ect"')), /^\*\*s3:GetObject\*\* — Read[\s\S]*list_amazons3\.html/);
  });

  it('on a wildcard: what it matches, grouped by access level with counts', () => {
    const md = markdown(statement('"Action": "iam:Get|*"'));
    const match = catalog.match('iam:Get*');
    assert.ok(match.kind === 'matched');
    assert.match(md, new RegExp(`^\\*\\*iam:Get\\*\\*\\* matches ${match.count} actions: 0 write, ${match.count} read/list`));
    assert.match(md, /- \*\*Read\*\* \(\d+\): `iam:GetAccessKeyLastUsed`/);
    assert.match(md, /… and \d+ more/);
  });

  it('on a pattern mixing levels: every level with its count', () => {
    const md = markdown(statement('"Action": "iam:*|"'));
    for (const level of ['Write', 'Permissions management', 'Tagging', 'Read', 'List'])
      assert.match(md, new RegExp(`\\*\\*${level}\\*\\* \\(\\d+\\)`));
  });

  it('on the NotAction element: everything the statement reaches through it', () => {
    const md = markdown(statement('"Not|Action": ["iam:*", "organizations:*"]'));
    const excluded = catalog.emptySet();
    for (const p of ['iam:*', 'organizations:*']) {
      const m = catalog.match(p);
      assert.ok(m.kind === 'matched');
      excluded.addAll(m.set);
    }
    const reached = catalog.size - excluded.count();
    assert.match(md, new RegExp(`allows every action except those listed: ${reached.toLocaleString('en-US')} actions`));
    assert.match(md, /every action AWS adds later/);
  });

  it('on a NotAction entry: says the statement applies to every other action', () => {
    assert.match(markdown(statement('"NotAction": "iam:Create|User"', 'Deny')), /every action except this one/);
  });

  it('on an unknown action or service: did you mean', () => {
    assert.match(markdown(statement('"Action": "iam:GetUsr|"')), /no such action\. Did you mean `iam:GetUser`/);
    assert.match(markdown(statement('"Action": "iamm:Get|User"')), /no service `iamm`\. Did you mean `iam`/);
  });

  it('on a global condition key: type and description', () => {
    const cond = (c: string) =>
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${c}}]}`;
    const md = markdown(cond('{"IpAddress": {"aws:Source|Ip": "203.0.113.0/24"}}'));
    assert.match(md, /^\*\*aws:SourceIp\*\* — IPAddress condition key \(global\)/);
    assert.match(md, /public IP address/);
    const tag = markdown(cond('{"StringEquals": {"aws:PrincipalTag/te|am": "audit"}}'));
    assert.match(tag, /String condition key \(global\)[\s\S]*Matches `aws:PrincipalTag\/tag-key`/);
    assert.match(
      markdown(cond('{"StringLike": {"s3:pre|fix": "home/"}}')),
      /^\*\*s3:prefix\*\* — String condition key\n[\s\S]*list_amazons3\.html/,
    );
    assert.match(markdown(cond('{"StringEquals": {"aws:nosuch|key": "x"}}')), /no such condition key/);
  });

  it("on sts:ExternalId: the catalog's description and how to use it", () => {
    const md = markdown(
      '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:External|Id": "x"}}}]}',
    );
    assert.match(md, /unique identifier required when you assume a role in another account/);
    assert.match(md, /confused deputy/);
  });

  it('on an operator: what it tests, with its qualifier and IfExists', () => {
    const md = markdown(statement('"Action": "s3:GetObject", "Condition": {"ForAllValues:String|LikeIfExists": {"aws:TagKeys": "team*"}}'));
    assert.match(md, /^\*\*ForAllValues:StringLikeIfExists\*\* — condition operator/);
    assert.match(md, /wildcards/);
    assert.match(md, /`ForAllValues:`.*every/);
    assert.match(md, /`IfExists` — also true when the key is absent/);
    assert.match(markdown(statement('"Action": "s3:GetObject", "Condition": {"StringEqualz|": {}}')), /not an IAM condition operator/);
  });

  it("nothing elsewhere (element names are the JSON schema's hover)", () => {
    assert.equal(at(statement('"Act|ion": "s3:GetObject"')), undefined);
    assert.equal(at('{"Version": "2012-1|0-17"}'), undefined);
    assert.equal(at('{"name": "x|"}'), undefined);
  });

  it('every global condition key has a description (iam-data has none: ours fill them)', () => {
    const details = catalogDetails(catalog);
    assert.ok(details);
    const missing = details.globalKeys.filter((k) => k.description.trim() === '').map((k) => k.name);
    assert.deepEqual(missing, []);
    const unused = Object.keys(GLOBAL_CONDITION_KEY_DESCRIPTIONS).filter((k) => !details.globalKeys.some((g) => g.name === k));
    assert.deepEqual(unused, [], 'descriptions of keys the catalog no longer lists');
  });
});
