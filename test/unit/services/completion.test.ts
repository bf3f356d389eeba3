import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { sharedCatalog } from '../../../server/src/catalog/catalog';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { parsePolicy } from '../../../server/src/engine/parse';
import { CompletionEntry, CompletionResult, complete } from '../../../server/src/services/completion';
import { applyEntry, cursor } from '../../support/cursor';

const catalog = sharedCatalog();

function at(marked: string): CompletionResult & { text: string } {
  const { text, offset } = cursor(marked);
  return { ...complete(text, offset), text };
}

function find(items: CompletionEntry[], label: string): CompletionEntry {
  const item = items.find((i) => i.label === label);
  assert.ok(
    item,
    `no "${label}" among ${items
      .slice(0, 20)
      .map((i) => i.label)
      .join(', ')}…`,
  );
  return item;
}

function labels(items: CompletionEntry[]): string[] {
  return items.map((i) => i.label);
}

/** A statement of an identity policy with `body` in it. */
const statement = (body: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ${body}, "Resource": "*"}]}`;

describe('completion', () => {
  describe('in Action and NotAction strings', () => {
    it('offers service prefixes with their names; accepting one inserts "prefix:" and asks again', () => {
      const r = at(statement('"Action": "ia|"'));
      const iam = find(r.items, 'iam');
      assert.equal(iam.kind, 'service');
      assert.equal(iam.description, 'AWS Identity and Access Management (IAM)');
      assert.equal(iam.retrigger, true);
      assert.equal(applyEntry(r.text, iam), statement('"Action": "iam:"'));
      assert.equal(r.items.length, catalog.services.length);
    });

    it("offers the service's actions with access level and description", () => {
      const r = at(statement('"Action": "iam:Get|"'));
      const getUser = find(r.items, 'iam:GetUser');
      assert.equal(getUser.kind, 'action');
      assert.equal(getUser.description, 'Read');
      assert.match(getUser.documentation ?? '', /Grants permission to retrieve information about the specified IAM user/);
      assert.match(getUser.documentation ?? '', /Resource types: user \(required\)/);
      assert.equal(find(r.items, 'iam:PassRole').description, 'Write');
      const service = catalog.service('iam')!;
      assert.equal(r.items.filter((i) => i.kind === 'action').length, service.end - service.first);
      assert.equal(r.isIncomplete, true, 'pattern items depend on what is typed');
    });

    it('offers the completed pattern of what is typed, with how many actions it matches', () => {
      const r = at(statement('"Action": "iam:Get|"'));
      const pattern = find(r.items, 'iam:Get*');
      assert.equal(pattern.kind, 'pattern');
      const match = catalog.match('iam:Get*');
      assert.ok(match.kind === 'matched');
      assert.equal(pattern.description, `${match.count} actions: 0 write, ${match.count} read/list`);
      assert.match(pattern.documentation ?? '', /\*\*Read\*\* \(\d+\): `iam:GetAccessKeyLastUsed`/);
      assert.equal(applyEntry(r.text, pattern), statement('"Action": "iam:Get*"'));

      const deeper = at(statement('"Action": "iam:getaccount|"'));
      const accountPattern = find(deeper.items, 'iam:GetAccount*');
      const accountMatch = catalog.match('iam:GetAccount*');
      assert.ok(accountMatch.kind === 'matched');
      assert.match(accountPattern.description ?? '', new RegExp(`^${accountMatch.count} actions`));
    });

    it('offers verb patterns of the service (iam:List*, iam:Delete*) with their level counts', () => {
      const r = at(statement('"Action": "iam:|"'));
      assert.match(find(r.items, 'iam:List*').description ?? '', /read\/list$/);
      assert.match(find(r.items, 'iam:Delete*').description ?? '', /^\d+ actions: \d+ write, 0 read\/list$/);
      const all = find(r.items, 'iam:*');
      assert.match(all.documentation ?? '', /rarely least privilege/);
      assert.ok((all.sortText ?? '') > (find(r.items, 'iam:GetUser').sortText ?? ''), 'the whole service sorts last');
    });

    it('follows a wildcard being typed: the pattern first, then every action it matches', () => {
      const r = at(statement('"Action": ["iam:*Policy|"]'));
      const match = catalog.match('iam:*Policy');
      assert.ok(match.kind === 'matched');
      assert.equal(r.items[0].label, 'iam:*Policy');
      assert.match(r.items[0].description ?? '', new RegExp(`^${match.count} actions`));
      const actions = r.items.filter((i) => i.kind === 'action');
      assert.equal(actions.length, match.count);
      assert.ok(actions.every((a) => a.label.endsWith('Policy') && a.filterText === 'iam:*Policy'));
    });

    it('works in NotAction arrays and replaces the whole string content', () => {
      const { text, offset } = cursor(statement('"NotAction": ["s3:GetOb|jectAcl", "s3:PutObject"]'));
      const r = complete(text, offset);
      const item = find(r.items, 's3:GetObject');
      assert.equal(applyEntry(text, item), statement('"NotAction": ["s3:GetObject", "s3:PutObject"]'));
    });

    it('offers nothing outside the string or in an unknown service', () => {
      assert.deepEqual(at(statement('"Action": "iam:GetUser"|')).items, []);
      assert.deepEqual(at(statement('"Action": "nosuchservice:|"')).items, []);
    });

    it('works while the document is still being typed (unterminated string, no closing braces)', () => {
      const r = at('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:Assume|');
      find(r.items, 'sts:AssumeRole');
    });
  });

  describe('in Condition', () => {
    const withCondition = (condition: string) =>
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${condition}}]}`;

    it('offers operators in every form: IfExists, ForAllValues:, ForAnyValue:', () => {
      const r = at(withCondition('{"|"}'));
      for (const name of [
        'StringEquals',
        'StringLikeIfExists',
        'ForAllValues:StringLike',
        'ForAnyValue:StringEquals',
        'Bool',
        'IpAddress',
        'Null',
        'ArnLike',
      ]) {
        assert.equal(find(r.items, name).kind, 'operator');
      }
      assert.ok(!labels(r.items).includes('NullIfExists'), 'Null takes no IfExists');
      assert.match(find(r.items, 'ForAllValues:StringLike').documentation ?? '', /every/);
    });

    it('inserts an operator with its key object, giving a Condition the engine reads', () => {
      const r = at(withCondition('{"Str|"}'));
      const text = applyEntry(r.text, find(r.items, 'StringEquals'));
      const doc = parsePolicy(text);
      assert.equal(doc.statements[0].condition?.operators[0].operator, 'StringEquals');
      assert.equal(doc.shapeErrors.length, 0);
    });

    it("offers the statement's service keys first, then global keys, with their types", () => {
      const r = at(withCondition('{"StringEquals": {"|"}}'));
      const prefix = find(r.items, 's3:prefix');
      const sourceIp = find(r.items, 'aws:SourceIp');
      assert.equal(sourceIp.description, 'IPAddress');
      assert.match(sourceIp.documentation ?? '', /public IP address/);
      assert.ok((prefix.sortText ?? '') < (sourceIp.sortText ?? ''), 's3 keys before global keys');
      assert.equal(r.items.filter((i) => i.label.startsWith('aws:RequestTag/')).length, 1, 'one aws:RequestTag entry');
      assert.ok(!labels(r.items).includes('ec2:Region'), 'keys of services the statement does not use are left out');
    });

    it("ranks keys of the operator's type first", () => {
      const r = at(withCondition('{"IpAddress": {"|"}}'));
      const sourceIp = find(r.items, 'aws:SourceIp');
      const orgId = find(r.items, 'aws:PrincipalOrgID');
      assert.ok((sourceIp.sortText ?? '') < (orgId.sortText ?? ''));
    });

    it('inserts a key with its value, the tag name of a tag key as a placeholder', () => {
      const r = at(withCondition('{"StringEquals": {|}}'));
      assert.equal(applyEntry(r.text, find(r.items, 'aws:SourceAccount')), withCondition('{"StringEquals": {"aws:SourceAccount": ""}}'));
      const tag = find(r.items, 'aws:PrincipalTag/tag-key');
      assert.equal(tag.insertText, '"aws:PrincipalTag/${1:tag-key}": "$0"');
    });

    it('offers the keys of a service typed as a prefix (sts:ExternalId in a trust policy)', () => {
      const r = at(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:|"}}}]}',
      );
      const externalId = find(r.items, 'sts:ExternalId');
      assert.equal(externalId.description, 'String');
      assert.match(externalId.documentation ?? '', /confused deputy/);
    });

    it('offers true and false for a Bool key', () => {
      const r = at(withCondition('{"Bool": {"aws:SecureTransport": "|"}}'));
      assert.deepEqual(labels(r.items), ['true', 'false']);
    });
  });

  describe('elements and values', () => {
    it('Effect: Allow and Deny, inside quotes or not', () => {
      assert.deepEqual(labels(at('{"Statement": [{"Effect": "|"}]}').items), ['Allow', 'Deny']);
      const r = at('{"Statement": [{"Effect": |}]}');
      assert.equal(applyEntry(r.text, find(r.items, 'Deny')), '{"Statement": [{"Effect": "Deny"}]}');
    });

    it('Version: 2012-10-17', () => {
      const r = at('{"Version": |, "Statement": []}');
      assert.deepEqual(labels(r.items), ['2012-10-17']);
      assert.equal(applyEntry(r.text, r.items[0]), '{"Version": "2012-10-17", "Statement": []}');
    });

    it('statement elements not yet present, as snippets', () => {
      const r = at('{"Statement": [{"Effect": "Allow", |}]}');
      const names = labels(r.items);
      assert.ok(!names.includes('Effect'));
      for (const name of ['Sid', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition']) assert.ok(names.includes(name), name);
      const sid = find(r.items, 'Sid');
      assert.equal(applyEntry(r.text, sid), '{"Statement": [{"Effect": "Allow", "Sid": "StatementId"}]}');
    });

    it('an element name being typed in quotes is replaced whole, with a comma when another follows', () => {
      const r = at('{"Statement": [{"Eff|" "Action": "s3:GetObject"}]}');
      const text = applyEntry(r.text, find(r.items, 'Effect'));
      assert.equal(text, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}');
    });

    it('top-level elements in a new object; nothing in JSON files that are not policies', () => {
      assert.deepEqual(labels(at('{|}').items), ['Version', 'Statement', 'Id']);
      assert.deepEqual(labels(at('{"Version": "2012-10-17", |}').items), ['Statement', 'Id']);
      assert.deepEqual(at('{"name": "my-package", "version": "1.0.0", |}').items, []);
      assert.deepEqual(at('{"compilerOptions": {"strict": true, |}}').items, []);
    });

    it('Principal shapes and service principals', () => {
      const shapes = at('{"Statement": [{"Effect": "Allow", "Principal": |}]}');
      assert.deepEqual(labels(shapes.items), ['{"AWS": ...}', '{"Service": ...}', '{"Federated": ...}']);
      const text = applyEntry(shapes.text, find(shapes.items, '{"Service": ...}'));
      assert.deepEqual(JSON.parse(text).Statement[0].Principal, { Service: 'lambda.amazonaws.com' });

      const types = at('{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333", |}}]}');
      assert.deepEqual(labels(types.items), ['Service', 'Federated', 'CanonicalUser']);

      const services = at('{"Statement": [{"Effect": "Allow", "Principal": {"Service": "|"}, "Action": "sts:AssumeRole"}]}');
      find(services.items, 'ecs-tasks.amazonaws.com');
    });
  });

  describe('statement and policy snippets', () => {
    const empty = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    |\n  ]\n}';

    it('every statement snippet gives a policy the engine finds nothing wrong with', () => {
      const r = at(empty);
      assert.ok(r.items.length >= 5);
      for (const item of r.items) {
        assert.equal(item.kind, 'snippet');
        const text = applyEntry(r.text, item);
        assert.ok(parseTree(text), item.label);
        const result = analyzePolicy(text);
        assert.deepEqual(
          result.findings.map((f) => `${f.rule}: ${f.message}`),
          [],
          `${item.label}:\n${text}`,
        );
      }
    });

    it('IAM read-only + Deny IAM writes: read patterns only, and a Deny covering every IAM write', () => {
      const r = at(empty);
      const text = applyEntry(r.text, find(r.items, 'IAM read-only + Deny IAM writes'));
      const doc = parsePolicy(text);
      const [allow, deny] = doc.statements;
      for (const item of allow.action!.items) {
        const match = catalog.match(item.value);
        assert.ok(match.kind === 'matched');
        assert.ok(!match.set.intersects(catalog.iamWrite), `${item.value} matches an IAM write`);
      }
      const denied = catalog.emptySet();
      for (const item of deny.action!.items) {
        const match = catalog.match(item.value);
        assert.ok(match.kind === 'matched');
        denied.addAll(match.set);
      }
      assert.ok(denied.containsAll(catalog.iamWrite));
      assert.ok(catalog.iamWrite.containsAll(denied), 'the Deny matches only IAM writes');
      assert.ok(deny.action!.items.length < 40, 'compact patterns, not 113 names');
    });

    it('trust snippets come first in a trust policy, and a comma is added before a following statement', () => {
      const r = at(
        '{"Version": "2012-10-17", "Statement": [| {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
      );
      const first = [...r.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0];
      assert.match(first.label, /^Trust:/);
      const text = applyEntry(r.text, find(r.items, 'Trust: a role of another account, with sts:ExternalId'));
      assert.equal(JSON.parse(text).Statement.length, 2);
    });

    it('an empty file offers whole policies that analyse clean', () => {
      const r = at('|');
      assert.equal(r.items.length, 2);
      for (const item of r.items) {
        const text = applyEntry(r.text, item);
        const result = analyzePolicy(text);
        assert.notEqual(result.kind, 'none');
        assert.deepEqual(result.findings, [], item.label);
      }
    });
  });
});

describe('completion next to a JSON Schema', () => {
  it('leaves element names and Effect/Version values to the schema, keeps the rest', () => {
    const names = (marked: string) => {
      const { text, offset } = cursor(marked);
      return labels(complete(text, offset, { schemaCovered: true }).items);
    };
    assert.deepEqual(names('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", |}]}'), []);
    assert.deepEqual(names('{"Version": "2012-10-17", "Statement": [{"Effect": "|"}]}'), []);
    assert.ok(names('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get|"}]}').includes('iam:Get*'));
    assert.ok(names('{"Version": "2012-10-17", "Statement": [|]}').length >= 5, 'statement snippets stay');
    assert.deepEqual(names('{|}'), ['Version', 'Statement', 'Id'], 'not yet a policy: the policies/ schema is silent');
  });
});
