import { Catalog, sharedCatalog } from '../catalog/catalog';
import { isUnconditional } from '../engine/conditions';
import { pathsByStatement } from '../engine/escalation';
import { PrincipalScope } from '../engine/principalScope';
import { classifyDocument } from '../engine/kind';
import { MAX_DOCUMENT_LENGTH } from '../engine/limits';
import { statementActions } from '../engine/statementActions';
import { describeCounts, levelCounts, plural } from './actionSummary';
import { PolicyDocument, StatementModel } from '../engine/model';
import { onResources } from '../engine/resourceTypes';
import { parsedPolicy, templateDocuments } from './parseCache';
import { withThousands } from '../util/messages';

/** One lens: a statement's reach in a sentence, shown above the statement. */
export interface StatementLens {
  statementIndex: number;
  /** Offset of the statement's opening brace. */
  offset: number;
  title: string;
  /** How many catalog actions the statement applies to. */
  actionCount: number;
}

export interface CodeLensOptions {
  language?: 'json' | 'jsonc';
  catalog?: Catalog;
  /** A policyFiles glob matches the document: a policy whatever its content. */
  forcePolicy?: boolean;
  /** The principals the document is attached to, with their other policies: escalation paths are counted over them. */
  principals?: readonly PrincipalScope[];
  /** The document's file name, which tells a template (one lens per statement of each policy) from a policy file. */
  fileName?: string;
}

/**
 * The most lenses a file gets. Each is a zone of the editor's view that an edit moves: in VS Code
 * (1.100, served by code-server) a fix-all of a template took 2.7 s to apply with 1,000 lenses,
 * 14 s with 2,000 and 50 s with 3,400, during which the editor did nothing else; without lenses,
 * 1.4 s. Past this, one lens at the first statement says why there are no others.
 */
export const MAX_STATEMENT_LENSES = 1000;

/**
 * "grants 34 actions: 0 write, 34 read/list", "denies 113 IAM writes": per statement, from the
 * engine's statementActions (memoised per statement) and bitset counts, so cheap on any size.
 */
export function statementLenses(text: string, options: CodeLensOptions = {}): StatementLens[] {
  if (text.length > MAX_DOCUMENT_LENGTH) return [];
  const catalog = options.catalog ?? sharedCatalog();
  const documents = lensDocuments(catalog, text, options);
  // Counted before any lens is worked out: past the cap none is shown.
  const lensed = documents.flatMap(({ doc }) => doc.statements.filter(getsLens));
  if (lensed.length > MAX_STATEMENT_LENSES) {
    return [
      {
        statementIndex: lensed[0].index,
        offset: lensed[0].node.offset,
        title: `no statement lenses in this file: its ${withThousands(lensed.length)} statements are more than the editor shows lenses for without slowing down (${withThousands(MAX_STATEMENT_LENSES)})`,
        actionCount: 0,
      },
    ];
  }
  // Escalation paths are an identity policy's matter, as for the privilege-escalation rule.
  return documents.flatMap(({ doc, identity, principals }) =>
    documentLenses(catalog, doc, identity ? pathsByStatement(catalog, doc, principals) : new Map()),
  );
}

/** A statement with an Allow or Deny and exactly one of Action and NotAction: what statementActions reads. */
function getsLens(statement: StatementModel): boolean {
  const effect = statement.effect?.value;
  return (effect === 'Allow' || effect === 'Deny') && !statement.action !== !statement.notAction;
}

/** The policies of the file that get lenses, and what their escalation paths are judged with. */
function lensDocuments(
  catalog: Catalog,
  text: string,
  options: CodeLensOptions,
): Array<{ doc: PolicyDocument; identity: boolean; principals?: readonly PrincipalScope[] }> {
  const embedded = templateDocuments(text, options.fileName);
  // Judged alone here: a template's principal scope is its front end's to build (see engine/principalScope.ts).
  if (embedded) return embedded.map(({ doc, kind }) => ({ doc, identity: kind === 'identity' }));
  const doc = parsedPolicy(text, options.language);
  const kind = classifyDocument(catalog, doc, options.forcePolicy);
  return kind === 'none' ? [] : [{ doc, identity: kind === 'identity', principals: options.principals }];
}

function documentLenses(catalog: Catalog, doc: PolicyDocument, paths: Map<number, Set<string>> = new Map()): StatementLens[] {
  const lenses: StatementLens[] = [];
  const iamWriteTotal = catalog.iamWrite.count();
  for (const statement of doc.statements) {
    const reached = statementActions(catalog, statement);
    const effect = statement.effect?.value;
    if (!reached || (effect !== 'Allow' && effect !== 'Deny')) continue;
    const counts = levelCounts(catalog, reached.set);
    // Those its Resource can name, as allow-iam-write counts them: `*` on a bucket grants none.
    const iamWrites = onResources(catalog, statement, reached.within(catalog.iamWrite)).count();
    const via = reached.viaNotAction ? ' (via NotAction)' : '';
    let title: string;
    if (effect === 'Deny' && iamWrites > 0 && iamWrites === counts.total) {
      title = `denies ${plural(iamWrites, 'IAM write')}${iamWrites === iamWriteTotal ? ' (all)' : ` of ${iamWriteTotal}`}${via}`;
    } else {
      title = `${effect === 'Allow' ? 'grants' : 'denies'} ${describeCounts(counts)}${via}`;
      if (iamWrites > 0) title += `, ${iamWrites === iamWriteTotal ? 'all ' : ''}${plural(iamWrites, 'IAM write')}`;
    }
    const completed = paths.get(statement.index)?.size ?? 0;
    if (completed > 0) title += `; completes ${plural(completed, 'privilege escalation path')}`;
    if (!isUnconditional(statement)) title += ' — when its Condition holds';
    lenses.push({ statementIndex: statement.index, offset: statement.node.offset, title, actionCount: counts.total });
  }
  return lenses;
}
