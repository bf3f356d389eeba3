import { Catalog, sharedCatalog } from '../catalog/catalog';
import { isUnconditional } from '../engine/conditions';
import { classifyDocument } from '../engine/kind';
import { MAX_DOCUMENT_LENGTH } from '../engine/limits';
import { statementActions } from '../engine/statementActions';
import { describeCounts, levelCounts, plural } from './actionSummary';
import { PolicyDocument } from '../engine/model';
import { parsedPolicy, templateDocuments } from './parseCache';

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
  /** The document's file name, which tells a template (one lens per statement of each policy) from a policy file. */
  fileName?: string;
}

/**
 * "grants 34 actions: 0 write, 34 read/list", "denies 113 IAM writes": per statement, from the
 * engine's statementActions (memoised per statement) and bitset counts, so cheap on any size.
 */
export function statementLenses(text: string, options: CodeLensOptions = {}): StatementLens[] {
  if (text.length > MAX_DOCUMENT_LENGTH) return [];
  const catalog = options.catalog ?? sharedCatalog();
  const embedded = templateDocuments(text, options.fileName);
  if (embedded) return embedded.flatMap(({ doc }) => documentLenses(catalog, doc));
  const doc = parsedPolicy(text, options.language);
  if (classifyDocument(catalog, doc, options.forcePolicy) === 'none') return [];
  return documentLenses(catalog, doc);
}

function documentLenses(catalog: Catalog, doc: PolicyDocument): StatementLens[] {
  const lenses: StatementLens[] = [];
  const iamWriteTotal = catalog.iamWrite.count();
  for (const statement of doc.statements) {
    const reached = statementActions(catalog, statement);
    const effect = statement.effect?.value;
    if (!reached || (effect !== 'Allow' && effect !== 'Deny')) continue;
    const counts = levelCounts(catalog, reached.set);
    const iamWrites = reached.set.clone().retainAll(catalog.iamWrite).count();
    const via = reached.viaNotAction ? ' (via NotAction)' : '';
    let title: string;
    if (effect === 'Deny' && iamWrites > 0 && iamWrites === counts.total) {
      title = `denies ${plural(iamWrites, 'IAM write')}${iamWrites === iamWriteTotal ? ' (all)' : ` of ${iamWriteTotal}`}${via}`;
    } else {
      title = `${effect === 'Allow' ? 'grants' : 'denies'} ${describeCounts(counts)}${via}`;
      if (iamWrites > 0) title += `, ${iamWrites === iamWriteTotal ? 'all ' : ''}${plural(iamWrites, 'IAM write')}`;
    }
    if (!isUnconditional(statement)) title += ' — when its Condition holds';
    lenses.push({ statementIndex: statement.index, offset: statement.node.offset, title, actionCount: counts.total });
  }
  return lenses;
}
