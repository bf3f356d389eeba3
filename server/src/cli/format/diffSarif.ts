import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sep } from 'node:path';
import { Catalog } from '../../catalog/catalog';
import { principalText } from '../../engine/accessPrincipals';
import { PRODUCT_URL, PRODUCT_VERSION, ruleDocsUrl } from '../../engine/docs';
import { LineIndex } from '../../engine/lineIndex';
import { Severity } from '../../engine/rule';
import { allRules } from '../../rules';
import { FileChange, shortList } from './diffModel';
import { SarifOptions, artifactLocation } from './sarif';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const DIFF_RULES = [
  { id: 'new-access', description: 'The change allows requests the base did not: new actions, resources, or looser conditions.' },
  { id: 'new-principal', description: 'The change lets a principal in that the base did not.' },
];

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/**
 * `iamlp diff --format sarif`: new access and new principals as results on the HEAD statement that
 * grants them, and the findings the change adds, for code scanning on a pull request.
 */
export function formatDiffSarif(catalog: Catalog, changes: readonly FileChange[], options: SarifOptions): string {
  const usedRules = new Set(changes.flatMap((c) => c.change.findingsAdded.map((f) => f.rule)));
  const rules = [
    ...DIFF_RULES.map((r) => ({
      id: r.id,
      shortDescription: { text: r.description },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['security', 'iam'] },
    })),
    ...allRules
      .filter((r) => usedRules.has(r.meta.id))
      .map((r) => ({
        id: r.meta.id,
        shortDescription: { text: r.meta.description },
        helpUri: ruleDocsUrl(r.meta.id),
        defaultConfiguration: { level: LEVEL[r.meta.severity] },
      })),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  for (const { file, change } of changes) {
    const location = artifactLocation(file, options);
    const lines = new LineIndex(change.document.text);
    const at = (offset: number, length: number, ruleId: string, level: string, text: string, identity: string[]) => {
      const range = lines.rangeOf(offset, length);
      results.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId),
        level,
        message: { text },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: {
                startLine: range.start.line + 1,
                startColumn: range.start.character + 1,
                endLine: range.end.line + 1,
                endColumn: range.end.character + 1,
              },
            },
          },
        ],
        partialFingerprints: { 'iamlpDiffHash/v1': fingerprint([ruleId, location.uri, change.policy ?? '', ...identity]) },
      });
    };
    for (const reason of change.delta.reasons) {
      const names = catalog.names(reason.actions);
      const writes = reason.actions.clone().retainAll(catalog.iamWrite);
      const node = reason.statement.node;
      const sid = reason.statement.sid?.value ?? `#${reason.statement.index + 1}`;
      at(
        node.offset,
        1,
        'new-access',
        writes.isEmpty() ? 'warning' : 'error',
        names.length > 0 ? `Newly allows ${shortList(names, 5)}: ${reason.why}.` : `New access: ${reason.why}.`,
        [sid, reason.why, names.join(',')],
      );
    }
    for (const p of change.delta.principalsAdded) {
      const statement = change.document.statements.find(
        (s) => s.principal?.entries.some((e) => e.value === p.value) || s.principal?.wildcard || s.notPrincipal,
      );
      const node = statement?.principal?.node ?? statement?.notPrincipal?.node ?? change.document.root;
      at(node?.offset ?? 0, node ? 1 : 0, 'new-principal', 'error', `Newly lets in ${principalText(p)}.`, [p.type, p.value]);
    }
    for (const f of change.findingsAdded) at(f.offset, f.length, f.rule, LEVEL[f.severity], f.message, [f.message]);
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'iamlp diff', informationUri: PRODUCT_URL, version: PRODUCT_VERSION, semanticVersion: PRODUCT_VERSION, rules },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.root + sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
