import { readFileSync } from 'node:fs';
import { Catalog, CatalogAction } from './catalog';
import { CONDITION_KEY_ADVICE, GLOBAL_CONDITION_KEY_DESCRIPTIONS } from './globalConditionKeys';
import { compileWildcard } from './wildcard';
import { ownEntry } from '../util/records';

/**
 * The catalog's second file, dist/catalog-details.json (layout: scripts/build-catalog.mjs):
 * descriptions, resource types and condition keys. Only hover and completion need it, so it is read
 * on first use, never when the catalog loads.
 */
interface DetailsFile {
  services: Record<string, { a: Array<[string, string[], string[]]>; k: Record<string, [string, string]> }>;
  globalConditionKeys: Record<string, [string, string]>;
}

export interface ActionDetails {
  description: string;
  /** Resource types; `required` when the action needs one (AWS marks these with `*`). */
  resourceTypes: Array<{ name: string; required: boolean }>;
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** As AWS spells it: `aws:PrincipalTag/tag-key`, `s3:ExistingObjectTag/${TagKey}`. */
  name: string;
  /** String, ARN, Bool, Numeric, Date, IPAddress, ArrayOfString, ... */
  type: string;
  description: string;
  /** A global key (aws:...), else the service prefix whose actions use it. */
  global: boolean;
  service?: string;
  /** More than the catalog says: how to use the key well. */
  advice?: string;
}

/** The Service Authorization Reference page of a service (its actions, resource types and keys). */
export function serviceReferenceUrl(serviceName: string): string {
  const slug = serviceName.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
}

/** A templated key (`/tag-key`, `${TagKey}`) as a matcher of the keys policies write. */
function templateMatcher(name: string): ((lower: string) => boolean) | undefined {
  if (!name.includes('${') && !name.endsWith('/tag-key')) return undefined;
  return compileWildcard(name.replace(/\$\{[^}]*\}/g, '*').replace(/\/tag-key$/, '/*'));
}

export class CatalogDetails {
  private readonly keys = new Map<string, ConditionKeyInfo>();
  private readonly templates: Array<{ matches: (lower: string) => boolean; info: ConditionKeyInfo }> = [];
  readonly globalKeys: ConditionKeyInfo[] = [];

  constructor(
    private readonly catalog: Catalog,
    private readonly file: DetailsFile,
  ) {
    const add = (info: ConditionKeyInfo) => {
      const lower = info.name.toLowerCase();
      if (this.keys.has(lower)) return;
      this.keys.set(lower, info);
      const matches = templateMatcher(info.name);
      if (matches) this.templates.push({ matches, info });
    };
    for (const [name, [type, description]] of Object.entries(file.globalConditionKeys)) {
      const info: ConditionKeyInfo = {
        name,
        type,
        description: description || GLOBAL_CONDITION_KEY_DESCRIPTIONS[name] || '',
        global: true,
        advice: CONDITION_KEY_ADVICE[name],
      };
      this.globalKeys.push(info);
      add(info);
    }
    for (const [prefix, service] of Object.entries(file.services)) {
      for (const [name, [type, description]] of Object.entries(service.k)) {
        add({ name, type, description, global: false, service: prefix, advice: CONDITION_KEY_ADVICE[name] });
      }
    }
  }

  action(action: CatalogAction): ActionDetails | undefined {
    const service = this.catalog.service(action.service);
    const entry = service && this.file.services[service.prefix]?.a[action.index - service.first];
    if (!entry) return undefined;
    const [description, resourceTypes, conditionKeys] = entry;
    return {
      description,
      resourceTypes: resourceTypes.map((r) => (r.endsWith('*') ? { name: r.slice(0, -1), required: true } : { name: r, required: false })),
      conditionKeys,
    };
  }

  /** The condition keys a service defines (including its own aws:RequestTag/... entries). */
  serviceKeys(prefix: string): ConditionKeyInfo[] {
    const service = ownEntry(this.file.services, prefix.toLowerCase());
    if (!service) return [];
    return Object.entries(service.k).map(([name, [type, description]]) => ({
      name,
      type,
      description,
      global: false,
      service: prefix.toLowerCase(),
      advice: CONDITION_KEY_ADVICE[name],
    }));
  }

  /** The key a policy writes (`aws:PrincipalTag/team`, `S3:prefix`), matched case-insensitively. */
  conditionKey(written: string): ConditionKeyInfo | undefined {
    const lower = written.toLowerCase();
    const exact = this.keys.get(lower);
    if (exact) return exact;
    return this.templates.find((t) => t.matches(lower))?.info;
  }
}

const loaded = new WeakMap<Catalog, CatalogDetails>();

/** The details of `catalog`, read from its details file on first use (tens of milliseconds, once). */
export function catalogDetails(catalog: Catalog): CatalogDetails | undefined {
  let details = loaded.get(catalog);
  if (details) return details;
  if (!catalog.detailsPath) return undefined;
  try {
    details = new CatalogDetails(catalog, JSON.parse(readFileSync(catalog.detailsPath, 'utf8')) as DetailsFile);
  } catch {
    return undefined;
  }
  loaded.set(catalog, details);
  return details;
}
