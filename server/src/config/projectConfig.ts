import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Node, ParseError, findNodeAtLocation, getNodeValue, printParseErrorCode } from 'jsonc-parser';
import { RuleSetting } from '../engine/analyze';
import { readJsonTree } from '../engine/jsonTree';
import { LineIndex } from '../engine/lineIndex';
import { keyNodes } from '../engine/objects';
import { ACCOUNT_ID } from '../engine/principals';
import { Finding, SEVERITIES, Severity } from '../engine/rule';
import { SUPPRESSION_MISSING_REASON, Suppression, missingReasonMessage } from '../engine/suppressions';
import { closestKnownRuleId, ruleById } from '../linter/ruleLookup';
import { globMatcher } from '../util/glob';
import { readTextFile } from '../util/textFile';

/**
 * The project configuration, `.iamlp.json` at the workspace root (schemas/iamlp-config.schema.json):
 *
 *   { "rules": { "missing-version": "off", "trust-broad-principal": "error" },
 *     "ignore": ["generated/**"],
 *     "suppressions": [ { "rules": ["allow-iam-write"], "files": ["policies/break-glass.json"],
 *                         "sid": "BreakGlass", "reason": "reviewed in SEC-123" } ],
 *     "principals": { "deployer": ["policies/deploy.json", "policies/guard.json"] },
 *     "account": "111122223333" }
 *
 * Read by `iamlp check` and by the language server alike; nothing here knows either.
 */
export const CONFIG_FILE_NAME = '.iamlp.json';

export interface ConfigSuppression {
  rules: string[];
  /** Globs relative to the config's folder; absent: every file. */
  files?: string[];
  sid?: string;
  /** One template policy, by the locator `iamlp check --format json` gives it (engine/suppressions.ts). */
  policy?: string;
  reason?: string;
  /** The entry's index in "suppressions", for messages. */
  index: number;
}

/** Something wrong in the config file, with its place there. */
export interface ConfigProblem {
  /** A rule id when the problem is a rule's finding (suppression-missing-reason), else absent. */
  rule?: string;
  severity: Severity;
  message: string;
  offset: number;
  length: number;
}

/** A principal (user, group or role) named in "principals", with the policy files attached to it. */
export interface ConfigPrincipal {
  name: string;
  /** The files as written, relative to the config's folder. */
  files: string[];
  /** The same, absolute. */
  paths: string[];
}

export interface ProjectConfig {
  /** Absolute path of the file; its folder is the root the globs are relative to. */
  path: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  suppressions: ConfigSuppression[];
  /** Principals whose policies are judged together (privilege escalation, the IAM-write cap). */
  principals: ConfigPrincipal[];
  /** The AWS account the policies are deployed in: trust policy messages say "this account" or "another account". */
  account?: string;
  problems: ConfigProblem[];
  /** The file could not be read as JSON at all: nothing of it applies. */
  unusable: boolean;
  text: string;
}

const TOP_LEVEL = ['$schema', 'rules', 'ignore', 'suppressions', 'principals', 'account'];
const SUPPRESSION_KEYS = ['rules', 'files', 'sid', 'policy', 'reason'];

function problemAt(node: Node | undefined, message: string, severity: Severity = 'warning', rule?: string): ConfigProblem {
  return { message, severity, offset: node?.offset ?? 0, length: node?.length ?? 0, ...(rule ? { rule } : {}) };
}

function stringList(node: Node | undefined, label: string, problems: ConfigProblem[]): string[] | undefined {
  if (!node) return undefined;
  const items = node.type === 'array' ? (node.children ?? []) : [node];
  const values: string[] = [];
  for (const item of items) {
    if (item.type === 'string' && (item.value as string).length > 0) values.push(item.value as string);
    else problems.push(problemAt(item, `${label} must be a non-empty string or an array of them`, 'error'));
  }
  return values;
}

function unknownRuleMessage(id: string): string {
  const suggestion = closestKnownRuleId(id);
  return `unknown rule "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

/** Reads the configuration from its text; never throws. Problems carry offsets into `text`. */
export function parseProjectConfig(text: string, path: string): ProjectConfig {
  const config: ProjectConfig = { path, rules: {}, ignore: [], suppressions: [], principals: [], problems: [], unusable: false, text };
  const errors: ParseError[] = [];
  const { root, tooDeep } = readJsonTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (tooDeep)
    config.problems.push({ message: 'nests too deeply to be read', severity: 'error', offset: 0, length: Math.min(1, text.length) });
  for (const e of errors) {
    config.problems.push({
      message: `invalid JSON: ${printParseErrorCode(e.error)}`,
      severity: 'error',
      offset: e.offset,
      length: e.length,
    });
  }
  if (!root || root.type !== 'object') {
    config.unusable = true;
    if (errors.length === 0) config.problems.push(problemAt(root, `${CONFIG_FILE_NAME} must hold a JSON object`, 'error'));
    return config;
  }
  for (const key of keyNodes(root)) {
    if (!TOP_LEVEL.includes(key.value as string)) {
      config.problems.push(problemAt(key, `unknown setting "${key.value as string}" (known: ${TOP_LEVEL.slice(1).join(', ')})`));
    }
  }

  const rules = findNodeAtLocation(root, ['rules']);
  if (rules?.type === 'object') {
    for (const property of rules.children ?? []) {
      const [key, value] = property.children ?? [];
      const id = key?.value as string;
      if (!ruleById(id)) {
        config.problems.push(problemAt(key, unknownRuleMessage(id)));
        continue;
      }
      const setting = value ? getNodeValue(value) : undefined;
      if (setting === 'off' || (SEVERITIES as readonly unknown[]).includes(setting)) config.rules[id] = setting as RuleSetting;
      else config.problems.push(problemAt(value, `the setting of ${id} must be one of ${[...SEVERITIES, 'off'].join(', ')}`, 'error'));
    }
  } else if (rules) config.problems.push(problemAt(rules, '"rules" must be an object of rule ids', 'error'));

  config.ignore = stringList(findNodeAtLocation(root, ['ignore']), '"ignore"', config.problems) ?? [];

  const suppressions = findNodeAtLocation(root, ['suppressions']);
  if (suppressions && suppressions.type !== 'array') {
    config.problems.push(problemAt(suppressions, '"suppressions" must be an array', 'error'));
  }
  (suppressions?.type === 'array' ? (suppressions.children ?? []) : []).forEach((entry, index) => {
    if (entry.type !== 'object') {
      config.problems.push(problemAt(entry, 'a suppression must be an object with "rules" and "reason"', 'error'));
      return;
    }
    const get = (key: string) => findNodeAtLocation(entry, [key]);
    for (const key of keyNodes(entry)) {
      if (!SUPPRESSION_KEYS.includes(key.value as string)) {
        config.problems.push(problemAt(key, `unknown suppression key "${key.value as string}" (known: ${SUPPRESSION_KEYS.join(', ')})`));
      }
    }
    const ruleIds = stringList(get('rules'), '"rules"', config.problems);
    if (!ruleIds || ruleIds.length === 0) {
      config.problems.push(problemAt(entry, 'a suppression must name the rules it suppresses in "rules" (or ["*"])', 'error'));
      return;
    }
    for (const id of ruleIds) if (id !== '*' && !ruleById(id)) config.problems.push(problemAt(get('rules'), unknownRuleMessage(id)));
    const files = stringList(get('files'), '"files"', config.problems);
    // A narrowing that cannot be read leaves the suppression out rather than widen it to the file.
    const sidNode = get('sid');
    if (sidNode && sidNode.type !== 'string') {
      config.problems.push(problemAt(sidNode, '"sid" must be a string; the suppression is not applied', 'error'));
      return;
    }
    const policyNode = get('policy');
    const policy = policyNode?.type === 'string' && (policyNode.value as string).length > 0 ? (policyNode.value as string) : undefined;
    if (policyNode && policy === undefined) {
      config.problems.push(
        problemAt(
          policyNode,
          '"policy" must name a template policy as iamlp check --format json does; the suppression is not applied',
          'error',
        ),
      );
      return;
    }
    const reasonNode = get('reason');
    const reason = reasonNode?.type === 'string' ? (reasonNode.value as string).trim() : '';
    if (!reason) {
      config.problems.push(
        problemAt(
          reasonNode ?? entry,
          missingReasonMessage(`The suppression of ${ruleIds.join(', ')}`),
          'error',
          SUPPRESSION_MISSING_REASON,
        ),
      );
    }
    config.suppressions.push({
      rules: ruleIds.includes('*') ? [] : ruleIds,
      ...(files ? { files } : {}),
      ...(sidNode?.type === 'string' ? { sid: sidNode.value as string } : {}),
      ...(policy !== undefined ? { policy } : {}),
      ...(reason ? { reason } : {}),
      index,
    });
  });
  config.principals = principals(findNodeAtLocation(root, ['principals']), dirname(path), config.problems);
  const account = accountId(findNodeAtLocation(root, ['account']), config.problems);
  if (account) config.account = account;
  return config;
}

const ACCOUNT_EXAMPLE = '"account": "111122223333"';

/** "account": the 12-digit id, as a string (a JSON number would lose leading zeros). */
function accountId(node: Node | undefined, problems: ConfigProblem[]): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' && ACCOUNT_ID.test(node.value as string)) return node.value as string;
  const given = node.type === 'string' ? `"${node.value as string}" is not 12 digits` : `a ${node.type} is not a string`;
  problems.push(
    problemAt(
      node,
      `"account" must be the 12-digit id of the AWS account the policies are deployed in, as a string (${ACCOUNT_EXAMPLE}): ${given}`,
      'error',
    ),
  );
  return undefined;
}

/** "principals": {"name": ["a.json", ...]}, each list of policy files relative to the config's folder. */
function principals(node: Node | undefined, folder: string, problems: ConfigProblem[]): ConfigPrincipal[] {
  if (!node) return [];
  if (node.type !== 'object') {
    problems.push(problemAt(node, '"principals" must be an object: {"principal-name": ["policies/a.json", ...]}', 'error'));
    return [];
  }
  const found: ConfigPrincipal[] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    const name = key?.value as string;
    if (!value || value.type !== 'array') {
      problems.push(problemAt(value ?? key, `the policies of principal "${name}" must be an array of file paths`, 'error'));
      continue;
    }
    const files = stringList(value, `the policies of principal "${name}"`, problems) ?? [];
    if (files.length === 0) problems.push(problemAt(value, `principal "${name}" lists no policy file`));
    found.push({ name, files, paths: files.map((f) => resolve(folder, f)) });
  }
  return found;
}

/** The nearest .iamlp.json in `start` or one of its parents. */
export function findProjectConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and parses a config file; read errors throw (the caller names the file). */
export function loadProjectConfig(path: string): ProjectConfig {
  return parseProjectConfig(readTextFile(path), resolve(path));
}

/**
 * Whether a path relative to the config's folder matches a glob, gitignore-style: a glob with a
 * slash is anchored at the folder (and covers what is below a matching folder); one without matches
 * a file or folder name at any depth.
 */
export function matchesConfigGlob(glob: string, relativePath: string): boolean {
  const path = relativePath.split(sep).join('/');
  const g = glob.replace(/^\.\//, '').replace(/^\//, '');
  // No slash: the name of the file, or of any folder on its path, in any folder.
  if (!g.includes('/')) return path.split('/').some(globMatcher(g));
  const matcher = globMatcher(g.endsWith('/') ? `${g}**` : g);
  return matcher(path) || matcher(`${path}/`) || (!g.endsWith('**') && globMatcher(`${g}/**`)(path));
}

/** What the configuration says about one file. */
export interface FileSettings {
  ignored: boolean;
  /** Shared by every file of the configuration, and frozen: the engine keeps what it works out from it. */
  rules: Readonly<Record<string, RuleSetting>>;
  suppressions: Suppression[];
  /** The project's "account", for every file it configures. */
  account?: string;
}

/** The settings for the file at `absolutePath`; files outside the config's folder get only its rule settings. */
export function settingsForFile(config: ProjectConfig | undefined, absolutePath: string): FileSettings {
  if (!config || config.unusable) return { ignored: false, rules: {}, suppressions: [] };
  const rel = relative(dirname(config.path), absolutePath);
  const inside = rel.length > 0 && !rel.startsWith('..') && !isAbsolute(rel);
  const ignored = inside && config.ignore.some((g) => matchesConfigGlob(g, rel));
  const suppressions: Suppression[] = [];
  for (const s of config.suppressions) {
    if (s.files && !(inside && s.files.some((g) => matchesConfigGlob(g, rel)))) continue;
    suppressions.push({
      rules: s.rules,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      ...(s.policy !== undefined ? { policy: s.policy } : {}),
      ...(s.reason ? { reason: s.reason } : {}),
      source: `${CONFIG_FILE_NAME} suppressions[${s.index}]`,
    });
  }
  const settings: FileSettings = { ignored, rules: frozenRulesOf(config), suppressions };
  if (config.account) settings.account = config.account;
  return settings;
}

const frozenRules = new WeakMap<ProjectConfig, Readonly<Record<string, RuleSetting>>>();

/**
 * One frozen copy of a configuration's rule settings for all its files: a copy per file cost a run
 * over 1,500 files 20 ms, and the engine works out which rules run once per frozen settings object
 * (engine/analyze.ts) instead of once per file.
 */
function frozenRulesOf(config: ProjectConfig): Readonly<Record<string, RuleSetting>> {
  let rules = frozenRules.get(config);
  if (!rules) frozenRules.set(config, (rules = Object.freeze({ ...config.rules })));
  return rules;
}

/**
 * Rule settings from the editor and from the project: the project file wins for every rule it
 * names, so a team's `.iamlp.json` means the same in every editor and in CI.
 */
export function combineRuleSettings(
  editor: Record<string, RuleSetting | undefined>,
  project: Record<string, RuleSetting>,
): Record<string, RuleSetting | undefined> {
  return { ...editor, ...project };
}

/** The config's problems that are rule findings (suppression-missing-reason), as findings on the config file. */
export function configFindings(config: ProjectConfig): Finding[] {
  const lines = new LineIndex(config.text);
  const setting = config.rules[SUPPRESSION_MISSING_REASON];
  if (setting === 'off') return [];
  return config.problems
    .filter((p) => p.rule)
    .map((p) => ({
      rule: p.rule!,
      severity: setting ?? p.severity,
      message: p.message,
      range: lines.rangeOf(p.offset, p.length),
      offset: p.offset,
      length: p.length,
    }));
}
