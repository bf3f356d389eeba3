import { dirname, relative, sep } from 'node:path';
import { PolicyDocument } from '../engine/model';
import { parsePolicy } from '../engine/parse';
import { PrincipalScope } from '../engine/principalScope';
import { readTextFile } from '../util/textFile';
import { ConfigPrincipal, ProjectConfig } from './projectConfig';

/**
 * The principal scopes of standalone policy files: the `.iamlp.json` "principals" a file is listed
 * in, each with its other files read and analysed. The CLI and the language server build the scope
 * of every file they analyse this way; infrastructure-code front ends build PrincipalScope
 * themselves (engine/principalScope.ts).
 */

/** Reads and analyses a policy file by absolute path; undefined when it cannot be read. */
export type PolicyReader = (absolutePath: string) => PolicyDocument | undefined;

/** The principals of the configuration that list the file. */
export function principalsOf(config: ProjectConfig | undefined, absolutePath: string): ConfigPrincipal[] {
  if (!config || config.unusable) return [];
  return config.principals.filter((p) => p.paths.includes(absolutePath));
}

/** Every file the principals of `absolutePath` share with it (itself excluded). */
export function peerFiles(config: ProjectConfig | undefined, absolutePath: string): string[] {
  return [...new Set(principalsOf(config, absolutePath).flatMap((p) => p.paths))].filter((p) => p !== absolutePath);
}

/** The scopes of one file; peers that cannot be read are left out and reported through `onUnreadable`. */
export function principalScopes(
  config: ProjectConfig | undefined,
  absolutePath: string,
  read: PolicyReader,
  onUnreadable: (absolutePath: string) => void = () => {},
): PrincipalScope[] {
  const folder = config ? dirname(config.path) : '';
  return principalsOf(config, absolutePath).map((principal) => ({
    name: principal.name,
    others: principal.paths
      .filter((p) => p !== absolutePath)
      .flatMap((path) => {
        const document = read(path);
        if (!document) {
          onUnreadable(path);
          return [];
        }
        return [{ source: relative(folder, path).split(sep).join('/'), document }];
      }),
  }));
}

/** A reader of files on disk, each read and parsed once (a CLI run, or one analysis). */
export function diskPolicyReader(): PolicyReader {
  const cache = new Map<string, PolicyDocument | null>();
  return (path) => {
    let document = cache.get(path);
    if (document === undefined) {
      try {
        document = parsePolicy(readTextFile(path), { language: path.toLowerCase().endsWith('.jsonc') ? 'jsonc' : 'json' });
      } catch {
        document = null;
      }
      cache.set(path, document);
    }
    return document ?? undefined;
  };
}
