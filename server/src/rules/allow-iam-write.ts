import { matchItem } from '../engine/actionItems';
import { getNodeValue } from 'jsonc-parser';
import { compactPatterns } from '../catalog/compact';
import { hasWildcard } from '../catalog/wildcard';
import { isUnconditional } from '../engine/conditions';
import {
  appendArrayItems,
  applyFixEdits,
  diffEdit,
  insertStatement,
  removeChildren,
  replaceNode,
  replaceValue,
  statementValue,
  uniqueSid,
} from '../engine/edits';
import { StatementModel } from '../engine/model';
import { parsePolicy, propertyOf } from '../engine/parse';
import { ScopedDenies, scopedIamWriteDenies } from '../engine/iamWriteDenies';
import { describeSources } from '../engine/principalScope';
import { onResources } from '../engine/resourceTypes';
import { Fix, FixContext, FixEdit, Rule } from '../engine/rule';
import { actionList, statementActions } from '../engine/statementActions';
import { findingStatement } from './utils/findingStatement';
import { undoneDenyNote } from './utils/undoneDenyNote';
import { plural, previewList } from '../util/messages';

/**
 * An identity policy's Allow that reaches IAM write actions, by name, wildcard, `*` or NotAction,
 * on a Resource that can name what they act on (`*` on an S3 bucket grants no IAM write; on
 * `role/app-*` only the writes that act on roles). Trust and resource policies are left out: their
 * actions act on the role or the resource itself, so an `Action: "*"` there grants no IAM write.
 */
export const allowIamWrite: Rule = {
  meta: {
    id: 'allow-iam-write',
    severity: 'error',
    category: 'security',
    description: 'An Allow statement grants IAM write actions (access level Write, Permissions management or Tagging).',
    appliesTo: ['identity'],
    judgesAwsManaged: true,
  },
  check({ doc, catalog, principals, report }) {
    const writes = catalog.iamWrite;
    // An unconditional Deny in the same policy beats the Allow whatever else is attached, so the
    // writes it covers are not granted in effect: such an Allow is misleading, not dangerous. So
    // does one in another policy declared as attached to the same principal. Read only for a
    // policy that grants an IAM write: most grant none.
    let scoped: ScopedDenies | undefined;
    for (const statement of doc.statements) {
      if (statement.effect?.value !== 'Allow') continue;
      const reached = statementActions(catalog, statement);
      const list = actionList(statement);
      if (!reached || !list || !reached.reachesAny(writes)) continue;
      // Only the writes whose resource types its Resource can name: `*` on a bucket grants none.
      const granted = onResources(catalog, statement, reached.within(writes));
      if (granted.isEmpty()) continue;
      scoped ??= scopedIamWriteDenies(catalog, doc, principals);
      const { denied: deniedHere, by } = scoped;
      const whose =
        by.length > 0 ? `the unconditional Deny of ${describeSources(by)} (same principal)` : "this policy's own unconditional Deny";
      const names = catalog.names(granted);
      let how: string;
      // Where the finding points: the items of an Action list that grant the writes (from the first
      // to the last of them), not the whole list; NotAction's whole value, which grants by omission.
      let span = { offset: list.node.offset, length: list.node.length };
      if (reached.viaNotAction) {
        how = 'through NotAction (an Allow with NotAction grants every action it does not list)';
      } else {
        const granting = list.items.filter((item) => {
          const match = matchItem(catalog, item);
          // What the statement grants in effect: not an entry its Condition never lets through.
          return match.kind === 'matched' && match.set.intersects(granted);
        });
        how = `through ${previewList(
          granting.map((item) => `"${item.value}"`),
          2,
        )}`;
        if (granting.length > 0) {
          const first = granting[0].node;
          const last = granting[granting.length - 1].node;
          span = { offset: first.offset, length: last.offset + last.length - first.offset };
        }
      }
      const conditional = !isUnconditional(statement);
      const resourceNote = statement.resource?.items.some((r) => r.value === '*') ? '' : ' on the listed resources';
      const effective = granted.clone().removeAll(deniedHere);
      const overridden = effective.isEmpty();
      // AWS conditions the IAM writes of its managed policies to what the policy is for (iam:PassRole
      // to one service, iam:CreateServiceLinkedRole for one service's role): hundreds of them do. On
      // such a policy attached as it is, the grant is shown as info; what it can still lead to is
      // privilege-escalation's to say, which reads the Condition. A person's Condition is often
      // weaker than it looks, so in a policy the user writes it changes nothing.
      const awsConditioned = conditional && doc.awsManaged !== undefined;
      let note = awsConditioned
        ? ' The grant is conditional, as AWS wrote it: privilege-escalation says what such a grant can lead to.'
        : conditional
          ? ' The grant is conditional, but a Condition does not make an IAM write safe.'
          : '';
      if (overridden) {
        note = ` ${whose[0].toUpperCase()}${whose.slice(1)} overrides every one of them: drop them from the Allow so it says what it grants.`;
      } else if (effective.count() < names.length) {
        note += ` ${plural(names.length - effective.count(), 'of them is', 'of them are')} denied by ${by.length > 0 ? whose : "this policy's own Deny"}; ${effective.count()} ${effective.count() === 1 ? 'is' : 'are'} not.`;
      }
      note += undoneDenyNote(scoped, granted);
      report({
        offset: span.offset,
        length: span.length,
        severity: overridden || awsConditioned ? 'info' : undefined,
        message: `Allows ${plural(names.length, 'IAM write action')}${resourceNote} ${how}: ${previewList(names)}.${note}`,
        actions: names,
        data: { statement: statement.index, viaNotAction: reached.viaNotAction, conditional, overridden },
      });
    }
  },
  fixes(finding, context) {
    const statement = findingStatement(finding, context.doc);
    if (!statement || statement.incomplete) return [];
    return statement.notAction && !statement.action ? notActionFixes(statement, context) : actionFixes(statement, context);
  },
};

/** The Sid of the statement the "move for review" fix creates. */
export const REVIEW_SID = 'ReviewIamWrite';

/** Allow + NotAction: list the granted IAM writes in NotAction too. */
function notActionFixes(statement: StatementModel, { text, catalog, format }: FixContext): Fix[] {
  const list = statement.notAction!;
  const granted = statementActions(catalog, statement)?.within(catalog.iamWrite);
  if (!granted || granted.isEmpty()) return [];
  const patterns = compactPatterns(catalog, granted, catalog.iamWrite);
  const edit =
    list.node.type === 'array'
      ? appendArrayItems(text, list.node, patterns, format)
      : replaceValue(text, list.node, [...list.items.map((i) => i.value), ...patterns], format);
  return [{ title: 'Exclude every IAM write action in NotAction', kind: 'quickfix', edits: [edit], isPreferred: true }];
}

interface Plan {
  /** The Action list after the fix, in order. */
  values: string[];
  /** Whether any item was rewritten rather than only removed. */
  rewritten: boolean;
  /** Items removed as they are. */
  removed: Set<number>;
  /** Write patterns the removed or rewritten items granted, for a statement under review. */
  moved: string[];
  /** An item matches every action (`*`): no Action list can keep the rest. */
  everything: boolean;
  /** An item spans several services and is not `*`: no fix is offered. */
  unsupported: boolean;
}

function plan(statement: StatementModel, { catalog }: FixContext): Plan {
  const writes = catalog.iamWrite;
  const result: Plan = { values: [], rewritten: false, removed: new Set(), moved: [], everything: false, unsupported: false };
  const moved = catalog.emptySet();
  statement.action!.items.forEach((item, i) => {
    const match = matchItem(catalog, item);
    if (match.kind !== 'matched' || !match.set.intersects(writes)) {
      result.values.push(item.value);
      return;
    }
    if (writes.containsAll(match.set)) {
      result.removed.add(i);
      moved.addAll(match.set);
      return;
    }
    if (match.count === catalog.size) {
      result.everything = true;
      return;
    }
    if (hasWildcard(item.value.split(':')[0])) {
      result.unsupported = true;
      return;
    }
    // An IAM pattern reaching reads and writes (iam:*, iam:*User): its read/list part, in patterns
    // that match nothing the original did not.
    const reads = match.set.clone().removeAll(writes);
    const granted = match.set.clone().retainAll(writes);
    result.values.push(...compactPatterns(catalog, reads, reads));
    moved.addAll(granted);
    result.rewritten = true;
  });
  result.values = [...new Set(result.values)];
  result.moved = moved.isEmpty() ? [] : compactPatterns(catalog, moved, moved);
  return result;
}

/** Edits that take the IAM writes out of the statement's Action list, or undefined when nothing would remain. */
function removalEdits(statement: StatementModel, p: Plan, { text, format }: FixContext): FixEdit[] | undefined {
  const list = statement.action!;
  if (p.values.length === 0) return undefined;
  if (!p.rewritten && list.node.type === 'array') {
    return removeChildren(
      list.node,
      list.items.filter((_, i) => p.removed.has(i)).map((i) => i.node),
    );
  }
  const value = p.values.length === 1 && list.node.type === 'string' ? p.values[0] : p.values;
  return [replaceValue(text, list.node, value, format)];
}

function actionFixes(statement: StatementModel, context: FixContext): Fix[] {
  const { text, doc, catalog, format } = context;
  const p = plan(statement, context);
  const fixes: Fix[] = [];
  if (p.everything) {
    const list = statement.action!;
    const key = list.property.children?.[0];
    if (!key) return [];
    const writes = compactPatterns(catalog, catalog.iamWrite, catalog.iamWrite);
    const reads = catalog.levelSet('iam', ['Read', 'List']);
    fixes.push({
      title: 'Allow every action except IAM writes (Action "*" → NotAction of the IAM writes)',
      kind: 'quickfix',
      edits: [replaceNode(key, '"NotAction"'), replaceValue(text, list.node, writes, format)],
    });
    fixes.push({
      title: 'Replace the grant with read-only IAM actions (drops every other service)',
      kind: 'quickfix',
      edits: [replaceValue(text, list.node, compactPatterns(catalog, reads, reads), format)],
    });
    return fixes;
  }
  if (p.unsupported) return [];
  const removal = removalEdits(statement, p, context);
  if (!removal) {
    // Every item is an IAM write: the statement as a whole goes, when others remain.
    const array = statementValue(doc);
    if (array?.type === 'array' && (array.children ?? []).length > 1) {
      fixes.push({
        title: 'Remove this statement (it grants only IAM write actions)',
        kind: 'quickfix',
        edits: removeChildren(array, [statement.node]),
        isPreferred: true,
      });
    }
    return fixes;
  }
  fixes.push({
    title: p.rewritten ? 'Remove the IAM write actions (keep read-only IAM access)' : 'Remove the IAM write actions from this statement',
    kind: 'quickfix',
    edits: removal,
    isPreferred: true,
  });
  // The same, with the writes kept in a statement of their own for the user to scope or drop.
  const narrowed = applyFixEdits(text, removal);
  const review: Record<string, unknown> = { Sid: uniqueSid(doc, REVIEW_SID), Effect: 'Allow', Action: p.moved };
  // The scope IAM applies: of duplicated keys the last, as propertyOf reads them.
  for (const key of ['Resource', 'NotResource', 'Condition'] as const) {
    const node = propertyOf(statement.node, key)?.children?.[1];
    if (node) review[key] = getNodeValue(node);
  }
  const insertion = insertStatement(narrowed, parsePolicy(narrowed, { language: 'jsonc' }), format, review);
  const combined = insertion ? diffEdit(text, applyFixEdits(narrowed, [insertion])) : undefined;
  if (combined) {
    fixes.push({
      title: `Move the IAM write actions to a separate statement "${review.Sid as string}" for review`,
      kind: 'quickfix',
      edits: [combined],
    });
  }
  return fixes;
}
