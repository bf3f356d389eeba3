// Writes the JSON Schemas (draft-07) in schemas/ that package.json contributes through
// `jsonValidation`, so VS Code's own JSON support offers a policy's element names and values, and
// describes them on hover, next to the language server's diagnostics. Run `node scripts/build-schemas.mjs`
// after changing this file; test/unit/services/schemas.test.ts checks the files against the engine.
//
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASE = 'https://github.com/iam-least-privilege/iam-least-privilege/blob/main/schemas';
const SAR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html';

// The schemas describe and suggest; they do not validate. The language server reports every
// grammar error itself, with its fix: a schema error beside it on the same span (an Effect of
// "allow" reported by the schema and by invalid-effect) is one problem told twice. So no enum,
// pattern, type, required or additionalProperties here: element names and their descriptions for
// completion and hover, and `examples` for the values VS Code offers.
const definitions = {
  version: {
    description: 'The policy language version. Always use 2012-10-17; 2008-10-17 lacks policy variables.',
    examples: ['2012-10-17'],
  },
  principal: {
    description: '"*" or an object of principal types.',
    properties: {
      AWS: { description: 'Account IDs, account root ARNs, IAM role or user ARNs.' },
      Service: { description: 'AWS service principals, e.g. lambda.amazonaws.com.' },
      Federated: { description: 'An OIDC or SAML identity provider.' },
      CanonicalUser: { description: 'S3 canonical user IDs.' },
    },
  },
  condition: {
    description: 'When the statement applies: {"Operator": {"condition-key": value or [values]}}.',
  },
};

const elements = {
  Sid: { description: 'An optional statement identifier, unique within the policy.' },
  Effect: { examples: ['Allow', 'Deny'], description: 'Whether the statement allows or denies. An explicit Deny always wins.' },
  Principal: { $ref: '#/definitions/principal', description: 'Who the statement applies to (trust and resource policies).' },
  NotPrincipal: { $ref: '#/definitions/principal', description: 'Every principal except these; rarely what you want.' },
  Action: { description: 'The actions: service:Action, wildcards * and ? allowed.' },
  NotAction: {
    description: 'Every action except these. With Allow it grants all others, including actions AWS adds later: prefer Action.',
  },
  Resource: { description: 'The resource ARNs the statement applies to, or "*".' },
  NotResource: { description: 'Every resource except these.' },
  Condition: { $ref: '#/definitions/condition' },
};

function without(obj, ...keys) {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

// Each kind of policy offers only the elements its statements take.
const statements = {
  any: { properties: elements },
  identity: { properties: without(elements, 'Principal', 'NotPrincipal') },
  trust: { properties: without(elements, 'Resource', 'NotResource') },
};

function policyShape() {
  return {
    properties: {
      Version: { $ref: '#/definitions/version' },
      Id: { description: 'An optional policy identifier.' },
      Statement: {
        description: 'The statements: one object, or an array of them.',
        // Without a type, `properties` apply to an object and `items` to the entries of an array
        // (in allOf: draft-07 ignores the siblings of a $ref).
        allOf: [{ $ref: '#/definitions/statement' }],
        items: { $ref: '#/definitions/statement' },
      },
    },
  };
}

function schema(file, title, description, statement, onlyPolicyLike) {
  const shape = policyShape();
  const body = onlyPolicyLike
    ? {
        // The engine's content detection: a root with Statement, or with a policy Version.
        if: { anyOf: [{ required: ['Statement'] }, { required: ['Version'], properties: { Version: { $ref: '#/definitions/version' } } }] },
        then: shape,
      }
    : shape;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${BASE}/${file}`,
    title,
    description: `${description} See ${SAR}`,
    ...body,
    definitions: { ...definitions, statement: statements[statement] },
  };
}

const files = {
  'iam-policy.schema.json': schema(
    'iam-policy.schema.json',
    'AWS IAM policy',
    'Any AWS IAM policy document: identity, role trust or resource policy. Files that are not policies (no Statement, no policy Version) are left alone.',
    'any',
    true,
  ),
  'identity-policy.schema.json': schema(
    'identity-policy.schema.json',
    'AWS IAM identity-based policy',
    'A policy attached to an IAM user, group or role: no Principal; every statement has Action and Resource.',
    'identity',
    false,
  ),
  'trust-policy.schema.json': schema(
    'trust-policy.schema.json',
    'AWS IAM role trust policy',
    'Who may assume a role: every statement has a Principal and no Resource.',
    'trust',
    false,
  ),
};

for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(root, 'schemas', name), `${JSON.stringify(content, null, 2)}\n`);
}
console.log(`schemas: ${Object.keys(files).join(', ')}`);
