import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { analyzePolicy } from '../../../server/src/linter/analyze';
import { SEVERITIES } from '../../../server/src/engine/rule';
import { JSON_VALIDATION, policySettings } from '../../../server/src/lsp/contributes';
import { schemaCovered } from '../../../server/src/lsp/documentScope';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { allRules } from '../../../server/src/rules';
import { STATEMENT_ELEMENTS } from '../../../server/src/engine/objects';
import { ruleById } from '../../../server/src/linter/ruleLookup';
import { matchesGlob } from '../../../server/src/util/glob';

const root = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};

// strictSchema catches unknown keywords (typos); the type and required checks of strict mode flag
// `{"required": [...]}` inside anyOf/not, which draft-07 allows and the schemas use on purpose.
const ajv = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false, strictRequired: false });
// VS Code's own schema keywords, which its JSON support reads and other validators ignore.
ajv.addVocabulary(['patternErrorMessage', 'errorMessage', 'markdownDescription']);

const validators = new Map<string, ValidateFunction>();
function validatorFor(url: string): ValidateFunction {
  url = url.replace(/^\.\//, '');
  let validate = validators.get(url);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(root, url), 'utf8')));
    validators.set(url, validate);
  }
  return validate;
}

interface JsonValidation {
  fileMatch: string | string[];
  url: string;
}

/** The schemas VS Code applies to a workspace file, by package.json's jsonValidation (`!` excludes). */
function schemasFor(path: string): string[] {
  const rel = relative(root, path).split('\\').join('/');
  return ((contributes.jsonValidation ?? []) as JsonValidation[])
    .filter((entry) => {
      const globs = Array.isArray(entry.fileMatch) ? entry.fileMatch : [entry.fileMatch];
      return (
        globs.some((g) => !g.startsWith('!') && matchesGlob(g, rel)) &&
        !globs.some((g) => g.startsWith('!') && matchesGlob(g.slice(1), rel))
      );
    })
    .map((entry) => entry.url);
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

function schemaErrors(path: string): string[] {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  return schemasFor(path).flatMap((url) => {
    const validate = validatorFor(url);
    return validate(data) ? [] : [`${url}: ${ajv.errorsText(validate.errors)}`];
  });
}

/** Grammar errors the engine reports: what the schemas may also reject, and nothing else. */
function engineGrammarErrors(path: string): string[] {
  return analyzePolicy(readFileSync(path, 'utf8'))
    .findings.filter((f) => f.severity === 'error' && ruleById(f.rule)?.meta.category === 'grammar')
    .map((f) => `${f.rule}: ${f.message}`);
}

const policies = jsonFiles(join(root, 'policies'));
const valid = jsonFiles(join(root, 'test', 'fixtures', 'schemas', 'valid'));
const invalid = jsonFiles(join(root, 'test', 'fixtures', 'schemas', 'invalid'));
const otherFixtures = jsonFiles(join(root, 'test', 'fixtures', 'policies'));

describe('JSON schemas and file detection', () => {
  it('are draft-07 schemas that compile; the three share their definitions', () => {
    const files = ['iam-policy', 'identity-policy', 'trust-policy'].map((n) => `schemas/${n}.schema.json`);
    const schemas = files.map((f) => JSON.parse(readFileSync(join(root, f), 'utf8')));
    for (const [i, schema] of schemas.entries()) {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      validatorFor(files[i]);
    }
    const shared = (s: { definitions: Record<string, unknown> }) => ({ ...s.definitions, statement: undefined });
    assert.deepEqual(shared(schemas[1]), shared(schemas[0]));
    assert.deepEqual(shared(schemas[2]), shared(schemas[0]));
  });

  it('package.json contributes them for the usual file names, and the files exist', () => {
    assert.deepEqual(contributes.jsonValidation, JSON_VALIDATION);
    for (const entry of JSON_VALIDATION) assert.ok(existsSync(join(root, entry.url)), entry.url);
    const at = (path: string) => schemasFor(join(root, path)).map((u) => u.replace(/^\.\/schemas\/|\.schema\.json$/g, ''));
    assert.deepEqual(at('infra/app.policy.json'), ['identity-policy']);
    assert.deepEqual(at('infra/app-trust-policy.json'), ['trust-policy']);
    assert.deepEqual(at('infra/app.trust.json'), ['trust-policy']);
    assert.deepEqual(at('infra/app.trust.policy.json'), ['trust-policy']);
    assert.deepEqual(at('policies/team/app.json'), ['iam-policy']);
    assert.deepEqual(at('policies/app.trust.json'), ['trust-policy', 'iam-policy']);
    assert.deepEqual(at('package.json'), []);
  });

  it('every policy in policies/ has a schema', () => {
    for (const path of policies) assert.ok(schemasFor(path).length > 0, `${path}: no schema applies`);
  });

  it('report nothing the language server reports: what the engine rejects, the schema leaves to it', () => {
    // One problem, one diagnostic: a schema error beside the engine's finding on the same span
    // (an Effect of "allow", an unknown element) would tell it twice, and without the engine's fix.
    assert.ok(valid.length >= 5 && invalid.length >= 8);
    for (const path of valid) {
      assert.ok(schemasFor(path).length > 0, `${path}: no schema applies`);
      assert.deepEqual(engineGrammarErrors(path), [], path);
    }
    for (const path of invalid) {
      assert.ok(schemasFor(path).length > 0, `${path}: no schema applies`);
      assert.notDeepEqual(engineGrammarErrors(path), [], `${path}: the engine finds no grammar error`);
    }
    for (const path of [...policies, ...valid, ...invalid, ...otherFixtures]) assert.deepEqual(schemaErrors(path), [], path);
  });

  it('offer the element names each kind of policy takes, with descriptions, and the values of Effect and Version', () => {
    const statementOf = (name: string) =>
      JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8')).definitions.statement.properties as Record<
        string,
        { description?: string; examples?: string[]; $ref?: string }
      >;
    assert.deepEqual(Object.keys(statementOf('iam-policy')), STATEMENT_ELEMENTS);
    assert.ok(!('Principal' in statementOf('identity-policy')) && !('Resource' in statementOf('trust-policy')));
    for (const [name, element] of Object.entries(statementOf('iam-policy'))) assert.ok(element.description || element.$ref, name);
    assert.deepEqual(statementOf('trust-policy').Effect.examples, ['Allow', 'Deny']);
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'iam-policy.schema.json'), 'utf8'));
    assert.deepEqual(schema.definitions.version.examples, ['2012-10-17']);
  });

  it('the generic schema applies only to what looks like a policy (a CloudFormation template in policies/ is left alone)', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'iam-policy.schema.json'), 'utf8'));
    assert.deepEqual(schema.if.anyOf[0], { required: ['Statement'] });
    const validate = validatorFor('./schemas/iam-policy.schema.json');
    assert.equal(validate({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} }), true);
  });
});

describe('policy settings in package.json', () => {
  const sections = Array.isArray(contributes.configuration) ? contributes.configuration : [contributes.configuration ?? {}];
  const properties: Record<string, Record<string, unknown>> = Object.assign(
    {},
    ...sections.map((s: { properties?: object }) => s.properties ?? {}),
  );
  const hint = 'run `npx tsc -p tsconfig.json && node scripts/update-contributes.mjs`';

  it('contribute every setting the server reads', () => {
    for (const key of Object.keys(DEFAULT_SETTINGS))
      assert.ok(properties[`iamLeastPrivilege.${key}`], `iamLeastPrivilege.${key} (${hint})`);
  });

  it('list every rule id with its severities: package.json follows server/src/rules/index.ts', () => {
    const rules = properties['iamLeastPrivilege.rules'] as { properties: Record<string, { enum: string[] }> };
    assert.deepEqual(Object.keys(rules.properties).sort(), allRules.map((r) => r.meta.id).sort(), hint);
    for (const entry of Object.values(rules.properties)) assert.deepEqual(entry.enum, [...SEVERITIES, 'off'], hint);
    const expected = policySettings(allRules);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(properties[key], value, `${key}: ${hint}`);
  });
});

describe('schema coverage seen by the server', () => {
  it('follows the same globs as package.json', () => {
    for (const path of [...policies, ...valid, ...invalid]) {
      assert.equal(schemaCovered(relative(root, path).split('\\').join('/')), schemasFor(path).length > 0, path);
    }
    assert.equal(schemaCovered('/home/me/project/package.json'), false);
    assert.equal(schemaCovered('/home/me/project/iam/app.policy.json'), true);
  });
});
