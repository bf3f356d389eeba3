import { Rule, SEVERITIES } from '../engine/rule';

/**
 * What package.json contributes for policy editing: the settings the server reads (settings.ts) and
 * the JSON Schemas of schemas/. scripts/update-contributes.mjs writes these into package.json, and
 * test/unit/services/schemas.test.ts fails when package.json and the rules drift apart.
 */
export function policySettings(rules: readonly Rule[]): Record<string, unknown> {
  const severities = [...SEVERITIES, 'off'];
  const ruleProperties: Record<string, unknown> = {};
  for (const rule of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    ruleProperties[rule.meta.id] = {
      type: 'string',
      enum: severities,
      markdownDescription: `${rule.meta.description} Default: \`${rule.meta.severity}\`.`,
    };
  }
  return {
    'iamLeastPrivilege.enable': {
      type: 'boolean',
      default: true,
      markdownDescription:
        'Analyse IAM policies in JSON and JSONC files: diagnostics, completion, hover and code lens. A file is a policy when its root has a `Statement` or a policy `Version` (see `#iamLeastPrivilege.policyFiles#`).',
    },
    'iamLeastPrivilege.rules': {
      type: 'object',
      default: {},
      markdownDescription:
        'Severity per rule id (`error`, `warning`, `info`, `hint`), or `off` to disable the rule. Rules not named keep their default severity. Example: `{"legacy-version": "off"}`.',
      properties: ruleProperties,
      additionalProperties: false,
    },
    'iamLeastPrivilege.policyFiles': {
      type: 'array',
      items: { type: 'string' },
      default: [],
      markdownDescription:
        'Globs of files analysed as IAM policies whatever their content, e.g. `**/iam/**/*.json`. A glob without a slash matches the file name in any folder.',
    },
    'iamLeastPrivilege.excludeFiles': {
      type: 'array',
      items: { type: 'string' },
      default: [],
      markdownDescription:
        'Globs of files never analysed, even when they look like policies, e.g. `**/fixtures/**`. A glob without a slash matches the file name in any folder.',
    },
  };
}

/**
 * The JSON Schemas VS Code's JSON support applies, by file name. A `!` pattern excludes. Policies in
 * a `policies/` folder may be of any kind (and CloudFormation templates may sit beside them), so they
 * get the schema of any IAM policy, which ignores files that are not policies.
 */
export const JSON_VALIDATION = [
  { fileMatch: ['*.policy.json', '!*.trust.policy.json'], url: './schemas/identity-policy.schema.json' },
  { fileMatch: ['*-trust-policy.json', '*.trust.json', '*.trust.policy.json'], url: './schemas/trust-policy.schema.json' },
  { fileMatch: ['policies/**/*.json'], url: './schemas/iam-policy.schema.json' },
  // The project configuration (server/src/config/projectConfig.ts), not a policy.
  { fileMatch: ['.iamlp.json'], url: './schemas/iamlp-config.schema.json' },
];
