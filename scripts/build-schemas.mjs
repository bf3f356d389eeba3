// Writes the JSON Schemas (draft-07) in schemas/ that package.json contributes through
// `jsonValidation`, so VS Code's own JSON support checks a policy's structure (and offers its
// element names) next to the language server's diagnostics. Run `node scripts/build-schemas.mjs`
// after changing this file; test/unit/services/schemas.test.ts checks the files against the engine.
//
// The schemas follow the engine's grammar rules and are never stricter than them: Statement is an
// object or an array; Action, Resource and Principal values are a string or an array of strings; an
// action is `*` or `service:action` (malformed-action); element names are case-sensitive
// (unknown-element); an element and its Not form exclude each other (conflicting-elements).
// Condition operators are left to the engine, which reads them case-insensitively.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASE = 'https://github.com/iam-least-privilege/iam-least-privilege/blob/main/schemas';
const SAR = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html';

const definitions = {
  version: {
    description: 'The policy language version. Always use 2012-10-17; 2008-10-17 lacks policy variables.',
    enum: ['2012-10-17', '2008-10-17'],
  },
  stringOrArray: {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  },
  action: {
    type: 'string',
    pattern: '^(\\*|[A-Za-z0-9*?-]+:[^:\\s]+)$',
    patternErrorMessage: 'An action is "*" or service:action, e.g. "iam:GetUser" or "s3:Get*".',
  },
  actionList: {
    anyOf: [{ $ref: '#/definitions/action' }, { type: 'array', items: { $ref: '#/definitions/action' } }],
  },
  principal: {
    anyOf: [
      { const: '*' },
      {
        type: 'object',
        properties: {
          AWS: { $ref: '#/definitions/stringOrArray', description: 'Account IDs, account root ARNs, IAM role or user ARNs.' },
          Service: { $ref: '#/definitions/stringOrArray', description: 'AWS service principals, e.g. lambda.amazonaws.com.' },
          Federated: { $ref: '#/definitions/stringOrArray', description: 'An OIDC or SAML identity provider.' },
          CanonicalUser: { $ref: '#/definitions/stringOrArray', description: 'S3 canonical user IDs.' },
        },
        additionalProperties: false,
      },
    ],
  },
  conditionValue: { type: ['string', 'number', 'boolean'] },
  condition: {
    type: 'object',
    description: 'When the statement applies: {"Operator": {"condition-key": value or [values]}}.',
    additionalProperties: {
      type: 'object',
      additionalProperties: {
        anyOf: [{ $ref: '#/definitions/conditionValue' }, { type: 'array', items: { $ref: '#/definitions/conditionValue' } }],
      },
    },
  },
};

const elements = {
  Sid: { type: 'string', description: 'An optional statement identifier, unique within the policy.' },
  Effect: { enum: ['Allow', 'Deny'], description: 'Whether the statement allows or denies. An explicit Deny always wins.' },
  Principal: { $ref: '#/definitions/principal', description: 'Who the statement applies to (trust and resource policies).' },
  NotPrincipal: { $ref: '#/definitions/principal', description: 'Every principal except these; rarely what you want.' },
  Action: { $ref: '#/definitions/actionList', description: 'The actions: service:Action, wildcards * and ? allowed.' },
  NotAction: {
    $ref: '#/definitions/actionList',
    description: 'Every action except these. With Allow it grants all others, including actions AWS adds later: prefer Action.',
  },
  Resource: { $ref: '#/definitions/stringOrArray', description: 'The resource ARNs the statement applies to, or "*".' },
  NotResource: { $ref: '#/definitions/stringOrArray', description: 'Every resource except these.' },
  Condition: { $ref: '#/definitions/condition' },
};

// IAM allows only letters and digits in the Sid of identity and trust policies (invalid-sid).
const strictSid = { ...elements.Sid, pattern: '^[A-Za-z0-9]*$', patternErrorMessage: 'A Sid has only letters and digits.' };

const exclusive = (a, b) => ({ not: { required: [a, b] }, errorMessage: `${a} and ${b} cannot both appear in a statement.` });
const oneOfRequired = (a, b, message) => ({ anyOf: [{ required: [a] }, { required: [b] }], errorMessage: message });

const common = [
  exclusive('Action', 'NotAction'),
  exclusive('Resource', 'NotResource'),
  exclusive('Principal', 'NotPrincipal'),
  oneOfRequired('Action', 'NotAction', 'A statement needs Action or NotAction.'),
];

function statementOf(props, extra) {
  return { type: 'object', properties: props, additionalProperties: false, required: ['Effect'], allOf: [...common, ...extra] };
}

function without(obj, ...keys) {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

const statements = {
  any: statementOf(elements, []),
  identity: statementOf({ ...without(elements, 'Principal', 'NotPrincipal'), Sid: strictSid }, [
    oneOfRequired('Resource', 'NotResource', 'A statement of an identity policy needs Resource or NotResource.'),
  ]),
  trust: statementOf({ ...without(elements, 'Resource', 'NotResource'), Sid: strictSid }, [
    oneOfRequired('Principal', 'NotPrincipal', 'A statement of a trust policy needs Principal: who may assume the role.'),
  ]),
};

function policyShape() {
  return {
    type: 'object',
    properties: {
      Version: { $ref: '#/definitions/version' },
      Id: { type: 'string', description: 'An optional policy identifier.' },
      Statement: {
        description: 'The statements: one object, or an array of them.',
        anyOf: [{ $ref: '#/definitions/statement' }, { type: 'array', items: { $ref: '#/definitions/statement' } }],
      },
    },
    required: ['Statement'],
    additionalProperties: false,
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
