import { ActionSet } from '../catalog/actionSet';
import { Catalog } from '../catalog/catalog';
import { compactPatterns } from '../catalog/compact';
import { isUnconditional } from '../engine/conditions';
import { appendArrayItems, insertStatement, replaceValue, uniqueSid } from '../engine/edits';
import { StatementModel } from '../engine/model';
import { Fix, FixContext, FixEdit, Rule } from '../engine/rule';
import { statementActions } from '../engine/statementActions';
import { onResources } from '../engine/resourceTypes';
import { deniedIamWrites, scopedIamWriteDenies } from '../engine/iamWriteDenies';
import { isUnconditionalDeny } from '../engine/unconditionalDenies';
import { plural, previewList } from '../util/messages';
import { statementName } from './utils/statementName';
import { undoneDenyNote } from './utils/undoneDenyNote';

/**
 * An identity policy that grants IAM actions must also deny every IAM write explicitly, so that no
 * other policy attached to the same principal can add one. Conditional or resource-scoped Denies
 * do not count: they leave some requests undenied.
 */
export const missingIamWriteDeny: Rule = {
  meta: {
    id: 'missing-iam-write-deny',
    severity: 'warning',
    category: 'security',
    description: 'A policy that grants IAM actions lacks an unconditional Deny covering every IAM write action.',
    appliesTo: ['identity'],
  },
  check({ doc, catalog, principals, report }) {
    // An IAM action on a Resource that can name what it acts on: `"Action": "*"` on a bucket grants none.
    const grantsIam = doc.statements.some((s) => {
      const reached = s.effect?.value === 'Allow' ? statementActions(catalog, s) : undefined;
      return reached?.reachesAny(catalog.iamAll) === true && !onResources(catalog, s, reached.within(catalog.iamAll)).isEmpty();
    });
    if (!grantsIam) return;
    // Denies in the other policies of the principal (declared in .iamlp.json) cap it just as well.
    const scoped = scopedIamWriteDenies(catalog, doc, principals);
    const uncovered = catalog.iamWrite.clone().removeAll(scoped.denied);
    if (uncovered.isEmpty()) return;
    const denies = doc.statements.filter((s) => isUnconditionalDeny(s) && statementActions(catalog, s)).map((s) => s.index);
    const names = catalog.names(uncovered);
    const all = names.length === catalog.iamWrite.count();
    let message = all
      ? `This policy grants IAM actions but no unconditional Deny covers the ${plural(names.length, 'IAM write action')} ` +
        `(${previewList(names)}). Add a Deny of every IAM write with "Resource": "*" and no Condition, so no other policy can grant one.`
      : `The unconditional Deny statements leave ${plural(names.length, 'IAM write action')} uncovered: ${previewList(names)}.`;
    message += notCountedNote(catalog, doc.statements, uncovered);
    message += undoneDenyNote(scoped, uncovered);
    report({
      node: doc.statementProperty?.children?.[0] ?? doc.root,
      message,
      actions: names,
      data: { denyStatements: denies },
    });
  },
  fixes(finding, context) {
    const fix = denyFix(finding.data?.denyStatements, context);
    return fix ? [fix] : [];
  },
};

/** How many Deny statements that do not count the message names. */
const NAMED_DENIES = 2;

/**
 * Why the policy's own Denies of some uncovered writes do not count: a Deny scoped to some
 * resources, to all but some, or under a Condition leaves the other requests to any Allow.
 */
function notCountedNote(catalog: Catalog, statements: readonly StatementModel[], uncovered: ActionSet): string {
  const reasons: string[] = [];
  let more = 0;
  for (const statement of statements) {
    if (statement.effect?.value !== 'Deny' || isUnconditionalDeny(statement)) continue;
    if (!statementActions(catalog, statement)?.reachesAny(uncovered)) continue;
    if (reasons.length === NAMED_DENIES) {
      more++;
      continue;
    }
    const resources = statement.resource?.items.map((item) => item.value) ?? [];
    const why = !isUnconditional(statement)
      ? 'only when its Condition holds'
      : statement.notResource
        ? 'on every resource but those its NotResource lists'
        : `only on ${previewList(resources, 1)}`;
    reasons.push(`${statementName(statement)} denies IAM writes ${why}`);
  }
  if (reasons.length === 0) return '';
  const others = more > 0 ? ` (and ${plural(more, 'more Deny', 'more Denies')})` : '';
  const list = reasons.join(' and ');
  return ` ${list[0].toUpperCase()}${list.slice(1)}${others}: a Deny counts here only with "Resource": "*", no NotResource and no Condition.`;
}

/** The Sid of the statement the fix adds. */
export const DENY_IAM_WRITE_SID = 'DenyIamWrite';

/**
 * Extends an unconditional Deny that lists actions (preferring one with Sid DenyIamWrite) with
 * patterns for exactly the IAM writes still uncovered, or adds a DenyIamWrite statement. The
 * patterns are verified against the catalog to match IAM writes only.
 */
function denyFix(denyIndexes: unknown, { text, doc, catalog, format }: FixContext): Fix | undefined {
  const uncovered = catalog.iamWrite.clone().removeAll(deniedIamWrites(catalog, doc.statements));
  if (uncovered.isEmpty()) return undefined;
  const patterns = compactPatterns(catalog, uncovered, catalog.iamWrite);
  const indexes = Array.isArray(denyIndexes) ? (denyIndexes as number[]) : [];
  const candidates = indexes
    .map((i) => doc.statements[i])
    .filter((s): s is StatementModel => s !== undefined && s.action !== undefined && !s.notAction && !s.incomplete);
  const target =
    candidates.find((s) => s.sid?.value === DENY_IAM_WRITE_SID) ??
    candidates.find((s) => s.action?.items.some((i) => i.value.toLowerCase().startsWith('iam:'))) ??
    candidates[0];
  const count = uncovered.count();
  if (target?.action) {
    const list = target.action;
    let edit: FixEdit;
    if (list.node.type === 'array') edit = appendArrayItems(text, list.node, patterns, format);
    else edit = replaceValue(text, list.node, [...list.items.map((i) => i.value), ...patterns], format);
    const name = target.sid ? `"${target.sid.value}"` : 'the existing Deny';
    return {
      title: `Deny the ${plural(count, 'uncovered IAM write action')} in ${name}`,
      kind: 'quickfix',
      edits: [edit],
      isPreferred: true,
      safe: true,
    };
  }
  const edit = insertStatement(text, doc, format, {
    Sid: uniqueSid(doc, DENY_IAM_WRITE_SID),
    Effect: 'Deny',
    Action: patterns,
    Resource: '*',
  });
  if (!edit) return undefined;
  return {
    title: `Add a "${DENY_IAM_WRITE_SID}" statement denying every IAM write action (${patterns.length} patterns)`,
    kind: 'quickfix',
    edits: [edit],
    isPreferred: true,
    safe: true,
  };
}
