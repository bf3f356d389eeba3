import { RuleSetting } from '../engine/analyze';
import { SEVERITIES } from '../engine/rule';

/** The `iamLeastPrivilege.*` settings the language server reads (package.json describes each). */
export interface ServerSettings {
  enable: boolean;
  /** Per-rule severity or "off". */
  rules: Record<string, RuleSetting>;
  /** Globs of files analysed as policies whatever their content. */
  policyFiles: string[];
  /** Globs of files never analysed. */
  excludeFiles: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {}, policyFiles: [], excludeFiles: [] };

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/** Settings as the client sent them, with anything malformed dropped rather than trusted. */
export function normalizeSettings(raw: unknown): ServerSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
      if (value === 'off' || (SEVERITIES as readonly unknown[]).includes(value)) rules[id] = value as RuleSetting;
    }
  }
  return {
    enable: r.enable !== false,
    rules,
    policyFiles: stringArray(r.policyFiles),
    excludeFiles: stringArray(r.excludeFiles),
  };
}
