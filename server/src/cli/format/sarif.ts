import { PRODUCT_URL, PRODUCT_VERSION, ruleDocsUrl } from '../../engine/docs';
import { Severity } from '../../engine/rule';
import { allRules } from '../../rules';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprints } from './fingerprint';
import { FileReport } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** GitHub code scanning ranks security alerts by this score (0-10). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };

export interface SarifOptions {
  /** Where the paths of the reports are relative to: the working folder. */
  cwd: string;
  /** The folder artifact URIs are relative to (`--sarif-root`): the repository root code scanning maps them onto. */
  root: string;
}

/**
 * A file's artifact location: relative to the root (with uriBaseId %SRCROOT%) when it lies inside
 * it, however it was named on the command line; otherwise an absolute file: URI, without a base.
 */
export function artifactLocation(file: string, options: SarifOptions): { uri: string; uriBaseId?: string } {
  const absolute = resolve(options.cwd, file);
  const inRoot = relative(options.root, absolute);
  if (inRoot === '' || inRoot.startsWith('..') || isAbsolute(inRoot)) return { uri: pathToFileURL(absolute).href };
  return {
    uri: inRoot
      .split(sep)
      .map((part) => encodeURIComponent(part))
      .join('/'),
    uriBaseId: '%SRCROOT%',
  };
}

/** SARIF 2.1.0 as GitHub code scanning accepts it: one run, every rule described, 1-based regions. */
export function formatSarif(reports: FileReport[], options: SarifOptions): string {
  const rules = allRules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.id
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.description },
    helpUri: ruleDocsUrl(rule.meta.id),
    help: {
      text: `${rule.meta.description} See ${ruleDocsUrl(rule.meta.id)}`,
      markdown: `${rule.meta.description} [Rule documentation](${ruleDocsUrl(rule.meta.id)})`,
    },
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: {
      tags: rule.meta.category === 'security' ? ['security', 'iam'] : ['iam', rule.meta.category],
      ...(rule.meta.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[rule.meta.severity] } : {}),
    },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = reports.flatMap((report) => {
    const location = artifactLocation(report.file, options);
    // Relative to the root where it can be: a checkout elsewhere gives the same fingerprints.
    const prints = fingerprints(location.uriBaseId ? location.uri : report.file, report.findings, report.document);
    return report.findings.map((f, i) => ({
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
          ...(report.policy
            ? { logicalLocations: [{ name: report.resource ?? report.policy, fullyQualifiedName: report.policy, kind: 'resource' }] }
            : {}),
        },
      ],
      partialFingerprints: { 'iamlpFindingHash/v1': prints[i] },
      ...(f.actions || report.policy
        ? { properties: { ...(f.actions ? { actions: f.actions } : {}), ...(report.policy ? { policy: report.policy } : {}) } }
        : {}),
    }));
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iamlp', informationUri: PRODUCT_URL, version: PRODUCT_VERSION, semanticVersion: PRODUCT_VERSION, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.root + sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
