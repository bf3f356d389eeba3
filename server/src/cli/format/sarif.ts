import { PRODUCT_URL, PRODUCT_VERSION, ruleDocsUrl } from '../../engine/docs';
import { Severity } from '../../engine/rule';
import { allRules } from '../../rules';
import { FileReport } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** GitHub code scanning ranks security alerts by this score (0-10). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };

function artifactUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((part) => encodeURIComponent(part))
    .join('/')
    .replace(/^\.\//, '');
}

/** SARIF 2.1.0 as GitHub code scanning accepts it: one run, every rule described, 1-based regions. */
export function formatSarif(reports: FileReport[]): string {
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
  const results = reports.flatMap((report) =>
    report.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(report.file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
      ...(f.actions ? { properties: { actions: f.actions } } : {}),
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iamlp', informationUri: PRODUCT_URL, version: PRODUCT_VERSION, semanticVersion: PRODUCT_VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
