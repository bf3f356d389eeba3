import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { NameTable, hashOfSpan } from '../../../server/src/catalog/nameTable';
import { Catalog, sharedCatalog } from '../../../server/src/catalog/catalog';

function find(table: NameTable, text: string): number {
  return table.find(text, 0, text.length);
}

describe('name tables (catalog names found without making strings)', () => {
  it('finds each name in any case at its position, the last of names equal but for case, and nothing else', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(name, { maxLength: 60 }), fc.array(name, { maxLength: 20 }), (names, others) => {
        const table = NameTable.of(Buffer.from(names.join('|'), 'latin1'));
        assert.equal(table.size, names.length);
        // The reference: a map of lower-cased names, later entries overwriting earlier ones.
        const reference = new Map(names.map((n, i) => [n.toLowerCase(), i]));
        for (const text of [...names, ...names.map((n) => n.toUpperCase()), ...others]) {
          assert.equal(find(table, text), reference.get(text.toLowerCase()) ?? -1, text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('looks at the span it is given of a longer text, and folds only ASCII letters', () => {
    const table = NameTable.of(Buffer.from('GetRole|List[Roles]|a@b', 'latin1'));
    const text = 'iam:getROLE';
    assert.equal(table.find(text, 4, text.length), 0);
    // The hash folds case: a name in any case hashes alike.
    assert.equal(hashOfSpan(text, 4, text.length), hashOfSpan('GetRole', 0, 7));
    // "[" and "{", "@" and "`" differ in the bit that tells a letter's case, and are not letters.
    assert.equal(find(table, 'List[Roles]'), 1);
    assert.equal(find(table, 'List{Roles}'), -1);
    assert.equal(find(table, 'a`b'), -1);
    assert.equal(find(table, 'A@B'), 2);
    assert.equal(find(NameTable.of(Buffer.alloc(0)), 'GetRole'), -1);
  });

  it('the catalog finds every action of the real catalog by its name in any case, as a map of lower-cased names does', () => {
    const catalog = sharedCatalog();
    const reference = new Map(catalog.actions.map((a) => [a.fullName.toLowerCase(), a.index]));
    for (const action of catalog.actions) {
      assert.equal(catalog.indexOf(action.fullName), reference.get(action.fullName.toLowerCase()), action.fullName);
      assert.equal(catalog.indexOf(action.fullName.toUpperCase()), reference.get(action.fullName.toLowerCase()), action.fullName);
    }
  });

  it('leaves anything but a plain service:Name to the general matching, with the same answers as before', () => {
    const catalog = sharedCatalog();
    const nothing = (pattern: string) => {
      const m = catalog.match(pattern);
      return m.kind === 'matched' && m.count === 0;
    };
    assert.equal(catalog.indexOf('iam:GetRole:x'), undefined);
    assert.equal(catalog.match('iam:GetRole:x').kind, 'malformed');
    assert.equal(catalog.match('iam:Get Role').kind, 'malformed');
    assert.equal(catalog.match('iam:GetRole\t').kind, 'malformed');
    assert.equal(catalog.match(':GetRole').kind, 'malformed');
    assert.equal(catalog.match('iam:').kind, 'malformed');
    assert.equal(catalog.match('nosuchservice:GetRole').kind, 'unknown-service');
    // A control character is no white space: a known service's name that matches nothing.
    assert.ok(nothing('iam:Get\u0001Role'));
    assert.ok(nothing('iam:GetRolez'));
    assert.equal(catalog.match('iam:GetRol?').kind, 'matched');
    // Beyond ASCII, the runtime's lower-casing: the Kelvin sign is a k, a dotted capital I is not an i.
    assert.equal(catalog.indexOf('iam:ListAccess\u212Aeys'), catalog.indexOf('iam:ListAccessKeys'));
    assert.equal(catalog.indexOf('\u0130am:GetRole'), undefined);
    assert.equal(catalog.indexOf('IAM:GETROLE'), catalog.indexOf('iam:GetRole'));
  });

  it('a catalog of inline names (not a names file) is searched the same way', () => {
    const core = {
      format: 1,
      source: sharedCatalog().source,
      services: { svc: { n: 'Svc', names: 'getItem|GetItems|List', levels: 'RRL' } },
    };
    const inline = new Catalog(core, core.source);
    assert.deepEqual(
      ['svc:GETITEM', 'SVC:getitems', 'svc:list', 'svc:Lis', 'other:List'].map((name) => inline.indexOf(name)),
      [0, 1, 2, undefined, undefined],
    );
  });
});
